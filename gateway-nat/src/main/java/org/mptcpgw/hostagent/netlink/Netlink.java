package org.mptcpgw.hostagent.netlink;

import java.nio.ByteOrder;

/**
 * Netlink and generic netlink constants, named as in the kernel's UAPI headers ({@code linux/netlink.h},
 * {@code linux/genetlink.h}) so that a reader can grep for them, and the alignment rule both use.
 */
public final class Netlink
{
    /** Byte order of every netlink header and attribute header: the host's (RFC 3549 section 2.3.2). */
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** NETLINK_GENERIC: the generic netlink protocol. */
    public static final int NETLINK_GENERIC = 16;
    /** SOL_NETLINK: socket option level of netlink options. */
    public static final int SOL_NETLINK = 270;
    /** NETLINK_ADD_MEMBERSHIP: join a multicast group by id. */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** NETLINK_DROP_MEMBERSHIP: leave a multicast group by id. */
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    /** NETLINK_CAP_ACK: error messages carry only the header of the failed request, not all of it. */
    public static final int NETLINK_CAP_ACK = 10;
    /** NETLINK_EXT_ACK: error messages carry the kernel's extended-ack attributes (a message text). */
    public static final int NETLINK_EXT_ACK = 11;

    /** NLMSG_NOOP. */
    public static final int NLMSG_NOOP = 1;
    /** NLMSG_ERROR: an error or, with error 0, an acknowledgement. */
    public static final int NLMSG_ERROR = 2;
    /** NLMSG_DONE: end of a multipart message. */
    public static final int NLMSG_DONE = 3;
    /** NLMSG_OVERRUN. */
    public static final int NLMSG_OVERRUN = 4;
    /** NLMSG_MIN_TYPE: the first type a protocol (or a generic netlink family) may use. */
    public static final int NLMSG_MIN_TYPE = 0x10;

    /** NLM_F_REQUEST. */
    public static final int NLM_F_REQUEST = 0x1;
    /** NLM_F_MULTI: part of a multipart message, terminated by NLMSG_DONE. */
    public static final int NLM_F_MULTI = 0x2;
    /** NLM_F_ACK: ask for an acknowledgement. */
    public static final int NLM_F_ACK = 0x4;
    /** NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH). */
    public static final int NLM_F_DUMP = 0x300;
    /** NLM_F_CAPPED (on NLMSG_ERROR): the echoed request is only its header. */
    public static final int NLM_F_CAPPED = 0x100;
    /** NLM_F_ACK_TLVS (on NLMSG_ERROR): extended-ack attributes follow the echoed request. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** NLMSGERR_ATTR_MSG: extended ack, the error text (NUL-terminated string). */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** NLMSGERR_ATTR_OFFS: extended ack, offset of the offending attribute in the request (u32). */
    public static final int NLMSGERR_ATTR_OFFS = 2;

    /** NLA_F_NESTED: the attribute holds attributes. */
    public static final int NLA_F_NESTED = 0x8000;
    /** NLA_F_NET_BYTEORDER: the attribute payload is in network byte order. */
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    /** NLA_TYPE_MASK: the type without the two flag bits. */
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xFFFF;

    /** NLMSG_ALIGNTO and NLA_ALIGNTO: messages and attributes start on 4-byte boundaries. */
    public static final int ALIGNMENT = 4;

    /** GENL_ID_CTRL: the fixed message type of the generic netlink controller. */
    public static final int GENL_ID_CTRL = 0x10;
    /** CTRL_CMD_NEWFAMILY: the controller's reply describing a family. */
    public static final int CTRL_CMD_NEWFAMILY = 1;
    /** CTRL_CMD_GETFAMILY: ask the controller for a family by name. */
    public static final int CTRL_CMD_GETFAMILY = 3;
    /** CTRL_ATTR_FAMILY_ID (u16). */
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    /** CTRL_ATTR_FAMILY_NAME (string). */
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    /** CTRL_ATTR_VERSION (u32). */
    public static final int CTRL_ATTR_VERSION = 3;
    /** CTRL_ATTR_MCAST_GROUPS (nested array of nested groups). */
    public static final int CTRL_ATTR_MCAST_GROUPS = 7;
    /** CTRL_ATTR_MCAST_GRP_NAME (string), inside one group. */
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    /** CTRL_ATTR_MCAST_GRP_ID (u32), inside one group. */
    public static final int CTRL_ATTR_MCAST_GRP_ID = 2;
    /** Version of the controller protocol we speak. */
    public static final int CTRL_VERSION = 2;

    private Netlink()
    {
    }

    /**
     * NLMSG_ALIGN / NLA_ALIGN.
     *
     * @param length a length in bytes.
     * @return the length rounded up to a multiple of {@link #ALIGNMENT}.
     */
    public static int align(final int length)
    {
        return (length + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    }
}

package org.mptcpgw.hostagent.netlink;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages of the generic netlink controller ({@code linux/genetlink.h}): CTRL_CMD_GETFAMILY by name, and its
 * CTRL_CMD_NEWFAMILY answer, which carries the family id and the multicast groups:
 * <pre>
 *   CTRL_ATTR_FAMILY_ID u16, CTRL_ATTR_FAMILY_NAME string, CTRL_ATTR_VERSION u32, ...
 *   CTRL_ATTR_MCAST_GROUPS (nested)
 *     [1] (nested) CTRL_ATTR_MCAST_GRP_NAME string, CTRL_ATTR_MCAST_GRP_ID u32
 *     [2] (nested) ...
 * </pre>
 * Runs once at start-up, so it may allocate.
 */
public final class GenericControlCodec
{
    private GenericControlCodec()
    {
    }

    /**
     * Write a CTRL_CMD_GETFAMILY request for a family name.
     *
     * @param writer     writer to use.
     * @param buffer     destination.
     * @param sequence   nlmsg_seq.
     * @param familyName family to look up.
     * @return length of the request in bytes.
     */
    public static int encodeGetFamily(
        final NetlinkMessageWriter writer,
        final MutableDirectBuffer buffer,
        final int sequence,
        final String familyName)
    {
        writer.wrap(buffer, 0).begin(
            Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST, sequence, Netlink.CTRL_CMD_GETFAMILY, Netlink.CTRL_VERSION);
        writer.putString(Netlink.CTRL_ATTR_FAMILY_NAME, familyName);
        return writer.finish();
    }

    /**
     * Decode a CTRL_CMD_NEWFAMILY message.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of its nlmsghdr.
     * @param length its nlmsg_len, already checked against the datagram.
     * @return the family, or null if the message is not a well-formed answer with a family id and name.
     */
    public static GenericFamily decodeFamily(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET)
        {
            return null;
        }
        final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight().wrap(buffer, offset);
        if (Netlink.GENL_ID_CTRL != header.type() || Netlink.CTRL_CMD_NEWFAMILY != header.command())
        {
            return null;
        }
        final int attributesOffset = NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET;
        final NetlinkAttributeReader attributes =
            new NetlinkAttributeReader().wrap(buffer, offset + attributesOffset, length - attributesOffset);
        int id = -1;
        int version = 0;
        String name = null;
        final Map<String, Integer> groups = new LinkedHashMap<>();
        while (attributes.next())
        {
            switch (attributes.type())
            {
                case Netlink.CTRL_ATTR_FAMILY_ID:
                    id = attributes.valueLength() >= 2 ? attributes.u16() : -1;
                    break;
                case Netlink.CTRL_ATTR_FAMILY_NAME:
                    name = attributes.string();
                    break;
                case Netlink.CTRL_ATTR_VERSION:
                    version = attributes.valueLength() >= 4 ? attributes.u32() : 0;
                    break;
                case Netlink.CTRL_ATTR_MCAST_GROUPS:
                    if (!decodeGroups(attributes, groups))
                    {
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        if (attributes.malformed() || id <= 0 || null == name)
        {
            return null;
        }
        return new GenericFamily(name, id, version, groups);
    }

    private static boolean decodeGroups(final NetlinkAttributeReader outer, final Map<String, Integer> groups)
    {
        final NetlinkAttributeReader entries = new NetlinkAttributeReader().wrapNested(outer);
        final NetlinkAttributeReader fields = new NetlinkAttributeReader();
        while (entries.next())
        {
            fields.wrapNested(entries);
            String groupName = null;
            int groupId = -1;
            while (fields.next())
            {
                if (Netlink.CTRL_ATTR_MCAST_GRP_NAME == fields.type())
                {
                    groupName = fields.string();
                }
                else if (Netlink.CTRL_ATTR_MCAST_GRP_ID == fields.type() && fields.valueLength() >= 4)
                {
                    groupId = fields.u32();
                }
            }
            if (fields.malformed())
            {
                return false;
            }
            if (null != groupName && groupId > 0)
            {
                groups.put(groupName, groupId);
            }
        }
        return !entries.malformed();
    }
}

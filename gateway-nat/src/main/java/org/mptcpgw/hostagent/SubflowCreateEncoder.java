package org.mptcpgw.hostagent;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkMessageWriter;

/**
 * Encodes {@code MPTCP_PM_CMD_SUBFLOW_CREATE}: ask the userspace path manager to open one more subflow on the
 * connection with a given token, from a local address (with a non-zero local id and no port, so the kernel picks an
 * ephemeral source port) to a remote address and port. Layout (verified against kernel 6.18, which echoes it in
 * its answers):
 * <pre>
 *   nlmsghdr type=mptcp_pm id, flags=REQUEST|ACK   genlmsghdr cmd=10 version=1
 *   MPTCP_PM_ATTR_TOKEN u32
 *   MPTCP_PM_ATTR_ADDR (NLA_F_NESTED)
 *     MPTCP_PM_ADDR_ATTR_FAMILY u16, MPTCP_PM_ADDR_ATTR_ADDR4|ADDR6, MPTCP_PM_ADDR_ATTR_ID u8
 *   MPTCP_PM_ATTR_ADDR_REMOTE (NLA_F_NESTED)
 *     MPTCP_PM_ADDR_ATTR_FAMILY u16, MPTCP_PM_ADDR_ATTR_ADDR4|ADDR6, MPTCP_PM_ADDR_ATTR_PORT u16 (HOST order)
 * </pre>
 * The port is the one attribute in host byte order among network-order addresses: the kernel applies htons to it.
 */
public final class SubflowCreateEncoder
{
    /** Upper bound of the request length (IPv6). */
    public static final int MAX_LENGTH = 128;

    private final NetlinkMessageWriter writer = new NetlinkMessageWriter();
    private final int familyId;

    /**
     * @param familyId the mptcp_pm family id.
     */
    public SubflowCreateEncoder(final int familyId)
    {
        this.familyId = familyId;
    }

    /**
     * Write one request at offset 0 of a buffer.
     *
     * @param buffer        destination, at least {@link #MAX_LENGTH} bytes.
     * @param sequence      nlmsg_seq, echoed in the kernel's acknowledgement.
     * @param token         connection token.
     * @param family        AF_INET or AF_INET6.
     * @param localAddress  local address bytes (network order).
     * @param localId       local address id, non-zero.
     * @param remoteAddress remote address bytes (network order).
     * @param remotePort    remote port (host-order number).
     * @return length of the request in bytes.
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final int sequence,
        final int token,
        final int family,
        final byte[] localAddress,
        final int localId,
        final byte[] remoteAddress,
        final int remotePort)
    {
        final boolean ipv4 = MptcpPm.AF_INET == family;
        final int addressAttribute = ipv4 ? MptcpPm.ADDR_ATTR_ADDR4 : MptcpPm.ADDR_ATTR_ADDR6;
        final int addressLength = ipv4 ? 4 : 16;

        writer.wrap(buffer, 0).begin(familyId, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, sequence,
            MptcpPm.CMD_SUBFLOW_CREATE, MptcpPm.VERSION);
        writer.putU32(MptcpPm.PM_ATTR_TOKEN, token);

        final int local = writer.beginNested(MptcpPm.PM_ATTR_ADDR);
        writer.putU16(MptcpPm.ADDR_ATTR_FAMILY, family)
            .putBytes(addressAttribute, localAddress, addressLength)
            .putU8(MptcpPm.ADDR_ATTR_ID, localId)
            .endNested(local);

        final int remote = writer.beginNested(MptcpPm.PM_ATTR_ADDR_REMOTE);
        writer.putU16(MptcpPm.ADDR_ATTR_FAMILY, family)
            .putBytes(addressAttribute, remoteAddress, addressLength)
            .putU16(MptcpPm.ADDR_ATTR_PORT, remotePort)
            .endNested(remote);
        return writer.finish();
    }
}

package org.mptcpgw.hostagent;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkMessageWriter;

/**
 * Encodes the agent's requests to the userspace path manager. Layouts (verified against kernel 6.18, which echoes
 * them in its answers):
 * <pre>
 *   nlmsghdr type=mptcp_pm id, flags=REQUEST|ACK   genlmsghdr cmd, version=1
 *   MPTCP_PM_ATTR_TOKEN u32
 *   MPTCP_PM_ATTR_ADDR (NLA_F_NESTED)         local:  FAMILY u16, ADDR4|ADDR6, then ID u8 (create) or PORT u16 (probe)
 *   MPTCP_PM_ATTR_ADDR_REMOTE (NLA_F_NESTED)  remote: FAMILY u16, ADDR4|ADDR6, PORT u16
 * </pre>
 * <ul>
 *   <li>{@code MPTCP_PM_CMD_SUBFLOW_CREATE} (10): one more subflow from a local address with a non-zero local id and
 *       no port, so that the kernel picks an ephemeral source port, to the remote address and port.</li>
 *   <li>The liveness probe is {@code MPTCP_PM_CMD_SUBFLOW_DESTROY} (11) of a subflow that cannot exist (local port
 *       1, remote port 1: never an ephemeral port). The kernel looks the token up first, so it answers EINVAL
 *       "invalid token" when the connection is gone and ESRCH "subflow not found" when it lives; nothing is closed
 *       either way.</li>
 * </ul>
 * Ports are the one field in host byte order among network-order addresses: the kernel applies htons to them.
 */
public final class MptcpPmRequestEncoder
{
    /** Upper bound of a request's length (IPv6). */
    public static final int MAX_LENGTH = 128;
    /** Port of both ends of the probe's impossible subflow. */
    public static final int PROBE_PORT = 1;

    private final NetlinkMessageWriter writer = new NetlinkMessageWriter();
    private final int familyId;

    /**
     * @param familyId the mptcp_pm family id.
     */
    public MptcpPmRequestEncoder(final int familyId)
    {
        this.familyId = familyId;
    }

    /**
     * Write a SUBFLOW_CREATE request at offset 0 of a buffer.
     *
     * @param buffer        destination, at least {@link #MAX_LENGTH} bytes.
     * @param sequence      nlmsg_seq, echoed in the kernel's answer.
     * @param token         connection token.
     * @param family        AF_INET or AF_INET6.
     * @param localAddress  local address bytes (network order).
     * @param localId       local address id, non-zero.
     * @param remoteAddress remote address bytes (network order).
     * @param remotePort    remote port (host-order number).
     * @return length of the request in bytes.
     */
    public int subflowCreate(
        final MutableDirectBuffer buffer,
        final int sequence,
        final int token,
        final int family,
        final byte[] localAddress,
        final int localId,
        final byte[] remoteAddress,
        final int remotePort)
    {
        final int addressAttribute = addressAttribute(family);
        final int addressLength = MptcpEvent.addressLength(family);
        begin(buffer, sequence, MptcpPm.CMD_SUBFLOW_CREATE, token);

        final int local = writer.beginNested(MptcpPm.PM_ATTR_ADDR);
        writer.putU16(MptcpPm.ADDR_ATTR_FAMILY, family)
            .putBytes(addressAttribute, localAddress, addressLength)
            .putU8(MptcpPm.ADDR_ATTR_ID, localId)
            .endNested(local);

        remote(family, remoteAddress, remotePort);
        return writer.finish();
    }

    /**
     * Write a liveness probe (SUBFLOW_DESTROY of an impossible subflow) at offset 0 of a buffer.
     *
     * @param buffer        destination, at least {@link #MAX_LENGTH} bytes.
     * @param sequence      nlmsg_seq, echoed in the kernel's answer.
     * @param token         connection token.
     * @param family        AF_INET or AF_INET6.
     * @param localAddress  local address bytes (network order).
     * @param remoteAddress remote address bytes (network order).
     * @return length of the request in bytes.
     */
    public int livenessProbe(
        final MutableDirectBuffer buffer,
        final int sequence,
        final int token,
        final int family,
        final byte[] localAddress,
        final byte[] remoteAddress)
    {
        begin(buffer, sequence, MptcpPm.CMD_SUBFLOW_DESTROY, token);

        final int local = writer.beginNested(MptcpPm.PM_ATTR_ADDR);
        writer.putU16(MptcpPm.ADDR_ATTR_FAMILY, family)
            .putBytes(addressAttribute(family), localAddress, MptcpEvent.addressLength(family))
            .putU16(MptcpPm.ADDR_ATTR_PORT, PROBE_PORT)
            .endNested(local);

        remote(family, remoteAddress, PROBE_PORT);
        return writer.finish();
    }

    private void begin(final MutableDirectBuffer buffer, final int sequence, final int command, final int token)
    {
        writer.wrap(buffer, 0).begin(familyId, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, sequence, command,
            MptcpPm.VERSION);
        writer.putU32(MptcpPm.PM_ATTR_TOKEN, token);
    }

    private void remote(final int family, final byte[] remoteAddress, final int remotePort)
    {
        final int remote = writer.beginNested(MptcpPm.PM_ATTR_ADDR_REMOTE);
        writer.putU16(MptcpPm.ADDR_ATTR_FAMILY, family)
            .putBytes(addressAttribute(family), remoteAddress, MptcpEvent.addressLength(family))
            .putU16(MptcpPm.ADDR_ATTR_PORT, remotePort)
            .endNested(remote);
    }

    private static int addressAttribute(final int family)
    {
        return MptcpPm.AF_INET == family ? MptcpPm.ADDR_ATTR_ADDR4 : MptcpPm.ADDR_ATTR_ADDR6;
    }
}

package org.mptcpgw.hostagent;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.hostagent.netlink.NetlinkSocket;

import java.nio.ByteBuffer;

/**
 * Sends the agent's requests (SUBFLOW_CREATE, liveness probes) on a netlink socket; the kernel's answers arrive on
 * the same socket and go to {@link HostAgentInbox#onAnswerDatagram}.
 */
public final class NetlinkSubflowRequester implements SubflowRequester
{
    private final NetlinkSocket socket;
    private final MptcpPmRequestEncoder encoder;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(MptcpPmRequestEncoder.MAX_LENGTH));

    /**
     * @param socket   a NETLINK_GENERIC socket.
     * @param familyId the mptcp_pm family id.
     */
    public NetlinkSubflowRequester(final NetlinkSocket socket, final int familyId)
    {
        this.socket = socket;
        this.encoder = new MptcpPmRequestEncoder(familyId);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int createSubflow(
        final int sequence,
        final int token,
        final int family,
        final byte[] localAddress,
        final int localId,
        final byte[] remoteAddress,
        final int remotePort)
    {
        final int length =
            encoder.subflowCreate(buffer, sequence, token, family, localAddress, localId, remoteAddress, remotePort);
        return socket.send(buffer, length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int probeConnection(
        final int sequence, final int token, final int family, final byte[] localAddress, final byte[] remoteAddress)
    {
        return socket.send(buffer, encoder.livenessProbe(buffer, sequence, token, family, localAddress, remoteAddress));
    }
}

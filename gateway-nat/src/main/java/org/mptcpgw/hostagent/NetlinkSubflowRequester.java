package org.mptcpgw.hostagent;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.hostagent.netlink.NetlinkSocket;

import java.nio.ByteBuffer;

/**
 * Sends SUBFLOW_CREATE requests on a netlink socket; the kernel's answers arrive on the same socket and go to
 * {@link HostAgentInbox#onAnswerDatagram}.
 */
public final class NetlinkSubflowRequester implements SubflowRequester
{
    private final NetlinkSocket socket;
    private final SubflowCreateEncoder encoder;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(SubflowCreateEncoder.MAX_LENGTH));

    /**
     * @param socket   a NETLINK_GENERIC socket.
     * @param familyId the mptcp_pm family id.
     */
    public NetlinkSubflowRequester(final NetlinkSocket socket, final int familyId)
    {
        this.socket = socket;
        this.encoder = new SubflowCreateEncoder(familyId);
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
            encoder.encode(buffer, sequence, token, family, localAddress, localId, remoteAddress, remotePort);
        return socket.send(buffer, length);
    }
}

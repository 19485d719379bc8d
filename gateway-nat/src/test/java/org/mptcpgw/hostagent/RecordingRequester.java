package org.mptcpgw.hostagent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link SubflowRequester} that records what the agent asks for (subflows and probes) and fails sends on demand.
 */
final class RecordingRequester implements SubflowRequester
{
    static final class Request
    {
        final int sequence;
        final int token;
        final int family;
        final byte[] localAddress;
        final int localId;
        final byte[] remoteAddress;
        final int remotePort;

        Request(
            final int sequence,
            final int token,
            final int family,
            final byte[] localAddress,
            final int localId,
            final byte[] remoteAddress,
            final int remotePort)
        {
            this.sequence = sequence;
            this.token = token;
            this.family = family;
            this.localAddress = localAddress;
            this.localId = localId;
            this.remoteAddress = remoteAddress;
            this.remotePort = remotePort;
        }
    }

    final List<Request> requests = new ArrayList<>();
    final List<Request> probes = new ArrayList<>();
    int sendErrno;

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
        if (0 != sendErrno)
        {
            return sendErrno;
        }
        final int length = MptcpEvent.addressLength(family);
        requests.add(new Request(sequence, token, family, Arrays.copyOf(localAddress, length), localId,
            Arrays.copyOf(remoteAddress, length), remotePort));
        return 0;
    }

    @Override
    public int probeConnection(
        final int sequence, final int token, final int family, final byte[] localAddress, final byte[] remoteAddress)
    {
        if (0 != sendErrno)
        {
            return sendErrno;
        }
        final int length = MptcpEvent.addressLength(family);
        probes.add(new Request(sequence, token, family, Arrays.copyOf(localAddress, length), 0,
            Arrays.copyOf(remoteAddress, length), 0));
        return 0;
    }

    Request last()
    {
        return requests.get(requests.size() - 1);
    }

    int count()
    {
        return requests.size();
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A {@link LibCFast} for ring tests: records sends, plays the kernel on a kick through a callback, and answers
 * recv() from queued datagrams.
 */
final class FakeLibC implements LibCFast
{
    final List<long[]> sends = new ArrayList<>();
    final ArrayDeque<DirectBuffer> datagrams = new ArrayDeque<>();
    IntConsumer onKick = fd -> { };
    long sendResult = 0;

    @Override
    public int poll(final long fds, final long fdCount, final int timeoutMs)
    {
        return 0;
    }

    @Override
    public long send(final int fd, final long buffer, final long length, final int flags)
    {
        sends.add(new long[]{fd, buffer, length, flags});
        if (0 == buffer && 0 == length)
        {
            onKick.accept(fd);
            return 0;
        }
        return sendResult < 0 ? sendResult : length;
    }

    @Override
    public long recv(final int fd, final long buffer, final long length, final int flags)
    {
        final DirectBuffer datagram = datagrams.poll();
        if (null == datagram)
        {
            return -1;
        }
        final UnsafeBuffer target = new UnsafeBuffer(buffer, (int)length);
        target.putBytes(0, datagram, 0, Math.min(datagram.capacity(), (int)length));
        return datagram.capacity();
    }
}

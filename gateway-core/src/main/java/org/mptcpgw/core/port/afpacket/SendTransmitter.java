package org.mptcpgw.core.port.afpacket;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.PortStatistics;

import java.nio.ByteBuffer;

/**
 * Transmits each frame with its own {@code send(fd, frame, length, MSG_DONTWAIT)} on a socket bound to the
 * interface: the frame is written into one staging buffer (virtio-net header first when enabled) and sent at
 * commit. A refused send (socket buffer full, bad header) loses the frame and is counted; the port never
 * blocks.
 */
final class SendTransmitter implements Transmitter
{
    private final int fd;
    private final LibCFast fast;
    private final UnsafeBuffer staging;
    private final long frameAddress;
    private final int vnetLength;
    private final int maxFrameLength;
    private final PortStatistics statistics;
    private final AfPacketCounters counters;

    private int committedSinceFlush;
    private boolean claimed;

    SendTransmitter(
        final int fd, final LibCFast fast, final int vnetLength, final int maxLinearFrameLength,
        final PortStatistics statistics, final AfPacketCounters counters)
    {
        this.fd = fd;
        this.fast = fast;
        this.vnetLength = vnetLength;
        this.maxFrameLength = 0 != vnetLength ? OversizeBuffers.MAX_FRAME_LENGTH : maxLinearFrameLength;
        this.staging = new UnsafeBuffer(ByteBuffer.allocateDirect(OversizeBuffers.BUFFER_BYTES));
        this.frameAddress = staging.addressOffset() + vnetLength;
        this.statistics = statistics;
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        claimed = frameLength <= maxFrameLength;
        return claimed ? frameAddress : 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long address, final int frameLength)
    {
        if (!claimed || address != frameAddress)
        {
            throw new IllegalStateException("commit of an address that was not claimed");
        }
        claimed = false;
        committedSinceFlush++;
        if (fast.send(fd, staging.addressOffset(), frameLength + vnetLength, LinuxConstants.MSG_DONTWAIT) < 0)
        {
            statistics.addTxRejected(1);
            counters.increment(AfPacketCounter.SEND_FAILURES);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int flush()
    {
        final int flushed = committedSinceFlush;
        committedSinceFlush = 0;
        return flushed;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int pending()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        BufferUtil.free(staging);
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.PortStatistics;

import java.nio.ByteBuffer;

/**
 * Transmits through PACKET_TX_RINGs: frames are written into ring slots and {@link #flush()} kicks the kernel
 * once; no system call per frame.
 * <p>
 * With a virtio-net header, GSO super-frames of up to 64 KiB must pass too. Slots that large for every frame
 * would cost about 68 MiB for 1024 slots, so a frame longer than a {@link #small} slot is sent with its own
 * {@code send()} on a second socket, after kicking the small ring so that frames leave in commit order (on a
 * socket with a TX ring the kernel ignores the buffer given to {@code send()} and only flushes the ring, hence
 * the second socket). Optionally such frames go to a second ring of a few large slots ({@link #large}) on that
 * socket instead; then, before publishing into one ring, the other ring is kicked if it holds unsent frames.
 * docs/afpacket.md has the measured comparison.
 * <p>
 * The sockets have PACKET_LOSS set: a slot the kernel refuses is skipped instead of stalling the ring.
 */
final class TxRingTransmitter implements Transmitter
{
    private final TxRing small;
    private final TxRing large;
    private final int oversizeFd;
    private final LibCFast fast;
    private final UnsafeBuffer sendBuffer;
    private final long sendFrameAddress;
    private final int vnetLength;
    private final int maxFrameLength;
    private final PortStatistics statistics;
    private final AfPacketCounters counters;

    private int committedSinceFlush;
    private long claimed;
    private TxRing claimedRing;

    /**
     * @param small      the ring for frames up to an MTU.
     * @param large      the ring for longer frames, or null.
     * @param oversizeFd socket for long frames when there is no large ring (-1 if none).
     */
    TxRingTransmitter(
        final TxRing small, final TxRing large, final int oversizeFd, final LibCFast fast, final int vnetLength,
        final PortStatistics statistics, final AfPacketCounters counters)
    {
        this.small = small;
        this.large = large;
        this.oversizeFd = oversizeFd;
        this.fast = fast;
        this.vnetLength = vnetLength;
        this.statistics = statistics;
        this.counters = counters;
        if (null == large && 0 != vnetLength && oversizeFd >= 0)
        {
            sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OversizeBuffers.BUFFER_BYTES));
            sendFrameAddress = sendBuffer.addressOffset() + vnetLength;
            maxFrameLength = Math.max(small.frameCapacity(), OversizeBuffers.MAX_FRAME_LENGTH);
        }
        else
        {
            sendBuffer = null;
            sendFrameAddress = 0;
            maxFrameLength = null != large ? Math.max(small.frameCapacity(), large.frameCapacity()) :
                small.frameCapacity();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        claimedRing = null;
        claimed = 0;
        if (frameLength <= small.frameCapacity())
        {
            claimedRing = small;
        }
        else if (null != large && frameLength <= large.frameCapacity())
        {
            claimedRing = large;
        }
        else if (0 != sendFrameAddress && frameLength <= maxFrameLength)
        {
            claimed = sendFrameAddress;
            return claimed;
        }
        if (null != claimedRing)
        {
            claimed = claimedRing.claim();
        }
        return claimed;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long address, final int frameLength)
    {
        if (address != claimed || 0 == address)
        {
            throw new IllegalStateException("commit of an address that was not claimed");
        }
        claimed = 0;
        committedSinceFlush++;
        if (address == sendFrameAddress)
        {
            sendOversize(frameLength);
            return;
        }
        final TxRing other = claimedRing == small ? large : small;
        if (null != other && other.pending() > 0)
        {
            other.kick();
        }
        claimedRing.commit(frameLength);
        if (claimedRing == large)
        {
            counters.increment(AfPacketCounter.OVERSIZE_SENT);
        }
    }

    private void sendOversize(final int frameLength)
    {
        if (small.pending() > 0)
        {
            small.kick();
        }
        final long sent = fast.send(oversizeFd, sendBuffer.addressOffset(), frameLength + vnetLength,
            LinuxConstants.MSG_DONTWAIT);
        if (sent < 0)
        {
            statistics.addTxRejected(1);
            counters.increment(AfPacketCounter.SEND_FAILURES);
        }
        else
        {
            counters.increment(AfPacketCounter.OVERSIZE_SENT);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int flush()
    {
        if (small.pending() > 0)
        {
            small.kick();
        }
        if (null != large && large.pending() > 0)
        {
            large.kick();
        }
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
        return small.pending() + (null != large ? large.pending() : 0);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.PortStatistics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Transmits through a PACKET_TX_RING: {@link #claim(int)} takes the next slot if the kernel has finished with
 * it (TP_STATUS_AVAILABLE, read with acquire semantics), {@link #commit(long, int)} writes tp_len and
 * publishes TP_STATUS_SEND_REQUEST with release semantics, {@link #flush()} kicks the kernel once with
 * {@code send(fd, NULL, 0, MSG_DONTWAIT)}, which sends every requested slot in ring order. No system call per
 * frame.
 * <p>
 * With a virtio-net header the header sits at the start of the slot's data and the frame right after it.
 * A frame longer than a slot (a GSO super-frame of up to 64 KiB) is claimed in a separate buffer and, at
 * commit, sent with its own {@code send()} after kicking the ring, so that frames leave in commit order. That
 * send goes through a second socket without a ring: on a socket with a TX ring the kernel ignores the buffer
 * given to {@code send()} and only flushes the ring.
 * The socket has PACKET_LOSS set: a slot the kernel refuses is skipped instead of stalling the ring.
 */
final class TxRingTransmitter implements Transmitter
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final int fd;
    private final int oversizeFd;
    private final LibCFast fast;
    private final UnsafeBuffer ring;
    private final int[] slotOffsets;
    private final int slotCount;
    private final int dataOffset;
    private final int statusOffset;
    private final int lengthOffset;
    private final int vnetLength;
    private final int slotCapacity;
    private final int maxFrameLength;
    private final UnsafeBuffer oversize;
    private final long oversizeFrameAddress;
    private final PortStatistics statistics;
    private final AfPacketCounters counters;

    private int producer;
    private int oldestUnsent;
    private int unsent;
    private int committedSinceFlush;
    private long claimed;

    TxRingTransmitter(
        final int fd, final int oversizeFd, final LibCFast fast, final UnsafeBuffer ring, final RingGeometry geometry,
        final RingVersion version, final int vnetLength, final int maxLinearFrameLength,
        final PortStatistics statistics, final AfPacketCounters counters)
    {
        this.fd = fd;
        this.oversizeFd = oversizeFd;
        this.fast = fast;
        this.ring = ring;
        this.slotCount = geometry.frameCount();
        this.slotOffsets = new int[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            slotOffsets[i] = geometry.frameOffset(i);
        }
        final boolean v2 = RingVersion.V2 == version;
        this.dataOffset = v2 ? TpacketLayout.V2_TX_DATA_OFFSET : TpacketLayout.V3_TX_DATA_OFFSET;
        this.statusOffset = v2 ? TpacketLayout.V2_STATUS_OFFSET : TpacketLayout.V3_STATUS_OFFSET;
        this.lengthOffset = v2 ? TpacketLayout.V2_LEN_OFFSET : TpacketLayout.V3_LEN_OFFSET;
        this.vnetLength = vnetLength;
        this.slotCapacity = Math.min(geometry.frameSize() - dataOffset - vnetLength, maxLinearFrameLength);
        this.statistics = statistics;
        this.counters = counters;
        if (0 != vnetLength && oversizeFd >= 0)
        {
            oversize = new UnsafeBuffer(ByteBuffer.allocateDirect(OversizeBuffers.BUFFER_BYTES));
            oversizeFrameAddress = oversize.addressOffset() + vnetLength;
            maxFrameLength = Math.max(slotCapacity, OversizeBuffers.MAX_FRAME_LENGTH);
        }
        else
        {
            oversize = null;
            oversizeFrameAddress = 0;
            maxFrameLength = slotCapacity;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        if (frameLength > slotCapacity)
        {
            claimed = frameLength <= maxFrameLength ? oversizeFrameAddress : 0;
            return claimed;
        }
        final int slot = slotOffsets[producer];
        final int status = ring.getIntVolatile(slot + statusOffset);
        if (LinuxConstants.TP_STATUS_AVAILABLE != status)
        {
            if (LinuxConstants.TP_STATUS_WRONG_FORMAT != status)
            {
                claimed = 0;
                return 0;
            }
            statistics.addTxRejected(1);
        }
        claimed = ring.addressOffset() + slot + dataOffset + vnetLength;
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
        if (address == oversizeFrameAddress)
        {
            sendOversize(frameLength);
            return;
        }
        final int slot = slotOffsets[producer];
        ring.putInt(slot + lengthOffset, frameLength + vnetLength, HOST);
        ring.putIntOrdered(slot + statusOffset, LinuxConstants.TP_STATUS_SEND_REQUEST);
        producer = RingGeometry.next(producer, slotCount);
        unsent++;
    }

    private void sendOversize(final int frameLength)
    {
        if (unsent > 0)
        {
            kick();
        }
        final long sent = fast.send(oversizeFd, oversize.addressOffset(), frameLength + vnetLength,
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
        if (unsent > 0)
        {
            kick();
        }
        final int flushed = committedSinceFlush;
        committedSinceFlush = 0;
        return flushed;
    }

    private void kick()
    {
        if (fast.send(fd, 0, 0, LinuxConstants.MSG_DONTWAIT) < 0)
        {
            counters.increment(AfPacketCounter.KICK_FAILURES);
        }
        // The kernel may stop early (socket send buffer full): whatever still asks to be sent is kicked again
        // at the next flush.
        while (unsent > 0 &&
            LinuxConstants.TP_STATUS_SEND_REQUEST != ring.getIntVolatile(slotOffsets[oldestUnsent] + statusOffset))
        {
            oldestUnsent = RingGeometry.next(oldestUnsent, slotCount);
            unsent--;
        }
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
        return unsent;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        if (null != oversize)
        {
            BufferUtil.free(oversize);
        }
    }
}

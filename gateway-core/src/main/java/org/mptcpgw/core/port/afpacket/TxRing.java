package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;
import org.mptcpgw.core.nativeio.LinuxConstants;

import java.nio.ByteOrder;

/**
 * One mapped PACKET_TX_RING and the producer index over it. A slot is free when its status is
 * TP_STATUS_AVAILABLE (read with acquire semantics); {@link #commit(int)} writes tp_len and publishes
 * TP_STATUS_SEND_REQUEST with release semantics; {@link #kick()} makes the kernel send every requested slot, in
 * ring order, with one {@code send(fd, NULL, 0, MSG_DONTWAIT)}.
 * <p>
 * With a virtio-net header the header sits at the start of the slot's data and tp_len counts it.
 */
final class TxRing
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final int fd;
    private final LibCFast fast;
    private final UnsafeBuffer ring;
    private final int[] slotOffsets;
    private final int slotCount;
    private final int dataOffset;
    private final int statusOffset;
    private final int lengthOffset;
    private final int vnetLength;
    private final int frameCapacity;
    private final AfPacketCounters counters;

    private int producer;
    private int oldestUnsent;
    private int unsent;

    TxRing(
        final int fd, final LibCFast fast, final UnsafeBuffer ring, final RingGeometry geometry,
        final RingVersion version, final int vnetLength, final int maxFrameLength, final AfPacketCounters counters)
    {
        this.fd = fd;
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
        this.frameCapacity = Math.min(geometry.frameSize() - dataOffset - vnetLength, maxFrameLength);
        this.counters = counters;
    }

    /**
     * @return address for the frame (after the virtio-net header) in the next slot, or 0 if that slot is still
     * with the kernel (the ring is full).
     */
    long claim()
    {
        final int slot = slotOffsets[producer];
        final int status = ring.getIntVolatile(slot + statusOffset);
        if (LinuxConstants.TP_STATUS_AVAILABLE != status && LinuxConstants.TP_STATUS_WRONG_FORMAT != status)
        {
            return 0;
        }
        return ring.addressOffset() + slot + dataOffset + vnetLength;
    }

    /**
     * Publish the claimed slot.
     *
     * @param frameLength length of the frame after the virtio-net header.
     */
    void commit(final int frameLength)
    {
        final int slot = slotOffsets[producer];
        ring.putInt(slot + lengthOffset, frameLength + vnetLength, HOST);
        ring.putIntOrdered(slot + statusOffset, LinuxConstants.TP_STATUS_SEND_REQUEST);
        producer = RingGeometry.next(producer, slotCount);
        unsent++;
    }

    /**
     * Have the kernel send the requested slots. It may stop early (socket send buffer full): whatever still asks
     * to be sent stays {@link #pending()} and is sent by the next kick.
     */
    void kick()
    {
        if (fast.send(fd, 0, 0, LinuxConstants.MSG_DONTWAIT) < 0)
        {
            counters.increment(AfPacketCounter.KICK_FAILURES);
        }
        while (unsent > 0 &&
            LinuxConstants.TP_STATUS_SEND_REQUEST != ring.getIntVolatile(slotOffsets[oldestUnsent] + statusOffset))
        {
            oldestUnsent = RingGeometry.next(oldestUnsent, slotCount);
            unsent--;
        }
    }

    /**
     * @return slots published but not yet taken by the kernel.
     */
    int pending()
    {
        return unsent;
    }

    /**
     * @return longest frame a slot holds, after the virtio-net header.
     */
    int frameCapacity()
    {
        return frameCapacity;
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibCFast;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteOrder;

import static org.mptcpgw.core.port.afpacket.TpacketLayout.*;

/**
 * TPACKET_V2 receive ring: fixed slots, owned one by one. The kernel fills slot after slot and sets
 * TP_STATUS_USER; the port reads the status with acquire semantics, hands the frame out in place and, at
 * release, writes TP_STATUS_KERNEL back with release semantics, in the same order.
 * <p>
 * A frame longer than its slot is truncated in the ring; with PACKET_COPY_THRESH the kernel also queues it
 * whole to the socket and marks the slot TP_STATUS_COPY, and the port reads that copy with {@code recv()}
 * into one of a few {@link OversizeBuffers}. The copy's length must equal the slot's tp_len, otherwise the
 * truncated prefix is handed out flagged as such.
 */
final class RxRingV2 implements RxRing
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final UnsafeBuffer ring;
    private final int[] frameOffsets;
    private final int frameCount;
    private final int frameSize;
    private final int vnetLength;
    private final int fd;
    private final LibCFast fast;
    private final OversizeBuffers oversize;
    private final AfPacketCounters counters;

    private int nextIndex;
    private int releaseIndex;
    private int handedOut;

    RxRingV2(
        final UnsafeBuffer ring, final RingGeometry geometry, final int vnetLength, final int fd,
        final LibCFast fast, final OversizeBuffers oversize, final AfPacketCounters counters)
    {
        this.ring = ring;
        this.frameCount = geometry.frameCount();
        this.frameSize = geometry.frameSize();
        this.frameOffsets = new int[frameCount];
        for (int i = 0; i < frameCount; i++)
        {
            frameOffsets[i] = geometry.frameOffset(i);
        }
        this.vnetLength = vnetLength;
        this.fd = fd;
        this.fast = fast;
        this.oversize = oversize;
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int receive(final FrameVector vector, final int portIndex, final long nowNs)
    {
        int received = 0;
        while (vector.remaining() > 0 && handedOut < frameCount)
        {
            final int slot = frameOffsets[nextIndex];
            final int status = ring.getIntVolatile(slot + V2_STATUS_OFFSET);
            if (0 == (status & LinuxConstants.TP_STATUS_USER))
            {
                break;
            }
            if (0 != (status & LinuxConstants.TP_STATUS_COPY))
            {
                final int buffer = oversize.acquire();
                if (buffer < 0)
                {
                    break;
                }
                received += receiveCopy(vector, portIndex, nowNs, slot, status, buffer);
            }
            else
            {
                received += receiveInPlace(vector, portIndex, nowNs, slot, status);
            }
            nextIndex = RingGeometry.next(nextIndex, frameCount);
            handedOut++;
        }
        return received;
    }

    private int receiveInPlace(
        final FrameVector vector, final int portIndex, final long nowNs, final int slot, final int status)
    {
        final int length = ring.getInt(slot + V2_LEN_OFFSET, HOST);
        int snapLength = ring.getInt(slot + V2_SNAPLEN_OFFSET, HOST);
        int mac = ring.getShort(slot + V2_MAC_OFFSET, HOST) & 0xFFFF;
        if (mac - vnetLength < TPACKET2_HDRLEN || snapLength < 0 || mac + snapLength > frameSize)
        {
            counters.increment(AfPacketCounter.MALFORMED_RING_ENTRY);
            return 0;
        }
        int frameLength = length;
        if (0 != (status & LinuxConstants.TP_STATUS_VLAN_VALID))
        {
            final int tpid = 0 != (status & LinuxConstants.TP_STATUS_VLAN_TPID_VALID) ?
                ring.getShort(slot + V2_VLAN_TPID_OFFSET, HOST) & 0xFFFF : LinuxConstants.ETH_P_8021Q;
            final int tci = ring.getShort(slot + V2_VLAN_TCI_OFFSET, HOST) & 0xFFFF;
            final int newMac = RingFrames.reinsertVlan(ring, slot + mac, vnetLength, tpid, tci, slot + TPACKET2_HDRLEN);
            if (newMac >= 0)
            {
                mac = newMac - slot;
                snapLength += RingFrames.VLAN_TAG_LENGTH;
                frameLength += RingFrames.VLAN_TAG_LENGTH;
                counters.increment(AfPacketCounter.VLAN_REINSERTED);
            }
        }
        int flags = 0 != vnetLength ?
            VnetHeader.frameFlags(ring, slot + mac - vnetLength) : RingFrames.flagsFromStatus(status);
        if (snapLength < frameLength)
        {
            flags |= FrameVector.FLAG_TRUNCATED;
            counters.increment(AfPacketCounter.TRUNCATED);
        }
        vector.add(ring.addressOffset() + slot + mac, snapLength, flags, portIndex, nowNs);
        return 1;
    }

    private int receiveCopy(
        final FrameVector vector, final int portIndex, final long nowNs, final int slot, final int status,
        final int buffer)
    {
        // Read VLAN_TAG_LENGTH bytes into the buffer, so that a tag the kernel moved out of band can be put back.
        final UnsafeBuffer memory = oversize.memory();
        final int header = buffer + RingFrames.VLAN_TAG_LENGTH;
        final int capacity = OversizeBuffers.BUFFER_BYTES - RingFrames.VLAN_TAG_LENGTH;
        final long copied = fast.recv(fd, memory.addressOffset() + header, capacity,
            LinuxConstants.MSG_DONTWAIT | LinuxConstants.MSG_TRUNC);
        final int length = ring.getInt(slot + V2_LEN_OFFSET, HOST);
        if (copied - vnetLength != length || copied > capacity)
        {
            counters.increment(AfPacketCounter.OVERSIZE_MISMATCH);
            return receiveInPlace(vector, portIndex, nowNs, slot, status & ~LinuxConstants.TP_STATUS_VLAN_VALID);
        }
        int mac = header + vnetLength;
        int frameLength = length;
        if (0 != (status & LinuxConstants.TP_STATUS_VLAN_VALID))
        {
            final int tpid = 0 != (status & LinuxConstants.TP_STATUS_VLAN_TPID_VALID) ?
                ring.getShort(slot + V2_VLAN_TPID_OFFSET, HOST) & 0xFFFF : LinuxConstants.ETH_P_8021Q;
            final int tci = ring.getShort(slot + V2_VLAN_TCI_OFFSET, HOST) & 0xFFFF;
            mac = RingFrames.reinsertVlan(memory, mac, vnetLength, tpid, tci, buffer);
            frameLength += RingFrames.VLAN_TAG_LENGTH;
            counters.increment(AfPacketCounter.VLAN_REINSERTED);
        }
        final int flags = 0 != vnetLength ?
            VnetHeader.frameFlags(memory, mac - vnetLength) : RingFrames.flagsFromStatus(status);
        counters.increment(AfPacketCounter.OVERSIZE_RECEIVED);
        vector.add(memory.addressOffset() + mac, frameLength, flags, portIndex, nowNs);
        return 1;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void release()
    {
        final int[] offsets = frameOffsets;
        int index = releaseIndex;
        for (int i = handedOut; i > 0; i--)
        {
            ring.putIntOrdered(offsets[index] + V2_STATUS_OFFSET, LinuxConstants.TP_STATUS_KERNEL);
            index = RingGeometry.next(index, frameCount);
        }
        releaseIndex = index;
        handedOut = 0;
        oversize.releaseAll();
    }
}

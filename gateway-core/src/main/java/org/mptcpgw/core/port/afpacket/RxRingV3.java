package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteOrder;

import static org.mptcpgw.core.port.afpacket.TpacketLayout.*;

/**
 * TPACKET_V3 receive ring: blocks owned one by one. The kernel packs frames into a block and hands the whole
 * block over (block_status TP_STATUS_USER) when it is full or its retire timer expires. The port walks the
 * frames through tp_next_offset, handing them out in place; a block given out completely is returned at the
 * next release (store-release of TP_STATUS_KERNEL). A block only partly handed out (the vector was full) stays
 * with the port and its remaining frames come first in the next batch.
 * <p>
 * Every offset read from the ring is checked against the block before use; an impossible one is counted and
 * the rest of the block skipped.
 */
final class RxRingV3 implements RxRing
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    /** Smallest offset of a frame header inside a block: after the block descriptor. */
    private static final int MIN_PACKET_OFFSET = 48;

    private final UnsafeBuffer ring;
    private final int blockSize;
    private final int blockCount;
    private final int vnetLength;
    private final AfPacketCounters counters;

    private int block;
    private int blockOffset;
    private int packetsLeft;
    private int packetOffset;
    private int releaseBlock;
    private int blocksToRelease;

    RxRingV3(
        final UnsafeBuffer ring, final RingGeometry geometry, final int vnetLength, final AfPacketCounters counters)
    {
        this.ring = ring;
        this.blockSize = geometry.blockSize();
        this.blockCount = geometry.blockCount();
        this.vnetLength = vnetLength;
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int receive(final FrameVector vector, final int portIndex, final long nowNs)
    {
        int received = 0;
        while (vector.remaining() > 0)
        {
            if (0 == packetsLeft && !openBlock())
            {
                break;
            }
            if (packetsLeft > 0)
            {
                received += receivePacket(vector, portIndex, nowNs);
            }
        }
        return received;
    }

    private boolean openBlock()
    {
        if (blocksToRelease == blockCount)
        {
            return false;
        }
        final int offset = block * blockSize;
        final int status = ring.getIntVolatile(offset + BLOCK_STATUS_OFFSET);
        if (0 == (status & LinuxConstants.TP_STATUS_USER))
        {
            return false;
        }
        blockOffset = offset;
        packetsLeft = ring.getInt(offset + BLOCK_NUM_PKTS_OFFSET, HOST);
        packetOffset = ring.getInt(offset + BLOCK_FIRST_PKT_OFFSET, HOST);
        if (packetsLeft <= 0)
        {
            packetsLeft = 0;
            closeBlock();
        }
        return true;
    }

    private void closeBlock()
    {
        blocksToRelease++;
        block = RingGeometry.next(block, blockCount);
    }

    private int receivePacket(final FrameVector vector, final int portIndex, final long nowNs)
    {
        final int header = blockOffset + packetOffset;
        if (packetOffset < MIN_PACKET_OFFSET || packetOffset > blockSize - TPACKET3_HDRLEN)
        {
            return abandonBlock();
        }
        final int nextOffset = ring.getInt(header + V3_NEXT_OFFSET_OFFSET, HOST);
        int snapLength = ring.getInt(header + V3_SNAPLEN_OFFSET, HOST);
        int length = ring.getInt(header + V3_LEN_OFFSET, HOST);
        final int status = ring.getInt(header + V3_STATUS_OFFSET, HOST);
        int mac = ring.getShort(header + V3_MAC_OFFSET, HOST) & 0xFFFF;
        if (mac - vnetLength < TPACKET3_HDRLEN || snapLength < 0 || packetOffset + mac + snapLength > blockSize)
        {
            return abandonBlock();
        }
        if (0 != (status & LinuxConstants.TP_STATUS_VLAN_VALID))
        {
            final int tpid = 0 != (status & LinuxConstants.TP_STATUS_VLAN_TPID_VALID) ?
                ring.getShort(header + V3_VLAN_TPID_OFFSET, HOST) & 0xFFFF : LinuxConstants.ETH_P_8021Q;
            final int tci = ring.getInt(header + V3_VLAN_TCI_OFFSET, HOST) & 0xFFFF;
            final int newMac = RingFrames.reinsertVlan(
                ring, header + mac, vnetLength, tpid, tci, header + TPACKET3_HDRLEN);
            if (newMac >= 0)
            {
                mac = newMac - header;
                snapLength += RingFrames.VLAN_TAG_LENGTH;
                length += RingFrames.VLAN_TAG_LENGTH;
                counters.increment(AfPacketCounter.VLAN_REINSERTED);
            }
        }
        int flags = 0 != vnetLength ?
            VnetHeader.frameFlags(ring, header + mac - vnetLength) : RingFrames.flagsFromStatus(status);
        if (snapLength < length)
        {
            flags |= FrameVector.FLAG_TRUNCATED;
            counters.increment(AfPacketCounter.TRUNCATED);
        }
        vector.add(ring.addressOffset() + header + mac, snapLength, flags, portIndex, nowNs);
        if (--packetsLeft == 0)
        {
            closeBlock();
        }
        else
        {
            if (nextOffset <= 0)
            {
                abandonBlock();
                return 1;
            }
            packetOffset += nextOffset;
        }
        return 1;
    }

    private int abandonBlock()
    {
        counters.increment(AfPacketCounter.MALFORMED_RING_ENTRY);
        packetsLeft = 0;
        closeBlock();
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void release()
    {
        int index = releaseBlock;
        for (int i = blocksToRelease; i > 0; i--)
        {
            ring.putIntOrdered(index * blockSize + BLOCK_STATUS_OFFSET, LinuxConstants.TP_STATUS_KERNEL);
            index = RingGeometry.next(index, blockCount);
        }
        releaseBlock = index;
        blocksToRelease = 0;
    }
}

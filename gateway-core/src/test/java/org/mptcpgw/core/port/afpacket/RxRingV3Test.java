package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.port.FrameVector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;
import static org.mptcpgw.core.port.afpacket.TpacketLayout.*;

class RxRingV3Test
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final int PAGE = 4096;
    private static final int FIRST = 48;
    private static final int MAC = 82;
    private static final int STRIDE = 144;

    private final RingGeometry geometry = RingGeometry.ofBlocks(PAGE, 2, 2048, TPACKET3_HDRLEN, PAGE);
    private final UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAGE));
    private final AfPacketCounters counters = new AfPacketCounters();
    private final RxRingV3 rx = new RxRingV3(ring, geometry, 0, counters);
    private final FrameVector vector = new FrameVector(16);

    private void block(final int block, final int packets, final int firstOffset)
    {
        final int b = geometry.blockOffset(block);
        for (int i = 0; i < packets; i++)
        {
            final int header = b + firstOffset + i * STRIDE;
            ring.putInt(header + V3_NEXT_OFFSET_OFFSET, i + 1 < packets ? STRIDE : 0, HOST);
            ring.putInt(header + V3_SNAPLEN_OFFSET, 60, HOST);
            ring.putInt(header + V3_LEN_OFFSET, 60, HOST);
            ring.putInt(header + V3_STATUS_OFFSET, 0, HOST);
            ring.putShort(header + V3_MAC_OFFSET, (short)MAC, HOST);
        }
        ring.putInt(b + BLOCK_NUM_PKTS_OFFSET, packets, HOST);
        ring.putInt(b + BLOCK_FIRST_PKT_OFFSET, firstOffset, HOST);
        ring.putIntVolatile(b + BLOCK_STATUS_OFFSET, TP_STATUS_USER);
    }

    private int blockStatus(final int block)
    {
        return ring.getIntVolatile(geometry.blockOffset(block) + BLOCK_STATUS_OFFSET);
    }

    private long frameAddress(final int block, final int packet)
    {
        return ring.addressOffset() + geometry.blockOffset(block) + FIRST + packet * STRIDE + MAC;
    }

    @Test
    void shouldWalkTheFramesOfABlockAndReturnItWhole()
    {
        block(0, 3, FIRST);

        assertEquals(3, rx.receive(vector, 0, 0));

        assertEquals(frameAddress(0, 0), vector.address(0));
        assertEquals(frameAddress(0, 2), vector.address(2));
        assertEquals(60, vector.length(1));
        assertEquals(TP_STATUS_USER, blockStatus(0));
        rx.release();
        assertEquals(TP_STATUS_KERNEL, blockStatus(0));
    }

    @Test
    void shouldKeepAPartlyHandedOutBlockUntilItsLastFrameIsOut()
    {
        block(0, 3, FIRST);
        block(1, 1, FIRST);
        final FrameVector two = new FrameVector(2);

        assertEquals(2, rx.receive(two, 0, 0));
        rx.release();
        assertEquals(TP_STATUS_USER, blockStatus(0), "block still has a frame to hand out");

        two.clear();
        assertEquals(2, rx.receive(two, 0, 0));
        assertEquals(frameAddress(0, 2), two.address(0));
        assertEquals(frameAddress(1, 0), two.address(1));
        rx.release();
        assertEquals(TP_STATUS_KERNEL, blockStatus(0));
        assertEquals(TP_STATUS_KERNEL, blockStatus(1));
    }

    @Test
    void shouldNotReenterBlocksThatAreHeldOut()
    {
        block(0, 1, FIRST);
        block(1, 1, FIRST);

        assertEquals(2, rx.receive(vector, 0, 0));
        vector.clear();

        assertEquals(0, rx.receive(vector, 0, 0), "both blocks are held: their user status is stale");
        rx.release();
        block(0, 2, FIRST);
        assertEquals(2, rx.receive(vector, 0, 0));
        assertEquals(frameAddress(0, 1), vector.address(1));
    }

    @Test
    void shouldAbandonABlockWithAnImpossibleOffsetAndCountIt()
    {
        block(0, 2, PAGE - 8);
        block(1, 1, FIRST);

        assertEquals(1, rx.receive(vector, 0, 0));

        assertEquals(frameAddress(1, 0), vector.address(0));
        assertEquals(1, counters.get(AfPacketCounter.MALFORMED_RING_ENTRY));
        rx.release();
        assertEquals(TP_STATUS_KERNEL, blockStatus(0));
    }

    @Test
    void shouldAbandonTheRestOfABlockWhenTheNextOffsetIsZero()
    {
        block(0, 3, FIRST);
        ring.putInt(geometry.blockOffset(0) + FIRST + V3_NEXT_OFFSET_OFFSET, 0, HOST);

        assertEquals(1, rx.receive(vector, 0, 0));

        assertEquals(1, counters.get(AfPacketCounter.MALFORMED_RING_ENTRY));
    }

    @Test
    void shouldFlagTruncatedFramesAndTakeChecksumStatusPerFrame()
    {
        block(0, 2, FIRST);
        final int header = geometry.blockOffset(0) + FIRST;
        ring.putInt(header + V3_LEN_OFFSET, 9000, HOST);
        ring.putInt(header + STRIDE + V3_STATUS_OFFSET, TP_STATUS_CSUMNOTREADY, HOST);

        assertEquals(2, rx.receive(vector, 0, 0));

        assertEquals(FrameVector.FLAG_TRUNCATED, vector.flags(0));
        assertEquals(FrameVector.FLAG_CSUM_PARTIAL, vector.flags(1));
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;

class TxRingTransmitterTest
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final int PAGE = 4096;
    private static final int FD = 0x11;
    private static final int OVERSIZE_FD = 0x22;
    private static final int MAX_LINEAR = 1518;

    private final FakeLibC libc = new FakeLibC();
    private final PortStatistics statistics = new PortStatistics();
    private final AfPacketCounters counters = new AfPacketCounters();

    private TxRingTransmitter transmitter(final RingVersion version, final int vnet, final RingGeometry geometry,
        final UnsafeBuffer ring)
    {
        return new TxRingTransmitter(FD, OVERSIZE_FD, libc, ring, geometry, version, vnet, MAX_LINEAR, statistics,
            counters);
    }

    private static RingGeometry geometry(final int frames)
    {
        return RingGeometry.ofBlocks(PAGE, frames / 2, 2048, TpacketLayout.TPACKET3_HDRLEN, PAGE);
    }

    private static UnsafeBuffer ring(final RingGeometry geometry)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect((int)geometry.mappedBytes()));
    }

    /** Plays the kernel: every slot asking to be sent is sent and completed at once. */
    private static void completeAll(final UnsafeBuffer ring, final RingGeometry g, final int statusOffset)
    {
        for (int i = 0; i < g.frameCount(); i++)
        {
            if (TP_STATUS_SEND_REQUEST == ring.getIntVolatile(g.frameOffset(i) + statusOffset))
            {
                ring.putIntVolatile(g.frameOffset(i) + statusOffset, TP_STATUS_AVAILABLE);
            }
        }
    }

    @Test
    void shouldWriteV2SlotsAndKickOncePerFlush()
    {
        final RingGeometry g = geometry(4);
        final UnsafeBuffer ring = ring(g);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, 0, g, ring);

        final long a0 = tx.claim(60);
        tx.commit(a0, 60);
        final long a1 = tx.claim(1514);
        tx.commit(a1, 1514);

        assertEquals(ring.addressOffset() + TpacketLayout.V2_TX_DATA_OFFSET, a0);
        assertEquals(ring.addressOffset() + g.frameOffset(1) + TpacketLayout.V2_TX_DATA_OFFSET, a1);
        assertEquals(60, ring.getInt(TpacketLayout.V2_LEN_OFFSET, HOST));
        assertEquals(TP_STATUS_SEND_REQUEST, ring.getIntVolatile(g.frameOffset(1) + TpacketLayout.V2_STATUS_OFFSET));
        assertEquals(0, libc.sends.size(), "no system call per frame");
        libc.onKick = fd -> completeAll(ring, g, TpacketLayout.V2_STATUS_OFFSET);

        assertEquals(2, tx.flush());

        assertEquals(1, libc.sends.size());
        assertEquals(FD, libc.sends.get(0)[0]);
        assertEquals(0, tx.pending());
        assertEquals(0, tx.flush());
        assertEquals(1, libc.sends.size(), "nothing to kick");
    }

    @Test
    void shouldPutTheVnetHeaderFirstInAV3Slot()
    {
        final RingGeometry g = geometry(4);
        final UnsafeBuffer ring = ring(g);
        final TxRingTransmitter tx = transmitter(RingVersion.V3, VnetHeader.LENGTH, g, ring);

        final long address = tx.claim(60);
        tx.commit(address, 60);

        assertEquals(ring.addressOffset() + TpacketLayout.V3_TX_DATA_OFFSET + VnetHeader.LENGTH, address);
        assertEquals(70, ring.getInt(TpacketLayout.V3_LEN_OFFSET, HOST));
        assertEquals(TP_STATUS_SEND_REQUEST, ring.getIntVolatile(TpacketLayout.V3_STATUS_OFFSET));
        assertEquals(0, ring.getInt(TpacketLayout.V3_NEXT_OFFSET_OFFSET, HOST));
    }

    @Test
    void shouldReturnZeroWhenTheRingIsFull()
    {
        final RingGeometry g = geometry(4);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, 0, g, ring(g));
        for (int i = 0; i < 4; i++)
        {
            tx.commit(tx.claim(60), 60);
        }

        assertEquals(0, tx.claim(60));
    }

    @Test
    void shouldKickAgainWhenTheKernelStoppedEarly()
    {
        final RingGeometry g = geometry(4);
        final UnsafeBuffer ring = ring(g);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, 0, g, ring);
        tx.commit(tx.claim(60), 60);
        tx.commit(tx.claim(60), 60);
        libc.onKick = fd -> ring.putIntVolatile(0, TP_STATUS_SENDING);

        tx.flush();

        assertEquals(1, tx.pending());
        libc.onKick = fd -> completeAll(ring, g, TpacketLayout.V2_STATUS_OFFSET);
        assertEquals(0, tx.flush());
        assertEquals(2, libc.sends.size(), "kicked again without new frames");
        assertEquals(0, tx.pending());
    }

    @Test
    void shouldSendAFrameLongerThanASlotAfterKickingTheRing()
    {
        final RingGeometry g = geometry(4);
        final UnsafeBuffer ring = ring(g);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, VnetHeader.LENGTH, g, ring);
        libc.onKick = fd -> completeAll(ring, g, TpacketLayout.V2_STATUS_OFFSET);
        tx.commit(tx.claim(60), 60);

        final long address = tx.claim(40000);
        tx.commit(address, 40000);

        assertEquals(2, libc.sends.size());
        assertEquals(FD, libc.sends.get(0)[0], "ring kicked first, so frames keep their order");
        assertEquals(OVERSIZE_FD, libc.sends.get(1)[0], "on the socket without a ring");
        assertEquals(address - VnetHeader.LENGTH, libc.sends.get(1)[1]);
        assertEquals(40010, libc.sends.get(1)[2]);
        assertEquals(1, counters.get(AfPacketCounter.OVERSIZE_SENT));
        assertEquals(2, tx.flush());
        assertTrue(tx.maxFrameLength() >= 65535 + 14);
    }

    @Test
    void shouldRefuseFramesLongerThanASlotWithoutVnetHeader()
    {
        final RingGeometry g = geometry(4);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, 0, g, ring(g));

        assertEquals(0, tx.claim(MAX_LINEAR + 1));
        assertEquals(MAX_LINEAR, tx.maxFrameLength());
    }

    @Test
    void shouldCountAFailedOversizeSend()
    {
        final RingGeometry g = geometry(4);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, VnetHeader.LENGTH, g, ring(g));
        libc.sendResult = -1;

        tx.commit(tx.claim(9000), 9000);

        assertEquals(1, statistics.txRejected());
        assertEquals(1, counters.get(AfPacketCounter.SEND_FAILURES));
    }

    @Test
    void shouldRejectACommitOfAnAddressThatWasNotClaimed()
    {
        final RingGeometry g = geometry(4);
        final TxRingTransmitter tx = transmitter(RingVersion.V2, 0, g, ring(g));

        assertThrows(IllegalStateException.class, () -> tx.commit(0x1234, 60));
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;

class TxRingTransmitterTest
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final int PAGE = 4096;
    private static final int SMALL_FD = 0x11;
    private static final int LARGE_FD = 0x22;
    private static final int MAX_LINEAR = 1518;
    private static final int LARGE_SLOT = 69632;

    private final FakeLibC libc = new FakeLibC();
    private final PortStatistics statistics = new PortStatistics();
    private final AfPacketCounters counters = new AfPacketCounters();
    private final List<String> sent = new ArrayList<>();

    private final RingGeometry smallGeometry =
        RingGeometry.ofBlocks(PAGE, 2, 2048, TpacketLayout.TPACKET3_HDRLEN, PAGE);
    private final UnsafeBuffer smallMemory = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAGE));
    private final RingGeometry largeGeometry =
        RingGeometry.ofBlocks(LARGE_SLOT, 2, LARGE_SLOT, TpacketLayout.TPACKET3_HDRLEN, PAGE);
    private final UnsafeBuffer largeMemory = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * LARGE_SLOT));

    private TxRing small(final RingVersion version, final int vnet)
    {
        return new TxRing(SMALL_FD, libc, smallMemory, smallGeometry, version, vnet, MAX_LINEAR, counters);
    }

    private TxRing large(final RingVersion version)
    {
        return new TxRing(LARGE_FD, libc, largeMemory, largeGeometry, version, VnetHeader.LENGTH,
            OversizeBuffers.MAX_FRAME_LENGTH, counters);
    }

    /** Plays the kernel: a kick sends every requested slot of that ring, in ring order, and completes it. */
    private void kernel(final RingVersion version)
    {
        final int status = RingVersion.V2 == version ? TpacketLayout.V2_STATUS_OFFSET : TpacketLayout.V3_STATUS_OFFSET;
        final int length = RingVersion.V2 == version ? TpacketLayout.V2_LEN_OFFSET : TpacketLayout.V3_LEN_OFFSET;
        libc.onKick = fd ->
        {
            final UnsafeBuffer ring = SMALL_FD == fd ? smallMemory : largeMemory;
            final RingGeometry g = SMALL_FD == fd ? smallGeometry : largeGeometry;
            for (int i = 0; i < g.frameCount(); i++)
            {
                if (TP_STATUS_SEND_REQUEST == ring.getIntVolatile(g.frameOffset(i) + status))
                {
                    sent.add((SMALL_FD == fd ? "small " : "large ") + ring.getInt(g.frameOffset(i) + length, HOST));
                    ring.putIntVolatile(g.frameOffset(i) + status, TP_STATUS_AVAILABLE);
                }
            }
        };
    }

    @Test
    void shouldWriteV2SlotsAndKickOncePerFlush()
    {
        kernel(RingVersion.V2);
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, 0), null, -1, libc, 0, statistics,
            counters);

        final long a0 = tx.claim(60);
        tx.commit(a0, 60);
        final long a1 = tx.claim(1514);
        tx.commit(a1, 1514);

        assertEquals(smallMemory.addressOffset() + TpacketLayout.V2_TX_DATA_OFFSET, a0);
        assertEquals(smallMemory.addressOffset() + smallGeometry.frameOffset(1) + TpacketLayout.V2_TX_DATA_OFFSET, a1);
        assertEquals(TP_STATUS_SEND_REQUEST, smallMemory.getIntVolatile(smallGeometry.frameOffset(1)));
        assertEquals(0, libc.sends.size(), "no system call per frame");

        assertEquals(2, tx.flush());

        assertEquals(List.of("small 60", "small 1514"), sent);
        assertEquals(1, libc.sends.size());
        assertEquals(0, tx.pending());
        assertEquals(0, tx.flush());
        assertEquals(1, libc.sends.size(), "nothing to kick");
    }

    @Test
    void shouldPutTheVnetHeaderFirstInAV3Slot()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V3, VnetHeader.LENGTH), null, -1, libc,
            VnetHeader.LENGTH, statistics, counters);

        final long address = tx.claim(60);
        tx.commit(address, 60);

        assertEquals(smallMemory.addressOffset() + TpacketLayout.V3_TX_DATA_OFFSET + VnetHeader.LENGTH, address);
        assertEquals(70, smallMemory.getInt(TpacketLayout.V3_LEN_OFFSET, HOST));
        assertEquals(TP_STATUS_SEND_REQUEST, smallMemory.getIntVolatile(TpacketLayout.V3_STATUS_OFFSET));
        assertEquals(0, smallMemory.getInt(TpacketLayout.V3_NEXT_OFFSET_OFFSET, HOST));
    }

    @Test
    void shouldReturnZeroWhenTheRingIsFull()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, 0), null, -1, libc, 0, statistics,
            counters);
        for (int i = 0; i < 4; i++)
        {
            tx.commit(tx.claim(60), 60);
        }

        assertEquals(0, tx.claim(60));
    }

    @Test
    void shouldKickAgainWhenTheKernelStoppedEarly()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, 0), null, -1, libc, 0, statistics,
            counters);
        tx.commit(tx.claim(60), 60);
        tx.commit(tx.claim(60), 60);
        libc.onKick = fd -> smallMemory.putIntVolatile(0, TP_STATUS_SENDING);

        tx.flush();

        assertEquals(1, tx.pending());
        kernel(RingVersion.V2);
        assertEquals(0, tx.flush());
        assertEquals(2, libc.sends.size(), "kicked again without new frames");
        assertEquals(0, tx.pending());
    }

    @Test
    void shouldKeepCommitOrderAcrossTheSmallAndTheLargeRing()
    {
        kernel(RingVersion.V3);
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V3, VnetHeader.LENGTH),
            large(RingVersion.V3), LARGE_FD, libc, VnetHeader.LENGTH, statistics, counters);

        tx.commit(tx.claim(60), 60);
        tx.commit(tx.claim(65000), 65000);
        tx.commit(tx.claim(40000), 40000);
        tx.commit(tx.claim(66), 66);
        tx.commit(tx.claim(54), 54);
        tx.flush();

        assertEquals(List.of("small 70", "large 65010", "large 40010", "small 76", "small 64"), sent);
        assertEquals(3, libc.sends.size(), "one kick per change of ring and one at flush");
        assertEquals(2, counters.get(AfPacketCounter.OVERSIZE_SENT));
        assertEquals(OversizeBuffers.MAX_FRAME_LENGTH, tx.maxFrameLength());
    }

    @Test
    void shouldSendALongFrameAfterKickingTheRingWhenThereIsNoLargeRing()
    {
        kernel(RingVersion.V2);
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, VnetHeader.LENGTH), null, LARGE_FD,
            libc, VnetHeader.LENGTH, statistics, counters);
        tx.commit(tx.claim(60), 60);

        final long address = tx.claim(40000);
        tx.commit(address, 40000);

        assertEquals(2, libc.sends.size());
        assertEquals(SMALL_FD, libc.sends.get(0)[0], "ring kicked first, so frames keep their order");
        assertEquals(LARGE_FD, libc.sends.get(1)[0], "on the socket without a ring");
        assertEquals(address - VnetHeader.LENGTH, libc.sends.get(1)[1]);
        assertEquals(40010, libc.sends.get(1)[2]);
        assertEquals(1, counters.get(AfPacketCounter.OVERSIZE_SENT));
        assertEquals(2, tx.flush());
    }

    @Test
    void shouldRefuseFramesLongerThanASlotWithoutVnetHeader()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, 0), null, -1, libc, 0, statistics,
            counters);

        assertEquals(0, tx.claim(MAX_LINEAR + 1));
        assertEquals(MAX_LINEAR, tx.maxFrameLength());
    }

    @Test
    void shouldCountAFailedOversizeSend()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, VnetHeader.LENGTH), null, LARGE_FD,
            libc, VnetHeader.LENGTH, statistics, counters);
        libc.sendResult = -1;

        tx.commit(tx.claim(9000), 9000);

        assertEquals(1, statistics.txRejected());
        assertEquals(1, counters.get(AfPacketCounter.SEND_FAILURES));
    }

    @Test
    void shouldRejectACommitOfAnAddressThatWasNotClaimed()
    {
        final TxRingTransmitter tx = new TxRingTransmitter(small(RingVersion.V2, 0), null, -1, libc, 0, statistics,
            counters);

        assertThrows(IllegalStateException.class, () -> tx.commit(0x1234, 60));
    }
}

package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingGeometryTest
{
    private static final int PAGE = 4096;

    @Test
    void shouldPlaceFramesBlockByBlockLeavingTheTailOfEachBlockUnused()
    {
        final RingGeometry g = RingGeometry.ofBlocks(3 * PAGE, 4, 5008, TpacketLayout.TPACKET2_HDRLEN, PAGE);

        assertEquals(2, g.framesPerBlock());
        assertEquals(8, g.frameCount());
        assertEquals(0, g.frameOffset(0));
        assertEquals(5008, g.frameOffset(1));
        assertEquals(3 * PAGE, g.frameOffset(2));
        assertEquals(3 * PAGE + 5008, g.frameOffset(3));
        assertEquals(3 * 3 * PAGE + 5008, g.frameOffset(7));
        assertEquals(4L * 3 * PAGE, g.mappedBytes());
    }

    @Test
    void shouldWrapIndexes()
    {
        assertEquals(1, RingGeometry.next(0, 3));
        assertEquals(0, RingGeometry.next(2, 3));
    }

    @Test
    void shouldRejectWhatTheKernelRejects()
    {
        final int hdr = TpacketLayout.TPACKET2_HDRLEN;
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.ofBlocks(PAGE + 1, 1, 2048, hdr, PAGE));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.ofBlocks(PAGE, 0, 2048, hdr, PAGE));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.ofBlocks(PAGE, 1, 2050, hdr, PAGE));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.ofBlocks(PAGE, 1, 48, hdr, PAGE));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.ofBlocks(PAGE, 1, 2 * PAGE, hdr, PAGE));
        assertThrows(IllegalArgumentException.class,
            () -> RingGeometry.ofBlocks(1 << 30, 4, 2048, hdr, PAGE));
    }

    @Test
    void shouldSizeTransmitRingsInBlocksOfAboutSixtyFourKibibytes()
    {
        final RingGeometry small = RingGeometry.ofFrames(2048, 1000, TpacketLayout.TPACKET2_HDRLEN, PAGE);
        assertEquals(65536, small.blockSize());
        assertEquals(32, small.framesPerBlock());
        assertEquals(32, small.blockCount());
        assertTrue(small.frameCount() >= 1000);

        final RingGeometry large = RingGeometry.ofFrames(69632, 64, TpacketLayout.TPACKET3_HDRLEN, PAGE);
        assertEquals(69632, large.blockSize());
        assertEquals(1, large.framesPerBlock());
        assertEquals(64, large.frameCount());
    }
}

package org.mptcpgw.core.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.packet.FrameBuilder.hex;

class TcpOptionWalkerTest
{
    private final TcpOptions options = new TcpOptions();

    @Test
    void shouldStopAtEndOfOptionList()
    {
        walk("020405b4" + "00" + "020405dc");
        assertEquals(1460, options.mss());
        assertFalse(options.truncated());
    }

    @Test
    void shouldSkipNoOperations()
    {
        walk("0101010103030e");
        assertEquals(14, options.windowScale());
        assertTrue(options.has(TcpOptions.WINDOW_SCALE));
    }

    @Test
    void shouldStopWhenNoRoomForALengthByte()
    {
        walk("010101" + "08");
        assertTrue(options.truncated());
        assertEquals(0, options.present());
    }

    @Test
    void shouldStopAtASillyOrOverlongLength()
    {
        walk("0402" + "1e01" + "020405b4");
        assertTrue(options.has(TcpOptions.SACK_PERMITTED));
        assertTrue(options.truncated());
        assertFalse(options.has(TcpOptions.MSS));

        walk("0402" + "1e09" + "2000000000");
        assertTrue(options.truncated());
        assertEquals(0, options.mptcpCount());
    }

    @Test
    void shouldSkipKnownOptionsWithAWrongLengthAndCountThem()
    {
        walk("020305" + "0804aabb" + "03030a" + "0505000000");
        assertEquals(3, options.malformedCount());
        assertTrue(options.has(TcpOptions.WINDOW_SCALE));
        assertFalse(options.has(TcpOptions.MSS));
    }

    @Test
    void shouldCountUnknownKinds()
    {
        walk("fd04abcd" + "2204aabb" + "4c020101");
        assertEquals(2, options.unknownCount());
        assertTrue(options.has(TcpOptions.FAST_OPEN));
    }

    @Test
    void shouldDecodeSackBlocks()
    {
        walk("0101" + "05" + "12" + "0000000100000010" + "0000002000000030" + "0101" + "05" + "12");
        assertTrue(options.has(TcpOptions.SACK));
        assertEquals(2, options.sackBlockCount());
        assertEquals(0x20, options.sackLeft(1));
        assertEquals(0x30, options.sackRight(1));
        assertTrue(options.truncated());

        walk("0522" + "00000001000000020000000300000004000000050000000600000007000000080000");
        assertEquals(4, options.sackBlockCount());
        walk("050b000000010000000200");
        assertEquals(1, options.malformedCount());
    }

    @Test
    void shouldRecordEveryMptcpOptionAndTheMssOffset()
    {
        final UnsafeBuffer b = new UnsafeBuffer(hex("ffff" + "020405b4" + "1e0351" + "01" + "1e082001aabbccdd"));
        TcpOptionWalker.walk(b, 2, b.capacity() - 2, options);
        assertEquals(2, options.mssOffset());
        assertEquals(2, options.mptcpCount());
        assertEquals(6, options.mptcpOffset(0));
        assertEquals(3, options.mptcpLength(0));
        assertEquals(10, options.mptcpOffset(1));
        assertEquals(8, options.mptcpLength(1));
        assertEquals(2, options.optionsOffset());
        assertEquals(16, options.optionsLength());
        assertTrue(options.toString().contains("mss=1460"));
    }

    @Test
    void shouldReadOnlyTheOptionsArea()
    {
        // The walker is given 3 bytes of a 4-byte MSS option: the partial option is not read.
        final UnsafeBuffer b = new UnsafeBuffer(hex("020405"));
        TcpOptionWalker.walk(b, 0, 3, options);
        assertTrue(options.truncated());
        assertEquals(-1, options.mssOffset());
    }

    @Test
    void shouldTakeTheAlignedTimestampsShortcutAndWalkOnAfterIt()
    {
        // NOP, NOP, TS as a data segment carries them, then an MPTCP DSS and a window scale after them.
        walk("0101080a0000000100000002" + "1e0820010000abcd" + "030307");
        assertTrue(options.has(TcpOptions.TIMESTAMPS));
        assertEquals(1, options.timestampValue());
        assertEquals(2, options.timestampEcho());
        assertEquals(1, options.mptcpCount());
        assertEquals(12, options.mptcpOffset(0));
        assertEquals(7, options.windowScale());
        // The same twelve bytes cut short are not taken for timestamps.
        walk("0101080a00000001000000");
        assertFalse(options.has(TcpOptions.TIMESTAMPS));
        assertTrue(options.truncated());
    }

    @Test
    void shouldCallAnAreaOutsideItsBufferTruncatedWithoutReadingIt()
    {
        final UnsafeBuffer b = new UnsafeBuffer(hex("0101080a0000000100000002"));
        TcpOptionWalker.walk(b, 4, 12, options);
        assertTrue(options.truncated());
        assertEquals(0, options.present());
        TcpOptionWalker.walk(b, -2, 4, options);
        assertTrue(options.truncated());
    }

    private void walk(final String hexOptions)
    {
        final byte[] bytes = hex(hexOptions.length() % 2 == 1 ? hexOptions + "0" : hexOptions);
        TcpOptionWalker.walk(new UnsafeBuffer(bytes), 0, bytes.length, options);
    }
}

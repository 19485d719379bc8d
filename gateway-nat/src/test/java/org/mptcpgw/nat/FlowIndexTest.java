package org.mptcpgw.nat;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.SessionDescriptor.INSIDE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.RECORD_LENGTH;
import static org.mptcpgw.nat.SessionDescriptor.REMOTE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.endpointKey;
import static org.mptcpgw.nat.SessionDescriptor.recordOffset;
import static org.mptcpgw.nat.SessionDescriptor.remoteKey;

class FlowIndexTest
{
    private static final int ENTRIES = 60;

    private final UnsafeBuffer records = new UnsafeBuffer(ByteBuffer.allocateDirect(ENTRIES * RECORD_LENGTH));

    private void key(final int session, final int insidePort, final int remotePort)
    {
        records.putLong(recordOffset(session) + INSIDE_KEY_OFFSET, endpointKey(0xC0000264, insidePort, 6, 1));
        records.putLong(recordOffset(session) + REMOTE_KEY_OFFSET, remoteKey(0xC6336407, remotePort));
    }

    private static long insideKey(final int insidePort)
    {
        return endpointKey(0xC0000264, insidePort, 6, 1);
    }

    @Test
    void shouldFindRemoveAndKeepClustersIntactAtHighLoad()
    {
        // 60 entries in 64 slots: long clusters that wrap around the end of the slot array.
        final FlowIndex index = new FlowIndex(ENTRIES, 64, records, INSIDE_KEY_OFFSET, -1L, true, 0xABCDL);
        for (int s = 0; s < ENTRIES; s++)
        {
            key(s, 1000 + s, 443);
            index.insert(s);
        }
        assertEquals(-1, index.firstUnreachableSlot());
        for (int s = 0; s < ENTRIES; s++)
        {
            assertEquals(s, index.find(insideKey(1000 + s), remoteKey(0xC6336407, 443)));
        }
        assertEquals(-1, index.find(insideKey(999), remoteKey(0xC6336407, 443)));
        assertEquals(-1, index.find(insideKey(1000), remoteKey(0xC6336407, 444)));

        for (int s = 0; s < ENTRIES; s += 3)
        {
            assertTrue(index.remove(s));
            assertFalse(index.remove(s));
            assertEquals(-1, index.firstUnreachableSlot(), "after removing " + s);
        }
        for (int s = 0; s < ENTRIES; s++)
        {
            assertEquals(0 == s % 3 ? -1 : s, index.find(insideKey(1000 + s), remoteKey(0xC6336407, 443)));
        }
        assertEquals(ENTRIES - 20, index.size());
    }

    @Test
    void shouldIgnoreTheRemoteKeyInAMappingIndexAndRepointEntries()
    {
        final FlowIndex index = new FlowIndex(8, 16, records, INSIDE_KEY_OFFSET, -1L, false, 0x1234L);
        key(0, 5000, 443);
        key(1, 5000, 8080);
        index.insert(0);

        assertEquals(0, index.find(insideKey(5000), 0));
        assertEquals(0, index.find(insideKey(5000), remoteKey(0xCB00710B, 1)));
        assertTrue(index.replace(0, 1));
        assertEquals(1, index.find(insideKey(5000), 0));
        assertFalse(index.replace(0, 1));
        assertTrue(index.remove(1));
        assertEquals(-1, index.find(insideKey(5000), 0));
    }

    @Test
    void shouldResolveATagCollisionInABatchLookup()
    {
        final long seed = 0x7A9L;
        final int slotCount = 16;
        final long remote = remoteKey(0xC6336407, 443);
        // Find two ports whose keys share home slot and tag: the batch's first candidate is then the wrong record.
        final java.util.Map<Integer, Integer> firstPortBySlotAndTag = new java.util.HashMap<>();
        int a = -1;
        int b = -1;
        for (int port = 1; port < 65536 && b < 0; port++)
        {
            final long h = FlowIndex.hash(seed, insideKey(port), remote);
            final int slotAndTag = (((int)h & (slotCount - 1)) << 8) | (int)(h >>> 56);
            final Integer other = firstPortBySlotAndTag.putIfAbsent(slotAndTag, port);
            if (null != other)
            {
                a = other;
                b = port;
            }
        }
        assertTrue(b > 0);
        final FlowIndex index = new FlowIndex(8, slotCount, records, INSIDE_KEY_OFFSET, -1L, true, seed);
        key(0, a, 443);
        key(1, b, 443);
        index.insert(0);
        index.insert(1);
        final long[] local = {insideKey(b), insideKey(a), insideKey(b)};
        final long[] remotes = {remote, remote, remoteKey(0xC6336407, 444)};
        final int[] sessions = new int[3];

        index.findBatch(local, remotes, 3, sessions, new long[3], new long[3], new long[3]);

        assertEquals(1, sessions[0], "behind a record with the same home slot and tag");
        assertEquals(0, sessions[1]);
        assertEquals(-1, sessions[2]);
    }

    @Test
    void shouldRejectAnIndexThatCouldFillUp()
    {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new FlowIndex(64, 64, records, INSIDE_KEY_OFFSET, -1L, true, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new FlowIndex(8, 24, records, INSIDE_KEY_OFFSET, -1L, true, 0));
        assertEquals(2048, FlowIndex.slotCountFor(1000));
        assertEquals(16, FlowIndex.slotCountFor(1));
    }
}

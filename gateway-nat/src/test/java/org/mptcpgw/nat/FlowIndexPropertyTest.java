package org.mptcpgw.nat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mptcpgw.nat.SessionDescriptor.INSIDE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.RECORD_LENGTH;
import static org.mptcpgw.nat.SessionDescriptor.REMOTE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.endpointKey;
import static org.mptcpgw.nat.SessionDescriptor.recordOffset;
import static org.mptcpgw.nat.SessionDescriptor.remoteKey;

/**
 * Random insert/remove sequences on a nearly full index against a HashMap: nothing lost, nothing duplicated,
 * every live key found, every probe chain intact after backward-shift deletions.
 */
class FlowIndexPropertyTest
{
    private static final int CAPACITY = 56;
    private static final int SLOTS = 64;

    @Property(tries = 300)
    void shouldAgreeWithAHashMap(
        @ForAll("operations") final List<Integer> operations,
        @ForAll final long seed)
    {
        final UnsafeBuffer records = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY * RECORD_LENGTH));
        final FlowIndex index = new FlowIndex(CAPACITY, SLOTS, records, INSIDE_KEY_OFFSET, -1L, true, seed);
        final Map<Integer, Integer> model = new HashMap<>();
        final int[] keyOfSession = new int[CAPACITY];
        final boolean[] used = new boolean[CAPACITY];

        for (final int op : operations)
        {
            final int key = op & 0xFF;
            final boolean insert = op >= 0;
            final Integer existing = model.get(key);
            if (insert && null == existing && model.size() < CAPACITY)
            {
                int session = 0;
                while (used[session])
                {
                    session++;
                }
                used[session] = true;
                keyOfSession[session] = key;
                records.putLong(recordOffset(session) + INSIDE_KEY_OFFSET, insideKey(key));
                records.putLong(recordOffset(session) + REMOTE_KEY_OFFSET, remote(key));
                index.insert(session);
                model.put(key, session);
            }
            else if (!insert && null != existing)
            {
                assertEquals(true, index.remove(existing));
                used[existing] = false;
                model.remove(key);
            }
            assertEquals(-1, index.firstUnreachableSlot());
        }

        assertEquals(model.size(), index.size());
        for (int key = 0; key < 256; key++)
        {
            final Integer session = model.get(key);
            assertEquals(null == session ? -1 : (int)session, index.find(insideKey(key), remote(key)), "key " + key);
        }
        for (final Map.Entry<Integer, Integer> e : model.entrySet())
        {
            assertEquals((int)e.getKey(), keyOfSession[e.getValue()]);
        }
    }

    @Provide
    Arbitrary<List<Integer>> operations()
    {
        // Keys 0..79 so inserts collide with live keys; sign picks insert (>= 0) or remove (< 0).
        return Arbitraries.integers().between(0, 79)
            .flatMap(key -> Arbitraries.of(key, -256 + key))
            .list().ofMinSize(1).ofMaxSize(400);
    }

    private static long insideKey(final int key)
    {
        return endpointKey(0xC0000200 + (key & 7), 40000 + key, 17, key & 1);
    }

    private static long remote(final int key)
    {
        return remoteKey(0xCB007100 + (key >> 3), 443);
    }
}

package org.mptcpgw.nat;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import static org.mptcpgw.nat.SessionDescriptor.REMOTE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.RECORD_SHIFT;

/**
 * Open-addressing hash index from a key held in the session records to a session index. The key is one endpoint
 * key (inside or outside, chosen by its offset in the record) and, for session indexes, the remote key; a mapping
 * index uses the endpoint key alone and points at the mapping's head session. Slots are ints: 8 bits of the hash
 * as a tag, then 24 bits of session index plus one (0 marks an empty slot), so a slot costs 4 bytes and most
 * mismatches are rejected without touching the record. Probing is linear. The slots live in direct memory, like
 * the records: a power-of-two int array of several megabytes would be a humongous object for G1, rounded up to
 * whole regions, so its real cost would depend on the heap size.
 * <p>
 * Deletion shifts entries back (Knuth, TAOCP vol. 3, 6.4 algorithm R) instead of leaving tombstones: after the
 * removed slot, each entry of the cluster moves into the hole when its home slot does not lie cyclically between
 * the hole and its current slot. That keeps the invariant every lookup relies on, that no empty slot lies between
 * an entry's home slot and the entry, and it leaves the table exactly as if the removed key had never been
 * inserted. Tombstones would be simpler but a NAT deletes as often as it inserts: they would pile up, lengthen
 * every probe and force periodic rehashing, a latency spike on the data path. With backward shift the work of a
 * deletion is bounded by its cluster, which the load factor (at most one half) keeps short.
 * <p>
 * The hash is keyed with a per-table seed so remote hosts cannot aim keys at one cluster without knowing it.
 * Not thread-safe: one writer, no concurrent readers.
 */
final class FlowIndex
{
    /** Largest number of entries: an index plus one must fit 24 bits. */
    static final int MAX_ENTRIES = NatConfig.MAX_SESSION_CAPACITY;

    private static final int ENTRY_BITS = 24;
    private static final int ENTRY_MASK = (1 << ENTRY_BITS) - 1;

    private final UnsafeBuffer slots;
    private final int slotCount;
    private final int mask;
    private final UnsafeBuffer records;
    private final int localKeyOffset;
    private final long localKeyMask;
    private final boolean matchRemote;
    private final long seed;
    private int size;

    /**
     * @param maxEntries     most entries the index will hold.
     * @param slotCount      number of slots, a power of two larger than maxEntries (twice for load 1/2).
     * @param records        the session records the keys are read from.
     * @param localKeyOffset offset of the endpoint key in a record.
     * @param localKeyMask   bits of the endpoint key that take part in hashing and comparison (all bits, or all but
     *                       the path byte for an index in which a flow is unique across paths).
     * @param matchRemote    true to compare the remote key too (session index), false for a mapping index.
     * @param seed           hash seed.
     */
    FlowIndex(
        final int maxEntries,
        final int slotCount,
        final UnsafeBuffer records,
        final int localKeyOffset,
        final long localKeyMask,
        final boolean matchRemote,
        final long seed)
    {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES || !BitUtil.isPowerOfTwo(slotCount) || slotCount <= maxEntries)
        {
            throw new IllegalArgumentException("maxEntries=" + maxEntries + " slotCount=" + slotCount);
        }
        this.slots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slotCount * 4, SessionDescriptor.ALIGNMENT));
        this.slotCount = slotCount;
        this.mask = slotCount - 1;
        this.records = records;
        this.localKeyOffset = localKeyOffset;
        this.localKeyMask = localKeyMask;
        this.matchRemote = matchRemote;
        this.seed = seed;
    }

    /**
     * @param maxEntries most entries the index will hold.
     * @return slot count for a load factor of at most one half.
     */
    static int slotCountFor(final int maxEntries)
    {
        return BitUtil.findNextPositivePowerOfTwo(Math.max(16, 2 * maxEntries));
    }

    /**
     * Keyed 64-bit hash of a (local, remote) key pair: a multiply-rotate combine followed by the MurmurHash3
     * 64-bit finaliser, which spreads every input bit over the whole word.
     *
     * @param seed      hash seed.
     * @param localKey  endpoint key.
     * @param remoteKey remote key, 0 for a mapping index.
     * @return the hash.
     */
    static long hash(final long seed, final long localKey, final long remoteKey)
    {
        long h = seed ^ (localKey * 0x9E3779B97F4A7C15L);
        h = Long.rotateLeft(h, 31) ^ (remoteKey * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * @param localKey  endpoint key.
     * @param remoteKey remote key (ignored by a mapping index).
     * @return the session with that key, or -1.
     */
    int find(final long unmaskedLocalKey, final long remoteKey)
    {
        final long localKey = unmaskedLocalKey & localKeyMask;
        final long remote = matchRemote ? remoteKey : 0;
        final long h = hash(seed, localKey, remote);
        final int tag = (int)(h >>> 56);
        final UnsafeBuffer slots = this.slots;
        final int mask = this.mask;
        int i = (int)h & mask;
        while (true)
        {
            final int slot = slots.getInt(i << 2);
            if (0 == slot)
            {
                return -1;
            }
            if ((slot >>> ENTRY_BITS) == tag)
            {
                final int session = (slot & ENTRY_MASK) - 1;
                if (matches(session, localKey, remote))
                {
                    return session;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Look up a batch of keys in passes so that the cache misses of different keys overlap. One key at a time, a
     * lookup waits for its slot, then for its record, and a branch on the record's key (mispredicted whenever the
     * key is not in its home slot) throws away whatever the CPU had started for the next key. Here each pass
     * either issues independent loads and only stores what they return, or branches on data the previous pass
     * brought into the cache: (1) hash every key and load its home slot; (2) walk the probe sequence to the first
     * slot whose tag matches (the slot lines are cached now); (3) load each candidate's record keys; (4) compare,
     * and fall back to {@link #find(long, long)} on the rare tag collision. VPP and Snabb batch their lookups over a
     * vector of packets for the same reason.
     *
     * @param localKeys  endpoint keys.
     * @param remoteKeys remote keys (ignored by a mapping index).
     * @param count      number of keys.
     * @param sessions   out: session of each key, or -1.
     * @param hashes     scratch, at least count long.
     * @param foundLocal scratch, at least count long.
     * @param foundRemote scratch, at least count long.
     */
    void findBatch(
        final long[] localKeys,
        final long[] remoteKeys,
        final int count,
        final int[] sessions,
        final long[] hashes,
        final long[] foundLocal,
        final long[] foundRemote)
    {
        final UnsafeBuffer slots = this.slots;
        final UnsafeBuffer records = this.records;
        final int mask = this.mask;
        final int localKeyOffset = this.localKeyOffset;
        for (int k = 0; k < count; k++)
        {
            final long h = hash(seed, localKeys[k] & localKeyMask, matchRemote ? remoteKeys[k] : 0);
            hashes[k] = h;
            sessions[k] = slots.getInt(((int)h & mask) << 2);
        }
        for (int k = 0; k < count; k++)
        {
            final long h = hashes[k];
            final int tag = (int)(h >>> 56);
            int i = (int)h & mask;
            int slot = sessions[k];
            while (0 != slot && (slot >>> ENTRY_BITS) != tag)
            {
                i = (i + 1) & mask;
                slot = slots.getInt(i << 2);
            }
            sessions[k] = (slot & ENTRY_MASK) - 1;
        }
        for (int k = 0; k < count; k++)
        {
            final int candidate = sessions[k];
            if (candidate >= 0)
            {
                final int base = candidate << RECORD_SHIFT;
                foundLocal[k] = records.getLong(base + localKeyOffset) & localKeyMask;
                foundRemote[k] = records.getLong(base + REMOTE_KEY_OFFSET);
            }
        }
        for (int k = 0; k < count; k++)
        {
            if (sessions[k] >= 0 &&
                (foundLocal[k] != (localKeys[k] & localKeyMask) || (matchRemote && foundRemote[k] != remoteKeys[k])))
            {
                sessions[k] = find(localKeys[k], remoteKeys[k]);
            }
        }
    }

    /**
     * Insert a session whose key is not in the index yet (the caller checked with {@link #find(long, long)}).
     *
     * @param session session index; its record already holds the keys.
     */
    void insert(final int session)
    {
        final long h = hashOf(session);
        final UnsafeBuffer slots = this.slots;
        int i = (int)h & mask;
        while (0 != slots.getInt(i << 2))
        {
            i = (i + 1) & mask;
        }
        slots.putInt(i << 2, slotValue(h, session));
        size++;
    }

    /**
     * Remove a session, shifting the rest of its cluster back.
     *
     * @param session session index whose record still holds its keys.
     * @return true when it was found and removed.
     */
    boolean remove(final int session)
    {
        final int i = slotOf(session);
        if (i < 0)
        {
            return false;
        }
        deleteAt(i);
        size--;
        return true;
    }

    /**
     * Point the entry of one session at another session with the same key (a mapping's new head).
     *
     * @param oldSession session the entry points at.
     * @param newSession session with the same key to point at instead.
     * @return true when the entry was found.
     */
    boolean replace(final int oldSession, final int newSession)
    {
        final int i = slotOf(oldSession);
        if (i < 0)
        {
            return false;
        }
        slots.putInt(i << 2, (slots.getInt(i << 2) & ~ENTRY_MASK) | (newSession + 1));
        return true;
    }

    /**
     * @return number of entries.
     */
    int size()
    {
        return size;
    }

    /**
     * @return number of slots.
     */
    int slotCount()
    {
        return slotCount;
    }

    /**
     * @return bytes of direct memory the slots take.
     */
    long footprintBytes()
    {
        return 4L * slotCount;
    }

    /**
     * Check the probe invariant of every entry (tests and debugging only; walks the whole index).
     *
     * @return -1 when every entry is reachable from its home slot, else the first bad slot.
     */
    int firstUnreachableSlot()
    {
        for (int i = 0; i < slotCount; i++)
        {
            final int slot = slots.getInt(i << 2);
            if (0 != slot)
            {
                final int session = (slot & ENTRY_MASK) - 1;
                final long h = hashOf(session);
                if ((slot >>> ENTRY_BITS) != (int)(h >>> 56))
                {
                    return i;
                }
                for (int j = (int)h & mask; j != i; j = (j + 1) & mask)
                {
                    if (0 == slots.getInt(j << 2))
                    {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private void deleteAt(final int removed)
    {
        final UnsafeBuffer slots = this.slots;
        final int mask = this.mask;
        int hole = removed;
        int j = removed;
        while (true)
        {
            j = (j + 1) & mask;
            final int slot = slots.getInt(j << 2);
            if (0 == slot)
            {
                break;
            }
            final int home = (int)hashOf((slot & ENTRY_MASK) - 1) & mask;
            // Move the entry into the hole unless its home lies cyclically in (hole, j]: then the hole does not
            // break its probe sequence and it must stay after its home.
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots.putInt(hole << 2, slot);
                hole = j;
            }
        }
        slots.putInt(hole << 2, 0);
    }

    private int slotOf(final int session)
    {
        final long h = hashOf(session);
        final UnsafeBuffer slots = this.slots;
        final int want = session + 1;
        int i = (int)h & mask;
        while (true)
        {
            final int slot = slots.getInt(i << 2);
            if (0 == slot)
            {
                return -1;
            }
            if ((slot & ENTRY_MASK) == want)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private long hashOf(final int session)
    {
        final int base = session << RECORD_SHIFT;
        final long remote = matchRemote ? records.getLong(base + REMOTE_KEY_OFFSET) : 0;
        return hash(seed, records.getLong(base + localKeyOffset) & localKeyMask, remote);
    }

    private boolean matches(final int session, final long localKey, final long remoteKey)
    {
        final int base = session << RECORD_SHIFT;
        return (records.getLong(base + localKeyOffset) & localKeyMask) == localKey &&
            (!matchRemote || records.getLong(base + REMOTE_KEY_OFFSET) == remoteKey);
    }

    private static int slotValue(final long h, final int session)
    {
        return ((int)(h >>> 56) << ENTRY_BITS) | (session + 1);
    }
}

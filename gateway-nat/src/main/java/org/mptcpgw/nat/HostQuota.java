package org.mptcpgw.nat;

import org.agrona.BitUtil;
import org.agrona.collections.Long2LongCounterMap;

/**
 * Mappings held per (path, inside host), so that one host cannot take all of a path's ports (RFC 6888 REQ-4 asks
 * the same of carrier-grade NATs). An Agrona counter map keyed by the packed (path, inside address); an entry
 * disappears when its count returns to zero. The map is sized at construction for {@code maxHosts} entries and is
 * never allowed to grow: a new host beyond that is refused as if over quota.
 */
final class HostQuota
{
    private static final float LOAD_FACTOR = 0.5f;

    private final Long2LongCounterMap counts;
    private final int quota;
    private final int maxHosts;

    /**
     * @param quota    mappings one host may hold on one path.
     * @param maxHosts (path, host) pairs the table holds.
     */
    HostQuota(final int quota, final int maxHosts)
    {
        this.quota = quota;
        this.maxHosts = maxHosts;
        // Capacity whose resize threshold (capacity * load factor) is at least maxHosts: it never resizes.
        this.counts = new Long2LongCounterMap(
            BitUtil.findNextPositivePowerOfTwo(Math.max(8, (int)Math.ceil(maxHosts / LOAD_FACTOR))), LOAD_FACTOR, 0);
    }

    /**
     * Count one more mapping for the host if it is under quota.
     *
     * @param path       path index.
     * @param insideHost inside address.
     * @return true when counted, false when the host is at its quota or the table is full.
     */
    boolean tryAcquire(final int path, final int insideHost)
    {
        final long key = key(path, insideHost);
        final long count = counts.get(key);
        if (count >= quota || (0 == count && counts.size() >= maxHosts))
        {
            return false;
        }
        counts.incrementAndGet(key);
        return true;
    }

    /**
     * Count one mapping less.
     *
     * @param path       path index.
     * @param insideHost inside address.
     */
    void release(final int path, final int insideHost)
    {
        final long key = key(path, insideHost);
        if (counts.get(key) > 0)
        {
            counts.decrementAndGet(key);
        }
    }

    /**
     * @param path       path index.
     * @param insideHost inside address.
     * @return mappings the host holds on the path.
     */
    int count(final int path, final int insideHost)
    {
        return (int)counts.get(key(path, insideHost));
    }

    /**
     * @return (path, host) pairs with at least one mapping.
     */
    int hosts()
    {
        return counts.size();
    }

    /**
     * @return capacity of the underlying map (constant: it never resizes).
     */
    int mapCapacity()
    {
        return counts.capacity();
    }

    /**
     * @return bytes of heap the map's entries take (key and value per slot).
     */
    long footprintBytes()
    {
        return 16L * counts.capacity();
    }

    private static long key(final int path, final int insideHost)
    {
        return ((long)path << 32) | (insideHost & 0xFFFF_FFFFL);
    }
}

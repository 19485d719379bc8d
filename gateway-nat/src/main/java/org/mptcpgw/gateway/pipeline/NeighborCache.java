package org.mptcpgw.gateway.pipeline;

import org.agrona.collections.Int2IntHashMap;

/**
 * IPv4 address to MAC address, bounded: the gateway's own ARP cache (RFC 826) for next hops on its uplinks, and the
 * table of LAN hosts learned from their frames (so translated return traffic reaches them).
 * <p>
 * An entry is INCOMPLETE while a request is outstanding and REACHABLE for {@code reachableTimeNs} after an answer or
 * after a frame from it was seen; a stale entry still resolves (the MAC rarely changes) while it is refreshed. When
 * the cache is full the entry that expired longest ago (or, if none expired, the oldest) is evicted and counted: an
 * insert scans, but inserts happen only when a new neighbour appears, never per packet of a known one.
 * <p>
 * Single writer (the worker). Nothing allocates after construction.
 */
public final class NeighborCache
{
    /** No MAC known. */
    public static final long UNRESOLVED = 0;

    private final int capacity;
    private final long reachableTimeNs;
    private final long retryIntervalNs;
    private final Int2IntHashMap index;
    private final int[] address;
    private final long[] mac;
    private final long[] expiresNs;
    private final long[] lastRequestNs;
    private final int[] requestsUnanswered;
    private final byte[] port;
    private int used;
    private long evictions;

    /**
     * @param capacity        maximum entries.
     * @param reachableTimeNs how long an answer is trusted.
     * @param retryIntervalNs minimum time between two requests for one address.
     */
    public NeighborCache(final int capacity, final long reachableTimeNs, final long retryIntervalNs)
    {
        this.capacity = capacity;
        this.reachableTimeNs = reachableTimeNs;
        this.retryIntervalNs = retryIntervalNs;
        this.index = new Int2IntHashMap(capacity * 2, 0.65f, -1);
        address = new int[capacity];
        mac = new long[capacity];
        expiresNs = new long[capacity];
        lastRequestNs = new long[capacity];
        requestsUnanswered = new int[capacity];
        port = new byte[capacity];
    }

    /**
     * @param ip IPv4 address.
     * @return its MAC in the low 48 bits, or {@link #UNRESOLVED}.
     */
    public long lookup(final int ip)
    {
        final int slot = index.get(ip);
        return slot < 0 ? UNRESOLVED : mac[slot];
    }

    /**
     * @param ip IPv4 address.
     * @return port the neighbour was last seen on, or -1.
     */
    public int port(final int ip)
    {
        final int slot = index.get(ip);
        return slot < 0 ? -1 : port[slot];
    }

    /**
     * Record a neighbour's MAC (from an ARP reply or request, or a frame it sent).
     *
     * @param ip        its address.
     * @param macAddress its MAC.
     * @param portIndex port it was seen on.
     * @param nowNs     current time.
     */
    public void learn(final int ip, final long macAddress, final int portIndex, final long nowNs)
    {
        int slot = index.get(ip);
        if (slot < 0)
        {
            slot = allocate(ip, nowNs);
        }
        mac[slot] = macAddress;
        port[slot] = (byte)portIndex;
        expiresNs[slot] = nowNs + reachableTimeNs;
        requestsUnanswered[slot] = 0;
    }

    /**
     * Refresh an entry from traffic only if the MAC is unchanged (cheap path for every frame from a LAN host).
     *
     * @param ip         its address.
     * @param macAddress its MAC.
     * @param portIndex  port it was seen on.
     * @param nowNs      current time.
     */
    public void touch(final int ip, final long macAddress, final int portIndex, final long nowNs)
    {
        final int slot = index.get(ip);
        if (slot >= 0 && mac[slot] == macAddress)
        {
            if (expiresNs[slot] - nowNs < reachableTimeNs / 2)
            {
                expiresNs[slot] = nowNs + reachableTimeNs;
            }
            return;
        }
        learn(ip, macAddress, portIndex, nowNs);
    }

    /**
     * Decide whether to send an ARP request for an address now: when it is unknown or about to expire, and no request
     * went out within the retry interval. Records the request.
     *
     * @param ip        address to resolve.
     * @param portIndex port to ask on.
     * @param nowNs     current time.
     * @return true if the caller should send a request now.
     */
    public boolean shouldRequest(final int ip, final int portIndex, final long nowNs)
    {
        int slot = index.get(ip);
        if (slot < 0)
        {
            slot = allocate(ip, nowNs);
            mac[slot] = UNRESOLVED;
            port[slot] = (byte)portIndex;
            expiresNs[slot] = nowNs;
        }
        else if (UNRESOLVED != mac[slot] && expiresNs[slot] - nowNs > reachableTimeNs / 4)
        {
            return false;
        }
        if (0 != lastRequestNs[slot] && nowNs - lastRequestNs[slot] < retryIntervalNs)
        {
            return false;
        }
        lastRequestNs[slot] = nowNs;
        requestsUnanswered[slot]++;
        return true;
    }

    /**
     * @param ip address.
     * @return requests sent since the last answer (a health signal for a next hop), 0 if unknown.
     */
    public int requestsUnanswered(final int ip)
    {
        final int slot = index.get(ip);
        return slot < 0 ? 0 : requestsUnanswered[slot];
    }

    /**
     * @param ip    address.
     * @param nowNs current time.
     * @return true if the entry is resolved and not expired.
     */
    public boolean isReachable(final int ip, final long nowNs)
    {
        final int slot = index.get(ip);
        return slot >= 0 && UNRESOLVED != mac[slot] && expiresNs[slot] - nowNs > 0;
    }

    private int allocate(final int ip, final long nowNs)
    {
        int slot;
        if (used < capacity)
        {
            slot = used++;
        }
        else
        {
            slot = 0;
            for (int i = 1; i < capacity; i++)
            {
                if (expiresNs[i] - expiresNs[slot] < 0)
                {
                    slot = i;
                }
            }
            index.remove(address[slot]);
            evictions++;
        }
        address[slot] = ip;
        mac[slot] = UNRESOLVED;
        expiresNs[slot] = nowNs;
        lastRequestNs[slot] = 0;
        requestsUnanswered[slot] = 0;
        index.put(ip, slot);
        return slot;
    }

    /**
     * @return entries evicted because the cache was full.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * @return entries in use.
     */
    public int size()
    {
        return used;
    }
}

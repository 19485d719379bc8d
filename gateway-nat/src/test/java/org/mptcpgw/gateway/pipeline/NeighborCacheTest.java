package org.mptcpgw.gateway.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeighborCacheTest
{
    static final long S = 1_000_000_000L;
    static final int NEXT_HOP = 0xC6336401;
    static final long MAC = 0x020000000202L;

    @Test
    void shouldRequestUnknownAddressOncePerRetryInterval()
    {
        final NeighborCache cache = new NeighborCache(8, 60 * S, S);
        assertEquals(NeighborCache.UNRESOLVED, cache.lookup(NEXT_HOP));
        assertTrue(cache.shouldRequest(NEXT_HOP, 2, 10 * S));
        assertFalse(cache.shouldRequest(NEXT_HOP, 2, 10 * S + S / 2));
        assertTrue(cache.shouldRequest(NEXT_HOP, 2, 11 * S + 1));
        assertEquals(2, cache.requestsUnanswered(NEXT_HOP));
        cache.learn(NEXT_HOP, MAC, 2, 12 * S);
        assertEquals(MAC, cache.lookup(NEXT_HOP));
        assertEquals(0, cache.requestsUnanswered(NEXT_HOP));
        assertTrue(cache.isReachable(NEXT_HOP, 13 * S));
    }

    @Test
    void shouldRefreshBeforeExpiryAndKeepResolvingWhileStale()
    {
        final NeighborCache cache = new NeighborCache(8, 60 * S, S);
        cache.learn(NEXT_HOP, MAC, 2, 0);
        assertFalse(cache.shouldRequest(NEXT_HOP, 2, 30 * S));
        assertTrue(cache.shouldRequest(NEXT_HOP, 2, 50 * S));
        assertFalse(cache.isReachable(NEXT_HOP, 61 * S));
        assertEquals(MAC, cache.lookup(NEXT_HOP), "a stale entry still resolves while it is refreshed");
    }

    @Test
    void shouldEvictOldestWhenFullAndCountIt()
    {
        final NeighborCache cache = new NeighborCache(2, 60 * S, S);
        cache.learn(1, 0x11, 0, 0);
        cache.learn(2, 0x22, 0, 5 * S);
        cache.learn(3, 0x33, 0, 6 * S);
        assertEquals(NeighborCache.UNRESOLVED, cache.lookup(1));
        assertEquals(0x22, cache.lookup(2));
        assertEquals(0x33, cache.lookup(3));
        assertEquals(1, cache.evictions());
        assertEquals(2, cache.size());
    }

    @Test
    void shouldRelearnOnMacChange()
    {
        final NeighborCache cache = new NeighborCache(8, 60 * S, S);
        cache.touch(NEXT_HOP, MAC, 0, 0);
        cache.touch(NEXT_HOP, MAC + 1, 0, S);
        assertEquals(MAC + 1, cache.lookup(NEXT_HOP));
    }
}

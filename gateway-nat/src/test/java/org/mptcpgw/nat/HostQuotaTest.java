package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;

class HostQuotaTest
{
    @Test
    void shouldCountMappingsPerPathAndHostUpToTheQuota()
    {
        final HostQuota quota = new HostQuota(3, 100);
        for (int i = 0; i < 3; i++)
        {
            assertTrue(quota.tryAcquire(0, INSIDE_HOST_A));
        }

        assertFalse(quota.tryAcquire(0, INSIDE_HOST_A));
        assertTrue(quota.tryAcquire(1, INSIDE_HOST_A));
        assertEquals(3, quota.count(0, INSIDE_HOST_A));
        quota.release(0, INSIDE_HOST_A);
        assertTrue(quota.tryAcquire(0, INSIDE_HOST_A));
    }

    @Test
    void shouldForgetHostsAtZeroAndNeverGrowItsMap()
    {
        final HostQuota quota = new HostQuota(2, 1000);
        final int capacity = quota.mapCapacity();
        for (int host = 0; host < 1000; host++)
        {
            assertTrue(quota.tryAcquire(host & 1, 0xC0000000 + host));
        }

        assertFalse(quota.tryAcquire(0, 0xC0001000), "host table full");
        assertEquals(capacity, quota.mapCapacity(), "no resize");
        for (int host = 0; host < 1000; host++)
        {
            quota.release(host & 1, 0xC0000000 + host);
        }
        assertEquals(0, quota.hosts());
        quota.release(0, INSIDE_HOST_A);
        assertEquals(0, quota.count(0, INSIDE_HOST_A), "release below zero is ignored");
        assertTrue(quota.tryAcquire(0, 0xC0001000));
    }
}

package org.mptcpgw.nat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortPoolTest
{
    private final SplittableRandom random = new SplittableRandom(0xF00DL);

    @Test
    void shouldKeepAFreeInsidePort()
    {
        final PortPool pool = new PortPool(1024, 65535);

        assertEquals(0xBEEF, pool.allocate(0xBEEF, false, random.nextLong()));
        assertFalse(pool.isFree(0xBEEF));
        assertEquals(1, pool.used());
    }

    @Test
    void shouldHandOutEveryPortOnceAndThenRefuse()
    {
        final PortPool pool = new PortPool(1000, 1129);
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 130; i++)
        {
            final int port = pool.allocate(1000, false, random.nextLong());
            assertTrue(port >= 1000 && port <= 1129, "port " + port);
            assertTrue(ports.add(port), "given twice: " + port);
        }

        assertEquals(-1, pool.allocate(1000, false, random.nextLong()));
        assertEquals(-1, pool.allocate(5, true, random.nextLong()));
        assertEquals(130, pool.used());
        pool.release(1077);
        assertEquals(1077, pool.allocate(2000, true, random.nextLong()), "the only free port, any parity");
    }

    @Test
    void shouldPreserveParityWhileAPortOfThatParityIsFree()
    {
        for (final int first : new int[]{1024, 1025})
        {
            final PortPool pool = new PortPool(first, first + 199);
            for (int i = 0; i < 100; i++)
            {
                final int port = pool.allocate(7, true, random.nextLong());
                assertEquals(1, port & 1, "odd like 7: " + port + " (first " + first + ")");
            }
            assertEquals(0, pool.allocate(7, true, random.nextLong()) & 1, "odd ports exhausted: falls back");
        }
    }

    @Test
    void shouldTakeAndReleaseGivenPorts()
    {
        final PortPool pool = new PortPool(20000, 20099);

        assertTrue(pool.take(20050));
        assertFalse(pool.take(20050));
        assertFalse(pool.take(19999));
        assertFalse(pool.take(20100));
        pool.release(20050);
        pool.release(20050);
        assertEquals(0, pool.used());
        assertTrue(pool.isFree(20050));
    }

    @Test
    void shouldSpreadTheStartOfTheSearch()
    {
        final PortPool pool = new PortPool(1024, 65535);
        final Set<Integer> firstPorts = new HashSet<>();
        pool.take(0xBEEF);
        for (int i = 0; i < 50; i++)
        {
            final int port = pool.allocate(0xBEEF, false, random.nextLong());
            firstPorts.add(port / 1024);
            pool.release(port);
        }

        assertTrue(firstPorts.size() > 20, "search starts in " + firstPorts.size() + " of 63 blocks");
    }
}

package org.mptcpgw.gateway.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FragmentFlowsTest
{
    private static final int HOST = 0xC0000203;
    private static final int SERVER = 0xCB007164;
    private static final long LIFETIME_NS = 15_000_000_000L;

    @Test
    void shouldFindTheDatagramByItsIdentityAndDirectionUntilItExpires()
    {
        final FragmentFlows flows = new FragmentFlows(64, LIFETIME_NS);
        final long t0 = -5_000_000_000L; // a clock may start below zero
        flows.record(false, HOST, SERVER, 17, 0x1234, 7, 3, t0);
        final int slot = flows.lookup(false, HOST, SERVER, 17, 0x1234, t0 + 1);
        assertTrue(slot >= 0);
        assertEquals(7, flows.session(slot));
        assertEquals(3, flows.generation(slot));
        assertEquals(-1, flows.lookup(true, HOST, SERVER, 17, 0x1234, t0 + 1), "the other direction");
        assertEquals(-1, flows.lookup(false, HOST, SERVER, 6, 0x1234, t0 + 1), "another protocol");
        assertEquals(-1, flows.lookup(false, HOST, SERVER, 17, 0x1235, t0 + 1), "another identification");
        assertEquals(-1, flows.lookup(false, SERVER, HOST, 17, 0x1234, t0 + 1), "addresses swapped");
        assertEquals(slot, flows.lookup(false, HOST, SERVER, 17, 0x1234, t0 + LIFETIME_NS - 1));
        assertEquals(-1, flows.lookup(false, HOST, SERVER, 17, 0x1234, t0 + LIFETIME_NS), "expired");
        assertEquals(-1, flows.lookup(false, 0, 0, 0, 0, t0), "an empty slot matches nothing");
    }

    @Test
    void shouldStayBoundedAndKeepTheNewestWhenFlooded()
    {
        final FragmentFlows flows = new FragmentFlows(16, LIFETIME_NS);
        assertEquals(16, flows.capacity());
        final int datagrams = 10_000;
        for (int id = 0; id < datagrams; id++)
        {
            flows.record(false, HOST, SERVER, 17, id, id, 0, id);
        }
        int found = 0;
        for (int id = 0; id < datagrams; id++)
        {
            final int slot = flows.lookup(false, HOST, SERVER, 17, id, datagrams);
            if (slot >= 0)
            {
                assertEquals(id, flows.session(slot));
                found++;
            }
        }
        assertTrue(found > 0 && found <= 16, "found " + found);
        assertTrue(flows.lookup(false, HOST, SERVER, 17, datagrams - 1, datagrams) >= 0, "the newest is kept");
    }

    @Test
    void shouldReplaceTheEntryOfTheSameDatagram()
    {
        final FragmentFlows flows = new FragmentFlows(4, LIFETIME_NS);
        flows.record(true, SERVER, HOST, 1, 9, 1, 1, 0);
        flows.record(true, SERVER, HOST, 1, 9, 2, 5, 10);
        final int slot = flows.lookup(true, SERVER, HOST, 1, 9, 20);
        assertEquals(2, flows.session(slot));
        assertEquals(5, flows.generation(slot));
    }
}

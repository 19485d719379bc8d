package org.mptcpgw.nat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.TICK_NS;

class SessionTimersTest
{
    private static final int CAPACITY = 1024;

    private final long[] firedAtNs = new long[CAPACITY];
    private final SessionTimers.Expiry record = (session, nowNs) -> firedAtNs[session] = nowNs;

    @Test
    void shouldAbsorbABurstOfEqualDeadlinesWithoutGrowingOrFiringEarly()
    {
        final SessionTimers timers = new SessionTimers(CAPACITY, TICK_NS, 64, T0_NS);
        final long deadlineNs = T0_NS + 300 * TICK_NS + 12345;
        final boolean[] slotUsed = new boolean[CAPACITY];
        for (int s = 0; s < CAPACITY; s++)
        {
            final int slot = timers.schedule(s, deadlineNs);
            assertTrue(slot >= 0 && slot < CAPACITY && !slotUsed[slot], "slot " + slot);
            slotUsed[slot] = true;
        }
        assertEquals(16, timers.tickAllocation());
        assertEquals(CAPACITY, timers.timerCount());

        long nowNs = T0_NS;
        while (timers.timerCount() > 0 && nowNs < deadlineNs + 200 * TICK_NS)
        {
            nowNs += TICK_NS / 4;
            timers.poll(nowNs, Integer.MAX_VALUE, record);
        }

        assertEquals(0, timers.timerCount());
        final long earliest = Arrays.stream(firedAtNs).min().getAsLong();
        final long latest = Arrays.stream(firedAtNs).max().getAsLong();
        assertTrue(earliest >= deadlineNs, "fired early");
        assertTrue(latest <= deadlineNs + (64 + 2) * TICK_NS, "fired later than a turn after its deadline");
    }

    @Test
    void shouldFireWithinATickOfTheDeadlineWhenNotBursty()
    {
        final SessionTimers timers = new SessionTimers(CAPACITY, TICK_NS, 64, T0_NS);
        for (int s = 0; s < 500; s++)
        {
            timers.schedule(s, T0_NS + s * 200_000_000L + 1000 * TICK_NS);
        }
        long nowNs = T0_NS;
        while (timers.timerCount() > 0)
        {
            nowNs += TICK_NS / 8;
            timers.poll(nowNs, Integer.MAX_VALUE, record);
        }

        for (int s = 0; s < 500; s++)
        {
            final long deadlineNs = T0_NS + s * 200_000_000L + 1000 * TICK_NS;
            assertTrue(firedAtNs[s] >= deadlineNs && firedAtNs[s] <= deadlineNs + 2 * TICK_NS + TICK_NS / 8,
                "timer " + s + " late by " + (firedAtNs[s] - deadlineNs));
        }
    }

    @Test
    void shouldGiveRoomBackOnCancel()
    {
        final SessionTimers timers = new SessionTimers(64, TICK_NS, 64, T0_NS);
        final int[] slots = new int[64];
        for (int s = 0; s < 64; s++)
        {
            slots[s] = timers.schedule(s, T0_NS + 5 * TICK_NS);
        }
        for (int s = 0; s < 64; s += 2)
        {
            timers.cancel(slots[s]);
            timers.cancel(slots[s]);
        }

        assertEquals(32, timers.timerCount());
        for (int s = 0; s < 64; s += 2)
        {
            assertTrue(timers.schedule(s, T0_NS + 9 * TICK_NS) >= 0);
        }
        assertEquals(64, timers.timerCount());
    }

    @Test
    void shouldCatchUpAfterAStallWithBoundedCalls()
    {
        final SessionTimers timers = new SessionTimers(CAPACITY, TICK_NS, 64, T0_NS);
        timers.schedule(1, T0_NS + 10 * TICK_NS);
        timers.schedule(2, T0_NS + 5000 * TICK_NS);
        final long nowNs = T0_NS + 1_000_000 * TICK_NS;

        int calls = 0;
        while (timers.poll(nowNs, 1000, record) > 0)
        {
            calls++;
        }

        assertEquals(nowNs, firedAtNs[1]);
        assertEquals(nowNs, firedAtNs[2]);
        assertTrue(calls <= 64 / SessionTimers.MAX_TICKS_PER_POLL + 2, "calls " + calls);
        assertTrue(timers.currentTickEndNs() > nowNs);
    }

    @Test
    void shouldFireNothingBeforeTheTickIsOver()
    {
        final SessionTimers timers = new SessionTimers(CAPACITY, TICK_NS, 64, T0_NS);
        timers.schedule(3, T0_NS + 1);

        assertEquals(0, timers.poll(T0_NS + TICK_NS - 1, 10, record));
        assertEquals(1, timers.timerCount());
        assertTrue(timers.poll(T0_NS + TICK_NS, 10, record) > 0);
        assertEquals(0, timers.timerCount());
        assertEquals(T0_NS + TICK_NS, firedAtNs[3]);
    }
}

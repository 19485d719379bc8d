package org.mptcpgw.gateway.health;

import org.junit.jupiter.api.Test;
import org.mptcpgw.gateway.path.PathTable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathHealthTest
{
    static final long MS = 1_000_000L;
    static final HealthSettings DEFAULTS =
        new HealthSettings(500 * MS, 1000 * MS, 3, 4, 20, 250 * MS, 3000 * MS, 2000 * MS, 3, 600_000 * MS);

    long now = 1_000_000 * MS;
    int seq;

    /** Run probes every interval for a duration; the link answers after rttMs when up. */
    long run(final PathHealth health, final long durationMs, final boolean linkUp, final long rttMs)
    {
        long firstDownNs = -1;
        final long end = now + durationMs * MS;
        while (now < end)
        {
            health.onProbeSent(++seq, now);
            for (long t = 0; t < 500; t += 10)
            {
                if (linkUp && t == rttMs)
                {
                    health.onProbeReply(seq, now + t * MS);
                }
                health.onTick(now + t * MS);
                if (firstDownNs < 0 && PathTable.DOWN == health.state())
                {
                    firstDownNs = now + t * MS;
                }
            }
            now += 500 * MS;
        }
        return firstDownNs;
    }

    @Test
    void shouldDetectDeadPathWithinThreeSecondsWithDefaults()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        run(health, 10_000, true, 20);
        assertEquals(PathTable.UP, health.state());
        final long failedAt = now;
        final long downAt = run(health, 5_000, false, 0);
        assertTrue(downAt > 0);
        assertTrue(downAt - failedAt <= 3000 * MS, "detection took " + (downAt - failedAt) / MS + " ms");
        assertEquals(PathHealth.REASON_PROBES_LOST, health.lastReason());
    }

    @Test
    void shouldComeBackAfterConsecutiveAnswersAndHoldTime()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        run(health, 5_000, false, 0);
        assertEquals(PathTable.DOWN, health.state());
        run(health, 2_000, true, 20);
        assertEquals(PathTable.DOWN, health.state(), "answers for less than the hold time are not enough");
        run(health, 2_000, true, 20);
        assertEquals(PathTable.UP, health.state());
    }

    @Test
    void shouldNotFlapFasterThanHysteresisAllows()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        run(health, 5_000, true, 20);
        boolean wentDown = false;
        int returnsAfterDown = 0;
        for (int i = 0; i < 15; i++)
        {
            // down 2 s, up 2 s, ... for 30 s
            run(health, 2_000, 0 != i % 2, 20);
            wentDown |= PathTable.DOWN == health.state();
            if (wentDown && PathTable.DOWN != health.state())
            {
                returnsAfterDown++;
            }
        }
        // A link that flaps every 2 s goes down once and stays down: 2 s of answers never cover the 3 s hold time.
        assertTrue(wentDown);
        assertEquals(0, returnsAfterDown);
        // Probes sent in the last down phase time out during the first second: the stable streak starts after them.
        run(health, 5_000, true, 20);
        assertEquals(PathTable.UP, health.state(), "back once the link is stable for the hold time");
    }

    @Test
    void shouldGoDownAtOnceOnLostCarrierAndUpWhenProbesAnswer()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        assertTrue(health.onCarrier(false, now));
        assertEquals(PathTable.DOWN, health.state());
        assertEquals(PathHealth.REASON_CARRIER_DOWN, health.lastReason());
        health.onCarrier(true, now + 10 * MS);
        assertEquals(PathTable.DOWN, health.state());
        run(health, 4_500, true, 20);
        assertEquals(PathTable.UP, health.state());
    }

    @Test
    void shouldNotDegradeOnTheOutagesLossesRightAfterComingBack()
    {
        // A short hold time: the path is up again after 3-4 answers, while the window still holds 6 losses.
        final HealthSettings shortHold =
            new HealthSettings(500 * MS, 1000 * MS, 3, 3, 20, 250 * MS, 1500 * MS, 2000 * MS, 3, 600_000 * MS);
        final PathHealth health = new PathHealth(shortHold, true, now);
        run(health, 5_000, true, 20);
        run(health, 5_000, false, 0);
        assertEquals(PathTable.DOWN, health.state());
        run(health, 2_500, true, 20);
        assertEquals(PathTable.UP, health.state());
        // The window still held the outage's lost probes: the path went degraded one hold time after it came back.
        for (int i = 0; i < 12; i++)
        {
            run(health, 500, true, 20);
            assertEquals(PathTable.UP, health.state(), "a clean link stays up after its return");
        }
    }

    @Test
    void shouldDegradeOnHighRttAndRecover()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        run(health, 5_000, true, 300);
        assertEquals(PathTable.DEGRADED, health.state());
        run(health, 5_000, true, 20);
        assertEquals(PathTable.UP, health.state());
    }

    @Test
    void shouldDegradeOnLossWithoutGoingDown()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        for (int i = 0; i < 20; i++)
        {
            run(health, 500, i % 3 != 0, 20);
        }
        assertEquals(PathTable.DEGRADED, health.state());
    }

    @Test
    void shouldJudgeUnprobedPathOnCarrierAndPassiveSignals()
    {
        final PathHealth health = new PathHealth(DEFAULTS, false, now);
        assertTrue(health.onPassiveFailure(now));
        assertEquals(PathTable.DOWN, health.state());
        health.onTick(now + 1000 * MS);
        assertEquals(PathTable.DOWN, health.state(), "no probes: nothing to bring it back but traffic or carrier");
        assertTrue(health.onTrafficSeen(now + 4000 * MS));
        assertEquals(PathTable.UP, health.state());
        assertTrue(health.onCarrier(false, now + 5000 * MS));
        assertTrue(health.onCarrier(true, now + 5100 * MS) || PathTable.DOWN == health.state());
        health.onTick(now + 6000 * MS);
        assertEquals(PathTable.DOWN, health.state(), "carrier back for less than the hold time");
        health.onTick(now + 8200 * MS);
        assertEquals(PathTable.UP, health.state());
    }

    @Test
    void shouldCountLateReplyAsLost()
    {
        final PathHealth health = new PathHealth(DEFAULTS, true, now);
        for (int i = 0; i < 3; i++)
        {
            health.onProbeSent(++seq, now);
            now += 1500 * MS;
            health.onProbeReply(seq, now);
        }
        assertEquals(PathTable.DOWN, health.state());
        assertEquals(100, health.lossPercent());
    }
}

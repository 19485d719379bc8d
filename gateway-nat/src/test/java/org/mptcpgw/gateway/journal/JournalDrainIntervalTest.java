package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal agent drains the ring at most once per drain interval while records keep coming (so that it does not
 * read each record's cache line while the worker is still writing it), drains again at once when a batch was full,
 * and drains everything at close whatever the interval.
 */
class JournalDrainIntervalTest
{
    private static final long INTERVAL_NS = 200_000;
    private static final int HOST = TestJournal.ip("192.0.2.2");
    private static final int OUTSIDE = TestJournal.ip("198.51.100.2");
    private static final int SERVER = TestJournal.ip("203.0.113.100");

    private long nanoTime = 1_000_000_000L;

    @Test
    void shouldDrainAtMostOncePerIntervalAndAtOnceAfterAFullBatch(@TempDir final Path dir)
    {
        final GatewayCounters counters = GatewayCounters.inMemory(64);
        final JournalSettings settings =
            new JournalSettings(true, dir, RollCycles.FAST_DAILY, 7, 1 << 16, false, TestJournal.TEST_BLOCK_SIZE);
        final Journal journal = Journal.create(settings, counters,
            new GatewayStartInfo(List.of("isp1", "isp2"), false, 0, "test"), new SetTimeProvider(TestJournal.T0_NS),
            2, INTERVAL_NS, () -> nanoTime);
        final JournalPublisher publisher = journal.publisher(0);
        final JournalAgent agent = journal.agent();
        agent.onStart();
        final long started = agent.eventsWritten();
        try
        {
            publish(publisher, 1);
            assertEquals(1, agent.doWork(), "the first drain is not held back");
            assertEquals(started + 1, agent.eventsWritten());

            publish(publisher, 2);
            nanoTime += INTERVAL_NS - 1;
            assertEquals(0, agent.doWork(), "within the interval the ring is left to the worker");
            assertEquals(started + 1, agent.eventsWritten());
            assertTrue(journal.backlogBytes() > 0);

            nanoTime += 1;
            assertEquals(1, agent.doWork());
            assertEquals(started + 2, agent.eventsWritten());

            // Three records with a drain limit of two: the second batch follows at once, not after the interval.
            nanoTime += INTERVAL_NS;
            publish(publisher, 3);
            publish(publisher, 4);
            publish(publisher, 5);
            assertEquals(2, agent.doWork());
            assertEquals(1, agent.doWork(), "a full batch is followed at once");
            assertEquals(started + 5, agent.eventsWritten());
            assertEquals(0, journal.backlogBytes());

            publish(publisher, 6);
            assertEquals(0, agent.doWork());
        }
        finally
        {
            agent.onClose();
        }
        // The stop record follows the last event, which the close drained although the interval had not passed.
        assertEquals(started + 7, agent.eventsWritten());
        assertEquals(started + 7, counters.sum(CounterType.JOURNAL_EVENTS));
    }

    private static void publish(final JournalPublisher publisher, final int id)
    {
        assertTrue(publisher.sessionCreated(TestJournal.T0_NS + id, id, 0, 6, HOST, 50000 + id, OUTSIDE, 40000 + id,
            SERVER, 443, 0));
    }
}

package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.mptcpgw.core.counters.GatewayCounters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A journal driven by the test thread (the agent's duty cycle is called directly), with a settable clock and small
 * Chronicle blocks so that each cycle file is a few hundred KiB instead of tens of MiB.
 */
final class TestJournal implements AutoCloseable
{
    static final long T0_NS = epochNs("2026-11-29T15:00:00Z");
    static final long SECOND_NS = 1_000_000_000L;
    static final long TEST_BLOCK_SIZE = 64 * 1024;
    static final List<String> PATHS = List.of("isp1", "isp2", "isp3");

    final Path dir;
    final GatewayCounters counters = GatewayCounters.inMemory(64);
    final SetTimeProvider clock;
    final Journal journal;
    final JournalPublisher publisher;
    private boolean closed;

    TestJournal(final Path dir)
    {
        this(dir, 7, RollCycles.FAST_DAILY, 1 << 20, T0_NS, new GatewayStartInfo(PATHS, false, 0, "test"));
    }

    TestJournal(
        final Path dir,
        final int retention,
        final RollCycle rollCycle,
        final int ringCapacity,
        final long startNs,
        final GatewayStartInfo start)
    {
        this.dir = dir;
        this.clock = new SetTimeProvider(startNs);
        final JournalSettings settings =
            new JournalSettings(true, dir, rollCycle, retention, ringCapacity, false, TEST_BLOCK_SIZE);
        journal = Journal.create(settings, counters, start, clock, JournalAgent.DEFAULT_DRAIN_LIMIT);
        publisher = journal.publisher(0);
    }

    static long epochNs(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * SECOND_NS + instant.getNano();
    }

    static int ip(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        return (Integer.parseInt(parts[0]) << 24) | (Integer.parseInt(parts[1]) << 16) |
            (Integer.parseInt(parts[2]) << 8) | Integer.parseInt(parts[3]);
    }

    TestJournal start()
    {
        journal.agent().onStart();
        return this;
    }

    /**
     * Run duty cycles until the ring is empty.
     */
    void drain()
    {
        for (int i = 0; i < 1_000_000 && journal.backlogBytes() > 0; i++)
        {
            journal.agent().doWork();
        }
        journal.agent().doWork();
    }

    long nowNs()
    {
        return clock.currentTimeNanos();
    }

    void advanceSeconds(final long seconds)
    {
        clock.advanceMillis(seconds * 1000);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            journal.agent().onClose();
            counters.close();
        }
    }
}

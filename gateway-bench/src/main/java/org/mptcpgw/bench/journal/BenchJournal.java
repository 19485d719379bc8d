package org.mptcpgw.bench.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.status.CountersReader;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.journal.GatewayStartInfo;
import org.mptcpgw.gateway.journal.Journal;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.mptcpgw.gateway.journal.JournalSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real journal in a temporary directory, with the agent on its own thread (backoff idle strategy, as in the
 * gateway), the default ring size (8 MiB) and Chronicle's default block size. Deleted on close.
 */
final class BenchJournal implements AutoCloseable
{
    /** Ring capacity: journal.ring-size default. */
    static final int RING_CAPACITY = 8 * 1024 * 1024;

    final Path dir;
    final GatewayCounters counters = GatewayCounters.inMemory(64);
    final Journal journal;
    final JournalPublisher publisher;
    /** A worker's publisher: stages records, one ring message per {@code flush()}. */
    final JournalPublisher batched;
    private final AgentRunner runner;
    private final CountersReader reader;
    private final int eventsCounterId;
    private final int overflowCounterId;
    private boolean stopped;

    BenchJournal()
    {
        try
        {
            dir = Files.createTempDirectory("mptcpgw-journal-bench");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        journal = Journal.create(
            new JournalSettings(true, dir, JournalSettings.rollCycle("daily"), 7, RING_CAPACITY, false, 0),
            counters, new GatewayStartInfo(List.of("isp1", "isp2"), false, 0, "bench"));
        publisher = journal.publisher(0);
        batched = journal.workerPublisher(1);
        reader = counters.reader();
        eventsCounterId = find(CounterType.JOURNAL_EVENTS);
        overflowCounterId = find(CounterType.JOURNAL_OVERFLOWS);
        runner = new AgentRunner(Journal.idleStrategy(), Throwable::printStackTrace, null, journal.agent());
        AgentRunner.startOnThread(runner);
    }

    private int find(final CounterType type)
    {
        final int[] id = {-1};
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == type.typeId())
            {
                id[0] = counterId;
            }
        });
        return id[0];
    }

    /**
     * @return records the agent has written (acquire read of its counter).
     */
    long eventsWritten()
    {
        return reader.getCounterValue(eventsCounterId);
    }

    /**
     * @return events refused because the ring was full.
     */
    long overflows()
    {
        return reader.getCounterValue(overflowCounterId);
    }

    /**
     * Wait (spinning, then yielding) until the agent has written at least this many records.
     *
     * @param target records.
     */
    void awaitWritten(final long target)
    {
        final long deadlineNs = System.nanoTime() + 60_000_000_000L;
        while (eventsWritten() < target)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("journal agent stalled at " + eventsWritten() + " of " + target);
            }
            Thread.yield();
        }
    }

    /**
     * Stop the agent (it drains the ring, writes "gateway stopped" and closes the queue); the files stay.
     */
    void stop()
    {
        if (!stopped)
        {
            stopped = true;
            runner.close();
            counters.close();
        }
    }

    /**
     * Stop the agent and delete the journal directory.
     */
    @Override
    public void close()
    {
        stop();
        IoUtil.delete(dir.toFile(), true);
    }
}

package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.counters.CounterType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRetentionTest
{
    private static final int HOST = TestJournal.ip("192.0.2.33");
    private static final int OUTSIDE = TestJournal.ip("198.51.100.7");
    private static final int REMOTE = TestJournal.ip("203.0.113.9");
    private static final long HOUR_SECONDS = 3600;

    @TempDir
    Path dir;

    @Test
    void shouldKeepOnlyTheNewestCycleFiles() throws IOException
    {
        final List<Long> writtenAt = new ArrayList<>();
        try (TestJournal journal = new TestJournal(dir, 2, RollCycles.FAST_HOURLY, 1 << 16, TestJournal.T0_NS,
            new GatewayStartInfo(TestJournal.PATHS, false, 0, "retention")).start())
        {
            for (int hour = 0; hour < 5; hour++)
            {
                final long now = journal.nowNs();
                writtenAt.add(now);
                assertTrue(journal.publisher.sessionCreated(now, 0x5E55_0000L + hour, 0, 6, HOST, 40000 + hour,
                    OUTSIDE, 50000 + hour, REMOTE, 443, 0));
                journal.drain();
                assertTrue(cycleFileNames().size() <= 2, "after hour " + hour + ": " + cycleFileNames());
                journal.advanceSeconds(HOUR_SECONDS);
            }
            assertEquals(List.of("20261129-18F.cq4", "20261129-19F.cq4"), cycleFileNames());
            assertEquals(3, journal.journal.agent().filesDeleted());
            assertEquals(diskUse(), journal.counters.sum(CounterType.JOURNAL_DISK_BYTES));
        }

        final List<Long> read = new ArrayList<>();
        new JournalScanner().scan(dir, new JournalScanner.Handler()
        {
            @Override
            public void onSessionCreated(final NatSessionFlyweight record)
            {
                read.add(record.timestampNs());
            }
        });
        // The stop record went into the last file too; the first three hours are gone.
        assertEquals(writtenAt.subList(3, 5), read);
    }

    private List<String> cycleFileNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Path p : JournalFiles.cycleFiles(dir))
        {
            names.add(p.getFileName().toString());
        }
        return names;
    }

    private long diskUse() throws IOException
    {
        long total = 0;
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path p : (Iterable<Path>)files::iterator)
            {
                total += Files.size(p);
            }
        }
        return total;
    }
}

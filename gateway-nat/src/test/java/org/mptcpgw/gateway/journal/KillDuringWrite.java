package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link JournalReplayTest}: journals three sessions through the real publisher and agent, then
 * starts a fourth document, writes half a record into it and halts the JVM as kill -9 would (no shutdown hooks, no
 * close), leaving a torn document and the queue's write lock held by a dead process.
 */
final class KillDuringWrite
{
    static final int SESSIONS = 3;

    private KillDuringWrite()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final TestJournal journal = new TestJournal(dir, 7, RollCycles.FAST_DAILY, 1 << 16, TestJournal.T0_NS,
            new GatewayStartInfo(List.of("isp1", "isp2"), false, 0, "child")).start();
        for (int i = 0; i < SESSIONS; i++)
        {
            journal.publisher.sessionCreated(TestJournal.T0_NS + i, 0x7000 + i, 0, 6, TestJournal.ip("192.0.2.40"),
                40000 + i, TestJournal.ip("198.51.100.40"), 20000 + i, TestJournal.ip("203.0.113.40"), 443, 0);
        }
        journal.drain();
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_DAILY).blockSize(TestJournal.TEST_BLOCK_SIZE).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeShort((short)JournalRecordFlyweight.TYPE_SESSION_CREATED).writeLong(0x7777L);
        System.out.println("halting inside a document");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}

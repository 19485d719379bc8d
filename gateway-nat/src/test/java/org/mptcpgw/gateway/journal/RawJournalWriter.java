package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes journal documents directly (no ring, no agent), so a test controls every record: process boundaries
 * without a stop record (a crash), garbage documents, records of a future version.
 */
final class RawJournalWriter implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final byte[] bytes = new byte[GatewayStartedFlyweight.MAX_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final GatewayStartedFlyweight started = new GatewayStartedFlyweight();
    private final NatSessionFlyweight session = new NatSessionFlyweight();
    private final SessionRefreshedFlyweight refreshed = new SessionRefreshedFlyweight();

    RawJournalWriter(final Path dir)
    {
        queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
            .blockSize(TestJournal.TEST_BLOCK_SIZE).build();
        appender = queue.createAppender();
        started.wrap(buffer, 0);
        session.wrap(buffer, 0);
        refreshed.wrap(buffer, 0);
    }

    RawJournalWriter started(final long timestampNs, final boolean warm, final long restoreIdleNs)
    {
        started.header(JournalRecordFlyweight.TYPE_GATEWAY_STARTED, JournalRecordFlyweight.CONTROL_WORKER,
            timestampNs);
        return raw(started.body(warm ? GatewayStartedFlyweight.FLAG_WARM_RESTART : 0, restoreIdleNs,
            TestJournal.PATHS, "raw"));
    }

    RawJournalWriter stopped(final long timestampNs)
    {
        new JournalRecordFlyweight().wrap(buffer, 0)
            .header(JournalRecordFlyweight.TYPE_GATEWAY_STOPPED, JournalRecordFlyweight.CONTROL_WORKER, timestampNs);
        return raw(JournalRecordFlyweight.HEADER_LENGTH);
    }

    RawJournalWriter created(final long timestampNs, final long sessionId, final int[] tuple)
    {
        return session(JournalRecordFlyweight.TYPE_SESSION_CREATED, timestampNs, sessionId, tuple, 0);
    }

    RawJournalWriter ended(final long timestampNs, final long sessionId, final int[] tuple, final int cause)
    {
        return session(JournalRecordFlyweight.TYPE_SESSION_ENDED, timestampNs, sessionId, tuple, cause);
    }

    /**
     * @param tuple {protocol, inside ip, inside port, outside ip, outside port, remote ip, remote port, path}.
     */
    private RawJournalWriter session(
        final int type, final long timestampNs, final long sessionId, final int[] tuple, final int cause)
    {
        session.header(type, 0, timestampNs);
        session.sessionId(sessionId).inside(tuple[1], tuple[2]).outside(tuple[3], tuple[4]).remote(tuple[5], tuple[6])
            .attributes(tuple[7], tuple[0], 0, cause);
        return raw(NatSessionFlyweight.LENGTH);
    }

    RawJournalWriter refreshed(final long timestampNs, final long sessionId, final long lastActivityNs)
    {
        refreshed.header(JournalRecordFlyweight.TYPE_SESSION_REFRESHED, 0, timestampNs);
        refreshed.sessionId(sessionId).lastActivityNs(lastActivityNs);
        return raw(SessionRefreshedFlyweight.LENGTH);
    }

    RawJournalWriter raw(final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes, 0, length);
        }
        return this;
    }

    RawJournalWriter document(final byte[] document)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(document);
        }
        return this;
    }

    static List<String> paths()
    {
        return TestJournal.PATHS;
    }

    @Override
    public void close()
    {
        appender.close();
        queue.close();
    }
}

package org.mptcpgw.gateway.journal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker's batched publisher: records wait in its staging buffer until {@code flush()}, reach the ring as one
 * message, and the agent writes them as the same documents a write-through publisher produces.
 */
class BatchedPublisherTest
{
    private static final int HOST = TestJournal.ip("192.0.2.10");
    private static final int OUTSIDE = TestJournal.ip("198.51.100.2");
    private static final int REMOTE = TestJournal.ip("203.0.113.80");

    @TempDir
    Path dir;

    @Test
    void shouldHoldRecordsUntilFlushThenWriteEachAsItsOwnDocument()
    {
        final List<String> written = new ArrayList<>();
        try (TestJournal journal = new TestJournal(dir).start())
        {
            final JournalPublisher batched = journal.journal.workerPublisher(1);
            assertTrue(batched.batched());
            assertFalse(journal.publisher.batched());
            for (int i = 0; i < 5; i++)
            {
                assertTrue(batched.sessionCreated(TestJournal.T0_NS + i, 100 + i, i % 2, 6, HOST, 40000 + i,
                    OUTSIDE, 50000 + i, REMOTE, 443, 0));
            }
            batched.subflowPlaced(TestJournal.T0_NS + 5, 0x1234, 1, 105, HOST, 40005, REMOTE, 443, OUTSIDE, 50005, 0);
            assertEquals(0, journal.journal.backlogBytes(), "nothing reaches the ring before the flush");
            assertEquals(6, batched.flush());
            assertEquals(0, batched.flush(), "a flush with nothing staged hands nothing over");
            assertTrue(journal.journal.backlogBytes() > 0);
            journal.drain();
            // 1 start record + 6 events.
            assertEquals(7, journal.counters.sum(CounterType.JOURNAL_EVENTS));
        }
        new JournalScanner().scan(dir, new JournalScanner.Handler()
        {
            public void onSessionCreated(final NatSessionFlyweight record)
            {
                written.add(record.toString());
            }

            public void onSubflowPlaced(final SubflowPlacedFlyweight record)
            {
                written.add(record.toString());
            }
        });
        assertEquals(6, written.size(), written.toString());
        assertTrue(written.get(0).contains("inside=192.0.2.10:40000"), written.get(0));
        assertTrue(written.get(4).contains("outside=198.51.100.2:50004"), written.get(4));
        assertTrue(written.get(5).contains("serverToken=1234"), written.get(5));
    }

    @Test
    void shouldFlushByItselfWhenTheStagingBufferIsFull()
    {
        try (TestJournal journal = new TestJournal(dir).start())
        {
            final JournalPublisher batched = journal.journal.workerPublisher(1);
            // 4096 bytes of staging, 56 bytes per session record with its length prefix: 73 fit.
            final int records = 200;
            for (int i = 0; i < records; i++)
            {
                assertTrue(batched.sessionCreated(TestJournal.T0_NS + i, i, 0, 17, HOST, 1000 + i, OUTSIDE, 2000 + i,
                    REMOTE, 53, 0));
            }
            assertTrue(journal.journal.backlogBytes() > 0, "full staging buffers went to the ring");
            batched.flush();
            journal.drain();
            assertEquals(1 + records, journal.counters.sum(CounterType.JOURNAL_EVENTS));
            assertEquals(0, journal.counters.sum(CounterType.JOURNAL_OVERFLOWS));
        }
    }

    @Test
    void shouldCountEveryRecordOfABatchTheRingCannotTake()
    {
        final GatewayCounters counters = GatewayCounters.inMemory(16);
        try
        {
            // The smallest ring: 1 KiB of records, so the largest message is 128 bytes and holds two records.
            final RingBuffer ring = Journal.newRing(1024);
            final JournalPublisher batched = new JournalPublisher(ring,
                counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, 0), 0, JournalPublisher.DEFAULT_STAGING_BYTES);
            int handedOver = 0;
            for (int i = 0; i < 64; i++)
            {
                batched.sessionCreated(i, i, 0, 6, HOST, 1000 + i, OUTSIDE, 2000 + i, REMOTE, 80, 0);
                handedOver += batched.flush();
            }
            final long overflows = counters.sum(CounterType.JOURNAL_OVERFLOWS);
            assertTrue(overflows > 0, "a ring nobody drains fills up");
            assertEquals(64, handedOver + overflows, "every record is either in the ring or counted");
        }
        finally
        {
            counters.close();
        }
    }

    @Property(tries = 500)
    void shouldWriteTheSameBytesAsTheFieldSetters(
        @ForAll final long timestampNs,
        @ForAll final long sessionId,
        @ForAll final int insideIp,
        @ForAll final char insidePort,
        @ForAll final int outsideIp,
        @ForAll final char outsidePort,
        @ForAll final int remoteIp,
        @ForAll final char remotePort,
        @ForAll final byte path,
        @ForAll final byte protocol,
        @ForAll final char flags,
        @ForAll final byte cause,
        @ForAll final boolean ended)
    {
        final int type = ended ?
            JournalRecordFlyweight.TYPE_SESSION_ENDED : JournalRecordFlyweight.TYPE_SESSION_CREATED;
        final UnsafeBuffer fieldByField = new UnsafeBuffer(new byte[NatSessionFlyweight.LENGTH]);
        final UnsafeBuffer wordByWord = new UnsafeBuffer(new byte[NatSessionFlyweight.LENGTH]);
        final NatSessionFlyweight record = new NatSessionFlyweight();
        record.wrap(fieldByField, 0);
        record.header(type, 7, timestampNs);
        record.sessionId(sessionId).inside(insideIp, insidePort).outside(outsideIp, outsidePort)
            .remote(remoteIp, remotePort).attributes(path & 0xFF, protocol & 0xFF, flags, cause & 0xFF);
        record.wrap(wordByWord, 0);
        record.record(type, 7, timestampNs, sessionId, insideIp, insidePort, outsideIp, outsidePort, remoteIp,
            remotePort, path & 0xFF, protocol & 0xFF, flags, cause & 0xFF);
        for (int i = 0; i < NatSessionFlyweight.LENGTH; i++)
        {
            assertEquals(fieldByField.getByte(i), wordByWord.getByte(i), "byte " + i);
        }
    }
}

package org.mptcpgw.gateway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRoundTripTest
{
    private static final long SESSION_ID = SessionIds.encode(3, 0x00BEEF, 0x0C0FFEE0);
    private static final long HOST_KEY = 0x1122_3344_5566_7788L;
    private static final long SERVER_KEY = 0x8877_6655_4433_2211L;
    private static final int SERVER_TOKEN = 0xCAFE_F00D;
    private static final int HOST_TOKEN = 0xDEAD_BEEF;
    private static final int HOST = TestJournal.ip("192.0.2.10");
    private static final int OUTSIDE = TestJournal.ip("198.51.100.2");
    private static final int SERVER = TestJournal.ip("203.0.113.80");

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEveryEventType()
    {
        final long t = TestJournal.T0_NS + 123_456_789L;
        try (TestJournal journal = new TestJournal(dir).start())
        {
            publishOneOfEach(journal.journal.publisher(3), t);
            journal.drain();
            assertEquals(8, journal.counters.sum(CounterType.JOURNAL_EVENTS));
            assertEquals(0, journal.counters.sum(CounterType.JOURNAL_LAG));
        }

        final List<String> seen = new ArrayList<>();
        final JournalScanner scanner = new JournalScanner().scan(dir, new JournalScanner.Handler()
        {
            @Override
            public void onGatewayStarted(final GatewayStartedFlyweight r)
            {
                assertEquals(JournalRecordFlyweight.CONTROL_WORKER, r.worker());
                assertEquals(TestJournal.T0_NS, r.timestampNs());
                assertArrayEquals(new String[]{"isp1", "isp2", "isp3"}, r.pathNames());
                assertEquals("test", r.summary());
                assertFalse(r.warmRestart());
                seen.add("started");
            }

            @Override
            public void onSessionCreated(final NatSessionFlyweight r)
            {
                assertSession(r, t, NatSessionFlyweight.CAUSE_NONE);
                seen.add("created");
            }

            @Override
            public void onSessionRefreshed(final SessionRefreshedFlyweight r)
            {
                assertEquals(t + 1, r.timestampNs());
                assertEquals(SESSION_ID, r.sessionId());
                assertEquals(t + 2, r.lastActivityNs());
                seen.add("refreshed");
            }

            @Override
            public void onMptcpTracked(final MptcpTrackedFlyweight r)
            {
                assertEquals(t + 3, r.timestampNs());
                assertEquals(1, r.mptcpVersion());
                assertEquals(SERVER_TOKEN, r.serverToken());
                assertEquals(HOST_TOKEN, r.hostToken());
                assertEquals(HOST_KEY, r.hostKey());
                assertEquals(SERVER_KEY, r.serverKey());
                assertEquals(HOST, r.hostAddress());
                assertEquals(51000, r.hostPort());
                assertEquals(SERVER, r.serverAddress());
                assertEquals(443, r.serverPort());
                assertEquals(0, r.initialPath());
                assertEquals(SESSION_ID, r.initialSessionId());
                seen.add("tracked");
            }

            @Override
            public void onSubflowPlaced(final SubflowPlacedFlyweight r)
            {
                assertEquals(t + 4, r.timestampNs());
                assertEquals(SERVER_TOKEN, r.serverToken());
                assertEquals(2, r.path());
                assertEquals(SESSION_ID, r.sessionId());
                assertEquals(HOST, r.insideAddress());
                assertEquals(51001, r.insidePort());
                assertEquals(SERVER, r.remoteAddress());
                assertEquals(443, r.remotePort());
                assertEquals(OUTSIDE, r.outsideAddress());
                assertEquals(40002, r.outsidePort());
                assertEquals(SubflowPlacedFlyweight.FLAG_BACKUP, r.flags());
                seen.add("subflow");
            }

            @Override
            public void onMptcpEnded(final MptcpEndedFlyweight r)
            {
                assertEquals(t + 5, r.timestampNs());
                assertEquals(SERVER_TOKEN, r.serverToken());
                assertEquals(HOST, r.hostAddress());
                assertEquals(MptcpConnectionTable.CAUSE_FASTCLOSE, r.cause());
                seen.add("mptcp-ended");
            }

            @Override
            public void onSessionEnded(final NatSessionFlyweight r)
            {
                assertSession(r, t + 6, NatSessionFlyweight.CAUSE_RST_LINGER);
                seen.add("ended");
            }

            @Override
            public void onPathState(final PathStateFlyweight r)
            {
                assertEquals(t + 7, r.timestampNs());
                assertEquals(2, r.path());
                assertEquals(2, r.oldState());
                assertEquals(0, r.newState());
                assertEquals(0x51, r.reason());
                assertEquals(3, r.worker());
                seen.add("path");
            }

            @Override
            public void onGatewayStopped(final JournalRecordFlyweight r)
            {
                seen.add("stopped");
            }
        });
        assertEquals(List.of("started", "created", "refreshed", "tracked", "subflow", "mptcp-ended", "ended", "path",
            "stopped"), seen);
        assertEquals(9, scanner.records());
        assertEquals(0, scanner.unknown() + scanner.malformed());
    }

    private static void publishOneOfEach(final JournalPublisher p, final long t)
    {
        assertTrue(p.sessionCreated(t, SESSION_ID, 1, 6, HOST, 51000, OUTSIDE, 40001, SERVER, 443,
            NatSessionFlyweight.FLAG_INBOUND));
        assertTrue(p.sessionRefreshed(t + 1, SESSION_ID, t + 2));
        assertTrue(p.mptcpTracked(t + 3, 1, SERVER_TOKEN, HOST_TOKEN, HOST_KEY, SERVER_KEY, HOST, 51000,
            SERVER, 443, 0, SESSION_ID));
        assertTrue(p.subflowPlaced(t + 4, SERVER_TOKEN, 2, SESSION_ID, HOST, 51001, SERVER, 443, OUTSIDE,
            40002, SubflowPlacedFlyweight.FLAG_BACKUP));
        assertTrue(p.mptcpEnded(t + 5, SERVER_TOKEN, HOST, MptcpConnectionTable.CAUSE_FASTCLOSE));
        assertTrue(p.sessionEnded(t + 6, SESSION_ID, 1, 6, HOST, 51000, OUTSIDE, 40001, SERVER, 443,
            NatSessionFlyweight.FLAG_INBOUND, NatSessionFlyweight.CAUSE_RST_LINGER));
        assertTrue(p.pathStateChanged(t + 7, 2, 2, 0, 0x51));
    }

    private static void assertSession(final NatSessionFlyweight r, final long timestampNs, final int cause)
    {
        assertEquals(3, r.worker());
        assertEquals(JournalRecordFlyweight.CURRENT_VERSION, r.version());
        assertEquals(timestampNs, r.timestampNs());
        assertEquals(SESSION_ID, r.sessionId());
        assertEquals(3, SessionIds.worker(r.sessionId()));
        assertEquals(0x00BEEF, SessionIds.index(r.sessionId()));
        assertEquals(0x0C0FFEE0, SessionIds.generation(r.sessionId()));
        assertEquals(1, r.path());
        assertEquals(6, r.protocol());
        assertEquals(HOST, r.insideAddress());
        assertEquals(51000, r.insidePort());
        assertEquals(OUTSIDE, r.outsideAddress());
        assertEquals(40001, r.outsidePort());
        assertEquals(SERVER, r.remoteAddress());
        assertEquals(443, r.remotePort());
        assertEquals(NatSessionFlyweight.FLAG_INBOUND, r.flags());
        assertEquals(cause, r.cause());
    }

    @Test
    void shouldWriteBigEndianOnTheWire()
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        final NatSessionFlyweight r = new NatSessionFlyweight();
        r.wrap(buffer, 0);
        r.header(JournalRecordFlyweight.TYPE_SESSION_CREATED, 1, 0x0102_0304_0506_0708L);
        r.inside(HOST, 0xC738);
        assertEquals(0, buffer.getByte(0));
        assertEquals(3, buffer.getByte(1));
        assertEquals(1, buffer.getByte(JournalRecordFlyweight.TIMESTAMP_OFFSET));
        assertEquals(8, buffer.getByte(JournalRecordFlyweight.TIMESTAMP_OFFSET + 7));
        assertEquals(192, buffer.getByte(NatSessionFlyweight.INSIDE_ADDRESS_OFFSET) & 0xFF);
        assertEquals(0xC7, buffer.getByte(NatSessionFlyweight.INSIDE_PORT_OFFSET) & 0xFF);
        assertTrue(r.toString().contains("inside=192.0.2.10:51000"), r.toString());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a publisher that waited would hang here
    void shouldCountOverflowWhenRingIsFullAndNeverBlock()
    {
        final int ringCapacity = 64 * 1024;
        try (TestJournal journal = new TestJournal(dir, 7, net.openhft.chronicle.queue.RollCycles.FAST_DAILY,
            ringCapacity, TestJournal.T0_NS, new GatewayStartInfo(TestJournal.PATHS, false, 0, "test")))
        {
            // The agent has not started: nothing drains the ring.
            final int attempts = 5_000;
            int accepted = 0;
            for (int i = 0; i < attempts; i++)
            {
                if (journal.publisher.sessionCreated(TestJournal.T0_NS + i, i, 0, 17, HOST, 1000 + i, OUTSIDE,
                    20000 + i, SERVER, 53, 0))
                {
                    accepted++;
                }
            }
            final int recordSlot = NatSessionFlyweight.LENGTH + 8; // ring record header, already 8-byte aligned
            assertEquals(ringCapacity / recordSlot, accepted);
            assertEquals(attempts - accepted, journal.counters.sum(CounterType.JOURNAL_OVERFLOWS));

            journal.start();
            journal.drain();
            assertEquals(accepted + 1, journal.counters.sum(CounterType.JOURNAL_EVENTS));
            assertTrue(journal.publisher.sessionRefreshed(TestJournal.T0_NS, 1, TestJournal.T0_NS));
            journal.drain();
            assertEquals(accepted + 2, journal.counters.sum(CounterType.JOURNAL_EVENTS));
            assertEquals(attempts - accepted, journal.counters.sum(CounterType.JOURNAL_OVERFLOWS));
        }
    }

    @Test
    void shouldDoNothingWhenDisabled()
    {
        final JournalPublisher p = JournalPublisher.disabled(0);
        assertFalse(p.sessionCreated(1, 1, 0, 6, HOST, 1, OUTSIDE, 2, SERVER, 3, 0));
        assertFalse(p.pathStateChanged(1, 0, 2, 0, 0));
    }
}

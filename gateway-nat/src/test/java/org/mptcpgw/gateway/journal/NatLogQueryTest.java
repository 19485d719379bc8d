package org.mptcpgw.gateway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.gateway.journal.TestJournal.SECOND_NS;
import static org.mptcpgw.gateway.journal.TestJournal.T0_NS;
import static org.mptcpgw.gateway.journal.TestJournal.ip;

class NatLogQueryTest
{
    static final int OUTSIDE = ip("198.51.100.2");
    static final int PORT = 40001;
    static final int HOST_A = ip("192.0.2.10");
    static final int HOST_B = ip("192.0.2.11");
    static final int HOST_C = ip("192.0.2.12");
    static final int WEB = ip("203.0.113.80");
    static final int DNS = ip("203.0.113.53");
    static final long ID_A = SessionIds.encode(0, 0xA, 1);
    static final long ID_B1 = SessionIds.encode(0, 0xB, 1);
    static final long ID_B2 = SessionIds.encode(0, 0xB, 2);
    static final long ID_C = SessionIds.encode(1, 0xC, 1);
    static final long ID_D = SessionIds.encode(1, 0xD, 1);

    @TempDir
    Path dir;

    /**
     * The same outside port 40001 held by A (tcp, 10-100 s), C (udp, 50-200 s), B1 (tcp, 150-300 s) and B2 (tcp,
     * from 400 s, open); D holds 40002; plus unrelated sessions on other ports.
     */
    static void writeReuseScenario(final TestJournal journal)
    {
        final JournalPublisher p = journal.publisher;
        p.sessionCreated(at(10), ID_A, 1, 6, HOST_A, 51000, OUTSIDE, PORT, WEB, 443, 0);
        p.sessionCreated(at(20), ID_D, 2, 6, HOST_B, 52002, OUTSIDE, PORT + 1, WEB, 443, 0);
        for (int i = 0; i < 50; i++)
        {
            p.sessionCreated(at(30) + i, SessionIds.encode(2, i, 1), 1, 6, ip("192.0.2.100") + i, 33000, OUTSIDE,
                41000 + i, WEB, 443, 0);
        }
        p.sessionCreated(at(50), ID_C, 0, 17, HOST_C, 5353, OUTSIDE, PORT, DNS, 53, 0);
        p.sessionEnded(at(100), ID_A, 1, 6, HOST_A, 51000, OUTSIDE, PORT, WEB, 443, 0,
            NatSessionFlyweight.CAUSE_FIN_CLOSED);
        p.sessionCreated(at(150), ID_B1, 1, 6, HOST_B, 52000, OUTSIDE, PORT, WEB, 443, 0);
        p.sessionEnded(at(200), ID_C, 0, 17, HOST_C, 5353, OUTSIDE, PORT, DNS, 53, 0,
            NatSessionFlyweight.CAUSE_IDLE_TIMEOUT);
        p.sessionEnded(at(300), ID_B1, 1, 6, HOST_B, 52000, OUTSIDE, PORT, WEB, 443, 0,
            NatSessionFlyweight.CAUSE_RST_LINGER);
        p.sessionCreated(at(400), ID_B2, 2, 6, HOST_B, 52001, OUTSIDE, PORT, WEB, 443, 0);
        journal.drain();
    }

    static long at(final long seconds)
    {
        return T0_NS + seconds * SECOND_NS;
    }

    private static List<Long> ids(final NatLogQuery.Result result)
    {
        final List<Long> ids = new ArrayList<>();
        for (final NatLogQuery.Entry e : result.entries())
        {
            ids.add(e.sessionId());
        }
        return ids;
    }

    @Test
    void shouldAnswerWhoHeldAnOutsidePortAtATime()
    {
        try (TestJournal journal = new TestJournal(dir).start())
        {
            writeReuseScenario(journal);
        }
        assertEquals(List.of(ID_A, ID_C), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(50)).run(dir)));
        assertEquals(List.of(ID_A), ids(new NatLogQuery().outside(OUTSIDE, PORT).protocol(6).at(at(50)).run(dir)));
        assertEquals(List.of(ID_C), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(100)).run(dir)),
            "A's interval is [10 s, 100 s): at 100 s the port is C's (udp) only");
        assertEquals(List.of(ID_A),
            ids(new NatLogQuery().outside(OUTSIDE, PORT).protocol(6).at(at(100) - 1).run(dir)));
        assertEquals(List.of(ID_C, ID_B1), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(150)).run(dir)));
        assertEquals(List.of(), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(350)).run(dir)));
        assertEquals(List.of(), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(5)).run(dir)));
        assertEquals(List.of(ID_B2), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(100_000)).run(dir)));
        assertEquals(List.of(ID_D), ids(new NatLogQuery().outside(OUTSIDE, PORT + 1).at(at(150)).run(dir)));

        final NatLogQuery.Entry b1 = new NatLogQuery().outside(OUTSIDE, PORT).protocol(6).at(at(150)).run(dir)
            .entries().get(0);
        assertEquals(HOST_B, b1.insideIp());
        assertEquals(52000, b1.insidePort());
        assertEquals(at(150), b1.startNs());
        assertEquals(at(300), b1.endNs());
        assertEquals("isp2", b1.pathName());
        assertEquals("rst-linger", b1.endCause());
        assertEquals("2026-11-29T15:02:30Z 2026-11-29T15:05:00Z tcp inside 192.0.2.11:52000 outside " +
            "198.51.100.2:40001 remote 203.0.113.80:443 path isp2 end rst-linger", b1.text());
        assertEquals("{\"start\":\"2026-11-29T15:02:30Z\",\"end\":\"2026-11-29T15:05:00Z\",\"protocol\":\"tcp\"," +
            "\"inside\":\"192.0.2.11:52000\",\"outside\":\"198.51.100.2:40001\",\"remote\":\"203.0.113.80:443\"," +
            "\"path\":\"isp2\",\"cause\":\"rst-linger\",\"session\":\"0/11/1\",\"flags\":[]}", b1.json());
    }

    @Test
    void shouldAnswerInsideHostAndRangeQueries()
    {
        try (TestJournal journal = new TestJournal(dir).start())
        {
            writeReuseScenario(journal);
        }
        assertEquals(List.of(ID_D, ID_B1, ID_B2), ids(new NatLogQuery().inside(HOST_B, -1).run(dir)));
        assertEquals(List.of(ID_B1), ids(new NatLogQuery().inside(HOST_B, 52000).run(dir)));
        assertEquals(List.of(ID_A, ID_C, ID_B1),
            ids(new NatLogQuery().outside(OUTSIDE, PORT).between(at(90), at(160)).run(dir)));
        assertEquals(List.of(ID_B1, ID_B2),
            ids(new NatLogQuery().outside(OUTSIDE, PORT).between(at(250), Long.MAX_VALUE).run(dir)));
        assertEquals(List.of(ID_A, ID_C),
            ids(new NatLogQuery().outside(OUTSIDE, PORT).between(Long.MIN_VALUE, at(150)).run(dir)));
        assertEquals(55, new NatLogQuery().outside(OUTSIDE, -1).run(dir).entries().size());
        final NatLogQuery.Entry open = new NatLogQuery().inside(HOST_B, 52001).run(dir).entries().get(0);
        assertEquals(NatLogQuery.OPEN_END, open.endNs());
        assertNull(open.endCause());
        assertTrue(open.text().contains(" open tcp "), open.text());
        assertTrue(open.json().contains("\"end\":null"), open.json());
    }

    @Test
    void shouldEndOpenSessionsAtAColdRestart()
    {
        final int[] a = {6, HOST_A, 51000, OUTSIDE, PORT, WEB, 443, 0};
        final int[] b = {6, HOST_B, 52000, OUTSIDE, PORT, WEB, 443, 1};
        try (RawJournalWriter w = new RawJournalWriter(dir))
        {
            w.started(at(0), false, 0).created(at(10), ID_A, a).stopped(at(100));   // clean stop
            w.started(at(200), false, 0).created(at(210), ID_B1, b);                // then a crash
            w.started(at(500), false, 0);
        }
        final NatLogQuery.Entry first = new NatLogQuery().outside(OUTSIDE, PORT).at(at(50)).run(dir).entries().get(0);
        assertEquals(ID_A, first.sessionId());
        assertEquals(at(100), first.endNs(), "a clean stop ends the sessions when it happened");
        assertEquals(NatLogQuery.CAUSE_RESTART, first.endCause());
        assertEquals(List.of(), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(150)).run(dir)));
        final NatLogQuery.Entry second = new NatLogQuery().outside(OUTSIDE, PORT).at(at(300)).run(dir).entries()
            .get(0);
        assertEquals(ID_B1, second.sessionId());
        assertEquals(at(500), second.endNs(), "after a crash, the restart bounds the end");
        assertEquals(List.of(), ids(new NatLogQuery().outside(OUTSIDE, PORT).at(at(600)).run(dir)));
    }

    @Test
    void shouldKeepRestoredSessionsAcrossAWarmRestart()
    {
        final long idleNs = 7_440 * SECOND_NS;
        final int[] a = {6, HOST_A, 51000, OUTSIDE, PORT, WEB, 443, 0};
        final int[] b = {6, HOST_B, 52000, OUTSIDE, PORT + 1, WEB, 443, 1};
        final int[] c = {17, HOST_C, 5353, OUTSIDE, PORT + 2, DNS, 53, 1};
        try (RawJournalWriter w = new RawJournalWriter(dir))
        {
            w.started(at(0), false, 0).created(at(10), ID_A, a).created(at(20), ID_B1, b).created(at(30), ID_C, c);
            w.refreshed(at(7_000), ID_A, at(6_990));                        // A is alive, B and C are not
            w.stopped(at(8_000)).started(at(8_100), true, idleNs);
            w.ended(at(9_000), ID_A, a, NatSessionFlyweight.CAUSE_FIN_CLOSED);
        }
        final NatLogQuery.Entry restored = new NatLogQuery().outside(OUTSIDE, PORT).run(dir).entries().get(0);
        assertEquals(at(9_000), restored.endNs(), "A lived on in the new process");
        assertEquals("fin-closed", restored.endCause());
        final NatLogQuery.Entry dropped = new NatLogQuery().outside(OUTSIDE, PORT + 1).run(dir).entries().get(0);
        assertEquals(at(8_000), dropped.endNs());
        assertEquals(NatLogQuery.CAUSE_NOT_RESTORED, dropped.endCause());
    }

    @Test
    void shouldReportSessionsCreatedBeforeTheRetainedJournal()
    {
        final int[] a = {6, HOST_A, 51000, OUTSIDE, PORT, WEB, 443, 2};
        try (RawJournalWriter w = new RawJournalWriter(dir))
        {
            w.started(at(0), true, 7_440 * SECOND_NS).ended(at(100), ID_A, a, NatSessionFlyweight.CAUSE_EVICTED);
        }
        final NatLogQuery.Entry e = new NatLogQuery().outside(OUTSIDE, PORT).at(at(50)).run(dir).entries().get(0);
        assertEquals(NatLogQuery.UNKNOWN_START, e.startNs());
        assertEquals("evicted", e.endCause());
        assertTrue(e.text().startsWith("before-journal 2026-11-29T15:01:40Z tcp"), e.text());
        assertEquals("isp3", e.pathName());
    }

    @Test
    void shouldAnswerOverAJournalOf100kSessionsQuickly()
    {
        final int sessions = 100_000;
        final int ports = 20_000;
        try (TestJournal journal = new TestJournal(dir).start())
        {
            for (int i = 0; i < sessions; i++)
            {
                final long created = T0_NS + i * 10_000_000L;
                final int host = ip("192.0.2.0") + (i % 200);
                final long id = SessionIds.encode(i & 1, i % ports, i / ports + 1);
                journal.publisher.sessionCreated(created, id, i % 3, 6, host, 30000 + (i % 30000), OUTSIDE,
                    1024 + (i % ports), WEB, 443, 0);
                if (i >= 3_000)
                {
                    final int j = i - 3_000;    // ends the session created 30 s earlier
                    journal.publisher.sessionEnded(created, SessionIds.encode(j & 1, j % ports, j / ports + 1),
                        j % 3, 6, ip("192.0.2.0") + (j % 200), 30000 + (j % 30000), OUTSIDE, 1024 + (j % ports),
                        WEB, 443, 0, NatSessionFlyweight.CAUSE_IDLE_TIMEOUT);
                }
                if (0 == i % 1_000)
                {
                    journal.drain();
                }
            }
            journal.drain();
        }
        // Port 1024 + 12345 was held by sessions 12345, 32345, 52345, 72345 and 92345, each for 30 s.
        final int target = 52_345;
        final long at = T0_NS + target * 10_000_000L + 15 * SECOND_NS;
        final NatLogQuery.Result result = new NatLogQuery().outside(OUTSIDE, 1024 + 12_345).at(at).run(dir);
        System.out.println("nat-log query over " + sessions + " sessions (" + result.records() + " records): " +
            result.durationNs() / 1_000_000 + " ms");
        assertEquals(1, result.entries().size());
        assertEquals(ip("192.0.2.0") + (target % 200), result.entries().get(0).insideIp());
        assertEquals(30000 + (target % 30000), result.entries().get(0).insidePort());
        assertEquals(2 * sessions - 3_000 + 2, result.records());
        assertTrue(result.durationNs() < 5_000_000_000L, "query took " + result.durationNs() + " ns");
    }
}

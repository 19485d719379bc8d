package org.mptcpgw.gateway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.gateway.journal.TestJournal.SECOND_NS;
import static org.mptcpgw.gateway.journal.TestJournal.T0_NS;
import static org.mptcpgw.gateway.journal.TestJournal.ip;

class JournalReplayTest
{
    private static final int HOST = ip("192.0.2.20");
    private static final int OTHER_HOST = ip("192.0.2.21");
    private static final int OUT_1 = ip("198.51.100.1");
    private static final int OUT_2 = ip("198.51.100.2");
    private static final int SERVER = ip("203.0.113.70");
    private static final int TOKEN_X = 0xA1B2_C3D4;
    private static final int TOKEN_Y = 0x0BAD_CAFE;
    private static final int TOKEN_Z = 0x5EED_F00D;
    private static final long KEY_A = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long KEY_B = 0x0B0B_0B0B_0B0B_0B0BL;
    private static final long MAX_IDLE_NS = 7_440 * SECOND_NS;

    @TempDir
    Path dir;

    private static long id(final int index)
    {
        return SessionIds.encode(1, index, 7);
    }

    private static void tcp(final JournalPublisher p, final long t, final int index, final int hostPort,
        final int path, final boolean end)
    {
        final int outside = 0 == path ? OUT_1 : OUT_2;
        if (end)
        {
            p.sessionEnded(t, id(index), path, 6, HOST, hostPort, outside, 30000 + index, SERVER, 443, 0,
                NatSessionFlyweight.CAUSE_FIN_CLOSED);
        }
        else
        {
            p.sessionCreated(t, id(index), path, 6, HOST, hostPort, outside, 30000 + index, SERVER, 443, 0);
        }
    }

    @Test
    void shouldReplayExactlyTheLiveSet()
    {
        final long t = T0_NS;
        try (TestJournal journal = new TestJournal(dir).start())
        {
            final JournalPublisher p = journal.publisher;
            for (int i = 0; i < 10; i++)
            {
                tcp(p, t + i, i, 50000 + i, i % 2, false);
            }
            for (int i = 0; i < 10; i += 3)
            {
                tcp(p, t + 100 + i, i, 50000 + i, i % 2, true);      // ends 0, 3, 6, 9
            }
            // X: initial subflow = session 1 (known id), join on session 2, join on session 3 (ended above).
            p.mptcpTracked(t + 200, 1, TOKEN_X, 0, KEY_A, KEY_B, HOST, 50001, SERVER, 443, 1, id(1));
            p.subflowPlaced(t + 201, TOKEN_X, 0, id(2), HOST, 50002, SERVER, 443, OUT_1, 30002, 0);
            p.subflowPlaced(t + 202, TOKEN_X, 1, id(3), HOST, 50003, SERVER, 443, OUT_2, 30003,
                SubflowPlacedFlyweight.FLAG_BACKUP);
            // Y: tracked, then ended.
            p.mptcpTracked(t + 300, 0, TOKEN_Y, 0x1234, KEY_A, KEY_B, HOST, 50004, SERVER, 443, 0, id(4));
            p.mptcpEnded(t + 301, TOKEN_Y, HOST, MptcpConnectionTable.CAUSE_CLOSED);
            // Z: initial session not given: matched by tuple to session 5; a join with an unknown token is ignored.
            p.mptcpTracked(t + 400, 1, TOKEN_Z, 0, 0, KEY_B, HOST, 50005, SERVER, 443, 1, SessionIds.NONE);
            p.subflowPlaced(t + 401, TOKEN_Z, 0, id(7), HOST, 50007, SERVER, 443, OUT_2, 30007,
                SubflowPlacedFlyweight.FLAG_UNKNOWN_TOKEN);
            // A connection of another host with the same token as X: must not take X's subflows.
            p.mptcpTracked(t + 500, 1, TOKEN_X, 0, 0, KEY_B, OTHER_HOST, 40000, SERVER, 443, 0, SessionIds.NONE);
            journal.drain();
        }

        final JournalReplay.Result result = JournalReplay.replay(dir, T0_NS + SECOND_NS, MAX_IDLE_NS);
        final Set<Long> live = new HashSet<>();
        for (final JournalReplay.RestoredSession s : result.sessions())
        {
            live.add(s.sessionId());
        }
        assertEquals(Set.of(id(1), id(2), id(4), id(5), id(7), id(8)), live);
        final JournalReplay.RestoredSession s2 = result.sessions().get(1);
        assertEquals(id(2), s2.sessionId());
        assertEquals(0, s2.path());
        assertEquals(HOST, s2.insideIp());
        assertEquals(50002, s2.insidePort());
        assertEquals(OUT_1, s2.outsideIp());
        assertEquals(30002, s2.outsidePort());
        assertEquals(SERVER, s2.remoteIp());
        assertEquals(443, s2.remotePort());
        assertEquals(t + 2, s2.createdNs());
        assertEquals(t + 201, s2.lastSeenNs(), "the subflow record is a sign of life");

        assertEquals(3, result.connections().size(), result.connections().toString());
        final JournalReplay.RestoredConnection x = result.connections().get(0);
        assertEquals(TOKEN_X, x.serverToken());
        assertEquals(HOST, x.hostIp());
        assertEquals(KEY_A, x.hostKey());
        assertEquals(KEY_B, x.serverKey());
        assertEquals(List.of(
            new JournalReplay.RestoredSubflow(id(1), 1, SubflowPlacedFlyweight.FLAG_INITIAL),
            new JournalReplay.RestoredSubflow(id(2), 0, 0)), x.subflows());
        final JournalReplay.RestoredConnection z = result.connections().get(1);
        assertEquals(TOKEN_Z, z.serverToken());
        assertEquals(List.of(new JournalReplay.RestoredSubflow(id(5), 1, SubflowPlacedFlyweight.FLAG_INITIAL)),
            z.subflows());
        final JournalReplay.RestoredConnection other = result.connections().get(2);
        assertEquals(OTHER_HOST, other.hostIp());
        assertEquals(List.of(), other.subflows());
        assertEquals(List.of("isp1", "isp2", "isp3"), result.pathNames());
        assertEquals(0, result.unknown() + result.malformed());
    }

    @Test
    void shouldNotRestoreWhatWasIdleLongerThanTheLimit()
    {
        try (TestJournal journal = new TestJournal(dir).start())
        {
            final JournalPublisher p = journal.publisher;
            tcp(p, T0_NS, 1, 50001, 0, false);
            tcp(p, T0_NS, 2, 50002, 0, false);
            p.sessionRefreshed(T0_NS + 7_200 * SECOND_NS, id(1), T0_NS + 7_100 * SECOND_NS);
            p.mptcpTracked(T0_NS, 1, TOKEN_X, 0, 0, KEY_B, HOST, 50002, SERVER, 443, 0, id(2));
            journal.drain();
        }
        final long now = T0_NS + 3 * 3_600 * SECOND_NS;
        final JournalReplay.Result result = JournalReplay.replay(dir, now, MAX_IDLE_NS);
        assertEquals(1, result.sessions().size());
        assertEquals(id(1), result.sessions().get(0).sessionId());
        assertEquals(T0_NS + 7_100 * SECOND_NS, result.sessions().get(0).lastSeenNs());
        assertEquals(1, result.sessionsNotRestored());
        assertEquals(List.of(), result.connections(), "its only subflow was not restored");
        assertEquals(1, result.connectionsNotRestored());
    }

    @Test
    void shouldStartEmptyAfterAColdRestartAndCarryOnAfterAWarmOne()
    {
        final int[] a = {6, HOST, 50001, OUT_1, 30001, SERVER, 443, 0};
        final int[] b = {6, HOST, 50002, OUT_1, 30002, SERVER, 443, 0};
        final int[] c = {6, HOST, 50003, OUT_2, 30003, SERVER, 443, 1};
        try (RawJournalWriter w = new RawJournalWriter(dir))
        {
            w.started(T0_NS, false, 0).created(T0_NS + 1, id(1), a);
            w.started(T0_NS + 10 * SECOND_NS, false, 0).created(T0_NS + 11 * SECOND_NS, id(2), b);
            w.started(T0_NS + 20 * SECOND_NS, true, MAX_IDLE_NS).created(T0_NS + 21 * SECOND_NS, id(3), c);
        }
        final JournalReplay.Result result = JournalReplay.replay(dir, T0_NS + 30 * SECOND_NS, MAX_IDLE_NS);
        final List<Long> ids = new ArrayList<>();
        for (final JournalReplay.RestoredSession s : result.sessions())
        {
            ids.add(s.sessionId());
        }
        assertEquals(List.of(id(2), id(3)), ids);
    }

    @Test
    void shouldSkipTruncatedAndGarbageDocuments()
    {
        final int[] a = {6, HOST, 50001, OUT_1, 30001, SERVER, 443, 0};
        final int[] b = {17, HOST, 50002, OUT_1, 30002, SERVER, 53, 0};
        final byte[] unknownType = new byte[48];
        unknownType[0] = 0x77;
        unknownType[1] = 0x77;
        final byte[] truncated = new byte[NatSessionFlyweight.LENGTH - 10];
        truncated[1] = JournalRecordFlyweight.TYPE_SESSION_CREATED;
        final byte[] badStart = new byte[GatewayStartedFlyweight.FIXED_LENGTH + 4];
        badStart[1] = JournalRecordFlyweight.TYPE_GATEWAY_STARTED;
        badStart[GatewayStartedFlyweight.PATH_COUNT_OFFSET] = 3;
        badStart[GatewayStartedFlyweight.VARIABLE_LENGTH_OFFSET + 1] = 4;
        badStart[GatewayStartedFlyweight.VARIABLE_OFFSET] = 100;
        final byte[] huge = new byte[20_000];
        new Random(0xC0FFEE).nextBytes(huge);
        try (RawJournalWriter w = new RawJournalWriter(dir))
        {
            w.started(T0_NS, false, 0).created(T0_NS + 1, id(1), a);
            w.document(new byte[]{1, 2, 3}).document(unknownType).document(truncated).document(badStart)
                .document(huge);
            w.created(T0_NS + 2, id(2), b);
        }
        final JournalReplay.Result result = JournalReplay.replay(dir, T0_NS + SECOND_NS, MAX_IDLE_NS);
        assertEquals(2, result.sessions().size());
        assertEquals(id(2), result.sessions().get(1).sessionId());
        assertEquals(17, result.sessions().get(1).protocol());
        assertEquals(1, result.unknown());
        assertEquals(4, result.malformed());
        assertEquals(3, result.records());
    }

    @Test
    void shouldSurviveAKillDuringAWrite() throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KillDuringWrite.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not halt");
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(137, child.exitValue(), output);
            assertTrue(output.contains("halting inside a document"), output);
        }
        finally
        {
            child.destroyForcibly();
        }

        final long startNs = System.nanoTime();
        final JournalReplay.Result afterCrash = JournalReplay.replay(dir, T0_NS + SECOND_NS, MAX_IDLE_NS);
        assertEquals(KillDuringWrite.SESSIONS, afterCrash.sessions().size());
        assertTrue(System.nanoTime() - startNs < 60 * SECOND_NS, "replay must not wait for the dead writer");
        assertEquals(List.of("isp1", "isp2"), afterCrash.pathNames());

        try (TestJournal restarted = new TestJournal(dir, 7, net.openhft.chronicle.queue.RollCycles.FAST_DAILY,
            1 << 16, T0_NS + 2 * SECOND_NS, new GatewayStartInfo(List.of("isp1", "isp2"), true, MAX_IDLE_NS, "warm"))
            .start())
        {
            tcp(restarted.publisher, T0_NS + 3 * SECOND_NS, 9, 50009, 1, false);
            restarted.drain();
        }
        final JournalReplay.Result afterRestart = JournalReplay.replay(dir, T0_NS + 4 * SECOND_NS, MAX_IDLE_NS);
        assertEquals(KillDuringWrite.SESSIONS + 1, afterRestart.sessions().size());
        assertEquals(id(9), afterRestart.sessions().get(KillDuringWrite.SESSIONS).sessionId());
    }

    @Test
    void shouldReplay100kLiveSessions()
    {
        final int sessions = 100_000;
        try (TestJournal journal = new TestJournal(dir).start())
        {
            for (int i = 0; i < sessions; i++)
            {
                journal.publisher.sessionCreated(T0_NS + i, SessionIds.encode(i & 3, i, 1), i % 3, 6,
                    ip("192.0.2.0") + (i & 0xFF), 1024 + (i % 60000), OUT_1, 1024 + (i % 64000), SERVER, 443, 0);
                if (0 == i % 1_000)
                {
                    journal.drain();
                }
            }
            journal.drain();
        }
        final JournalReplay.Result result = JournalReplay.replay(dir, T0_NS + SECOND_NS, MAX_IDLE_NS);
        System.out.println("replay of " + sessions + " live sessions: " + result.durationNs() / 1_000_000 + " ms");
        assertEquals(sessions, result.sessions().size());
        assertTrue(result.durationNs() < 10 * SECOND_NS, "replay took " + result.durationNs() + " ns");
    }
}

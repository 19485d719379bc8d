package org.mptcpgw.gateway.cli;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.journal.GatewayStartInfo;
import org.mptcpgw.gateway.journal.Journal;
import org.mptcpgw.gateway.journal.JournalAgent;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.mptcpgw.gateway.journal.JournalSettings;
import org.mptcpgw.gateway.journal.NatSessionFlyweight;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatLogCommandTest
{
    private static final long T0_SECONDS = Instant.parse("2026-11-29T15:00:00Z").getEpochSecond();
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int HOST_A = 0xC000_020A;     // 192.0.2.10
    private static final int HOST_B = 0xC000_020B;     // 192.0.2.11
    private static final int OUTSIDE = 0xC633_6402;    // 198.51.100.2
    private static final int WEB = 0xCB00_7150;        // 203.0.113.80

    @TempDir
    Path tmp;
    private Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeJournal()
    {
        dir = tmp.resolve("journal");
        final long t0 = T0_SECONDS * SECOND_NS;
        try (GatewayCounters counters = GatewayCounters.inMemory(16))
        {
            final Journal journal = Journal.create(
                new JournalSettings(true, dir, JournalSettings.rollCycle("daily"), 7, 1 << 16, false, 64 * 1024),
                counters, new GatewayStartInfo(List.of("isp1", "isp2"), false, 0, "cli test"),
                new SetTimeProvider(t0), JournalAgent.DEFAULT_DRAIN_LIMIT);
            final JournalPublisher p = journal.publisher(0);
            journal.agent().onStart();
            p.sessionCreated(t0 + 10 * SECOND_NS, 1, 1, 6, HOST_A, 51000, OUTSIDE, 40001, WEB, 443, 0);
            p.sessionEnded(t0 + 100 * SECOND_NS, 1, 1, 6, HOST_A, 51000, OUTSIDE, 40001, WEB, 443, 0,
                NatSessionFlyweight.CAUSE_FIN_CLOSED);
            p.sessionCreated(t0 + 150 * SECOND_NS, 2, 0, 6, HOST_B, 52000, OUTSIDE, 40001, WEB, 443, 0);
            journal.agent().doWork();
            journal.agent().onClose();
        }
    }

    private int run(final String... args)
    {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String[] outLines()
    {
        return out.toString().lines().toArray(String[]::new);
    }

    @Test
    void shouldSayWhoHeldTheOutsidePortAtATime()
    {
        assertEquals(0, run("nat-log", "--dir", dir.toString(), "--outside", "198.51.100.2:40001",
            "--at", "2026-11-29T15:01:00Z"), err.toString());
        assertEquals(1, outLines().length, out.toString());
        assertEquals("2026-11-29T15:00:10Z 2026-11-29T15:01:40Z tcp inside 192.0.2.10:51000 outside " +
            "198.51.100.2:40001 remote 203.0.113.80:443 path isp2 end fin-closed", outLines()[0]);
        assertEquals("", err.toString());
    }

    @Test
    void shouldAcceptEpochSecondsOffsetsAndJson()
    {
        assertEquals(0, run("nat-log", "--dir", dir.toString(), "--outside", "198.51.100.2:40001",
            "--at", Long.toString(T0_SECONDS + 200), "--json"), err.toString());
        assertEquals(1, outLines().length);
        assertTrue(outLines()[0].startsWith("{\"start\":\"2026-11-29T15:02:30Z\",\"end\":null,"), outLines()[0]);
        assertTrue(outLines()[0].contains("\"inside\":\"192.0.2.11:52000\""), outLines()[0]);

        out.getBuffer().setLength(0);
        assertEquals(0, run("nat-log", "--dir", dir.toString(), "--outside", "198.51.100.2:40001",
            "--at", "2026-11-29T16:00:20+01:00"));
        assertTrue(outLines()[0].contains("inside 192.0.2.10:51000"), out.toString());
    }

    @Test
    void shouldListTheSessionsOfAnInsideHostOverARange() throws IOException
    {
        final Path config = tmp.resolve("gateway.properties");
        Files.writeString(config, String.join("\n", "lan.interface=lan0", "path.isp1.interface=isp1",
            "path.isp1.role=primary", "path.isp1.next-hop=198.51.100.254", "journal.dir=" + dir, ""));
        assertEquals(0, run("nat-log", "-c", config.toString(), "--inside", "192.0.2.11", "--protocol", "tcp",
            "--from", "2026-11-29T15:00:00Z", "--to", "2026-11-29T16:00:00Z"), err.toString());
        assertEquals(1, outLines().length, out.toString());
        assertTrue(outLines()[0].contains(" open tcp inside 192.0.2.11:52000 "), outLines()[0]);
    }

    @Test
    void shouldExitOneWhenNothingMatched()
    {
        assertEquals(1, run("nat-log", "--dir", dir.toString(), "--outside", "198.51.100.2:40001",
            "--at", "2026-11-29T15:02:00Z"));
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("mptcp-gateway nat-log: no session matched"), err.toString());
        assertEquals(1, err.toString().lines().count());
    }

    @Test
    void shouldRejectBadArgumentsWithOneLine()
    {
        final String d = dir.toString();
        final String[][] bad = {
            {"--dir", d, "--outside", "198.51.100.2:40001", "--at", "yesterday"},
            {"--dir", d, "--outside", "198.51.100.2:40001", "--at", "2026-11-29T15:01:00"},
            {"--dir", d, "--outside", "198.51.100.300:40001"},
            {"--dir", d, "--outside", "198.51.100.2:70000"},
            {"--dir", d, "--outside", "198.51.100.2:http"},
            {"--dir", d, "--protocol", "sctp"},
            {"--dir", d, "--bogus"},
            {"--dir", d, "stray"},
            {"--dir", d, "--at", "1795964400", "--from", "1795964400"},
            {"--dir", d, "--from", "1795964500", "--to", "1795964400"},
            {"--dir", d, "--outside"},
            {"--dir", d, "--at", "--json"},
            {"--dir", tmp.resolve("missing").toString(), "--outside", "198.51.100.2"},
            {"--dir", tmp.toString(), "--outside", "198.51.100.2"},
            {"--dir"},
            {"-c", tmp.resolve("missing.properties").toString()},
        };
        for (final String[] args : bad)
        {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            final String[] line = new String[args.length + 1];
            line[0] = "nat-log";
            System.arraycopy(args, 0, line, 1, args.length);
            assertEquals(2, run(line), String.join(" ", args) + " -> " + err);
            assertEquals(1, err.toString().lines().count(), String.join(" ", args) + " -> " + err);
            assertTrue(err.toString().startsWith("mptcp-gateway nat-log: "), err.toString());
            assertEquals("", out.toString());
        }
    }
}

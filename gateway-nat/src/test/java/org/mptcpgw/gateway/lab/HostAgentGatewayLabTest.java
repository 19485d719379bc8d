package org.mptcpgw.gateway.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.IperfResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabCounters;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabNode;
import org.mptcpgw.core.lab.LabTest;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 11 with the userspace gateway inline: the host has one address and stock Linux; its only help is the host
 * agent (userspace path manager, one extra subflow per connection), the server announces nothing. One MPTCP
 * connection must use both uplinks; when isp2's link goes down and comes back during a transfer, the gateway resets
 * the isp2 subflow, refuses (resets) the agent's re-created join while it could only double up on isp1
 * ({@code placement.join-while-path-down=reset}), and the first retry after isp2 is up again lands there, so the
 * goodput comes back to about both links. The reference is twice one plain TCP connection over isp1 alone in the same
 * run (the lab shapes both links alike), or the MPTCP goodput before the outage if higher. Bounds are CI tolerances;
 * the test prints what it measured.
 */
@LabTest(mode = LabMode.INLINE, options = {"--no-signal-port"})
class HostAgentGatewayLabTest
{
    /** Recovery bound for CI (the goal is 5 s; the test prints the measured value). */
    private static final double RECOVERY_BOUND_S = 9.0;
    private static final Pattern INTERVAL = Pattern.compile(
        "\"sum\":\\s*\\{\\s*\"start\":\\s*([0-9.]+),\\s*\"end\":\\s*([0-9.]+),.*?\"bits_per_second\":\\s*([0-9.eE+]+)",
        Pattern.DOTALL);

    private Process agent;

    @AfterEach
    void stopAgent()
    {
        if (null != agent && agent.isAlive())
        {
            agent.destroyForcibly();
        }
    }

    @Test
    void shouldAggregateWithTheAgentAndRegainTheSecondPathAfterItReturns(final Lab lab, @TempDir final Path dir)
        throws Exception
    {
        try (LabGateway gateway = new LabGateway(lab, dir, System.getProperty("mgw.test.gateway-extra", "")).start())
        {
            final ExecResult plain = lab.runScript(Duration.ofSeconds(40), "iperf", "--seconds", "4", "--plain-via",
                "isp1");
            assertTrue(plain.succeeded(), plain.toString());
            final double oneLink = IperfResult.parse(plain.stdout()).goodputMbps();
            startAgent(lab, dir);

            final LabCounters before = lab.counters();
            final IperfResult mptcp = lab.iperfMptcp(6, false);
            final LabCounters carried = lab.counters().minus(before);
            System.out.printf("host agent through the gateway: one link %.2f Mbit/s, MPTCP %.2f Mbit/s (%.2fx), " +
                "%d subflows%n", oneLink, mptcp.goodputMbps(), mptcp.goodputMbps() / oneLink, mptcp.subflows());
            assertTrue(mptcp.subflows() >= 2, "the agent's extra subflow: " + mptcp.subflows());
            assertTrue(mptcp.goodputMbps() >= 1.6 * oneLink, "MPTCP " + mptcp.goodputMbps() + " vs " + oneLink);
            final double total = carried.isp1().rxBytes() + carried.isp2().rxBytes();
            assertTrue(carried.isp2().rxBytes() > 0.3 * total && carried.isp1().rxBytes() > 0.3 * total,
                carried.toString());

            // What both links carry: twice one link, or what MPTCP just carried if more (a busy machine can
            // depress one measurement; the stricter reference keeps the check honest).
            final double reference = Math.max(2 * oneLink, mptcp.goodputMbps());
            final double recoveredAfterS = recovery(lab, dir, gateway, reference);
            System.out.printf("goodput back to 0.9 x %.2f Mbit/s %.1f s after isp2 returned%n", reference,
                recoveredAfterS);
            assertTrue(recoveredAfterS <= RECOVERY_BOUND_S, "recovery took " + recoveredAfterS + " s");
            final String scrape = gateway.scrape();
            assertTrue(LabGateway.metric(scrape, "gateway_mptcp_subflow_resets_total", "path=\"isp2\"") >= 1,
                "the isp2 subflow was reset when the link went down");
            assertTrue(LabGateway.metric(scrape, "gateway_dropped_packets_total", "reason=\"join_deferred\"") >= 1,
                "the agent's retry during the outage was deferred, not doubled up on isp1");
        }
    }

    /**
     * A 20 s MPTCP transfer with 1 s intervals; isp2's link goes down 4 s in and returns 5 s later. Returns the
     * seconds from the return to the end of the first interval at 0.9 x the reference or more.
     */
    private static double recovery(final Lab lab, final Path dir, final LabGateway gateway, final double reference)
        throws Exception
    {
        final Path json = dir.resolve("recovery.json");
        final Process iperf = LabGateway.spawn(lab, LabNode.HOST, json, "timeout", "45", "mptcpize", "run",
            "iperf3", "-c", Lab.SERVICE_ADDRESS, "-p", "5201", "-t", "20", "-i", "1", "-J", "--connect-timeout",
            "5000");
        // iperf3's intervals start when its data connection (the second MPTCP connection) is up.
        for (int i = 0; i < 100 && mptcpConnections(lab) < 2; i++)
        {
            LabGateway.sleep(50);
        }
        final long startNs = System.nanoTime();
        LabGateway.sleep(4_000);
        assertTrue(lab.exec(LabNode.ISP2, Duration.ofSeconds(10), "ip", "link", "set", "i2g", "down").succeeded());
        LabGateway.sleep(5_000);
        assertTrue(lab.exec(LabNode.ISP2, Duration.ofSeconds(10), "ip", "link", "set", "i2g", "up").succeeded());
        final double upS = (System.nanoTime() - startNs) / 1e9;
        final long pathUpMs = FailoverLabTest.waitForState(gateway, "isp2", 2, 15_000);
        System.out.printf("the gateway declared isp2 up %d ms after its link returned (health.hold-time)%n", pathUpMs);
        assertTrue(iperf.waitFor(60, TimeUnit.SECONDS), "the transfer did not end");
        final String out = Files.readString(json);
        final StringBuilder intervals = new StringBuilder();
        double recoveredEnd = -1;
        final Matcher m = INTERVAL.matcher(out);
        while (m.find())
        {
            final double start = Double.parseDouble(m.group(1));
            final double end = Double.parseDouble(m.group(2));
            final double mbps = Double.parseDouble(m.group(3)) / 1e6;
            intervals.append(String.format(" %.0f:%.1f", end, mbps));
            if (recoveredEnd < 0 && start >= upS && mbps >= 0.9 * reference)
            {
                recoveredEnd = end;
            }
        }
        System.out.printf("isp2 down at 4.0 s, up at %.1f s; intervals (end:Mbit/s)%s%n", upS, intervals);
        if (recoveredEnd < 0)
        {
            fail("goodput never came back to 0.9 x " + reference + " Mbit/s after isp2 returned at " + upS + " s:" +
                intervals + "\n" + gateway.log());
        }
        return recoveredEnd - upS;
    }

    private static int mptcpConnections(final Lab lab)
    {
        final ExecResult ss = lab.exec(LabNode.HOST, Duration.ofSeconds(5), "ss", "-HtnM", "state", "established",
            "dst " + Lab.SERVICE_ADDRESS);
        int n = 0;
        for (final String line : ss.stdout().split("\n"))
        {
            if (line.startsWith("mptcp"))
            {
                n++;
            }
        }
        return n;
    }

    private void startAgent(final Lab lab, final Path dir) throws Exception
    {
        final Path log = dir.resolve("host-agent.log");
        final List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" >" + log + " 2>&1",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle"))
            {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"),
            "org.mptcpgw.gateway.cli.Main", "host-agent", "--configure-host", "--subflows", "1"));
        agent = lab.spawn(LabNode.HOST, command.toArray(new String[0]));
        for (int i = 0; i < 200; i++)
        {
            if (Files.exists(log) && Files.readString(log).contains("host-agent: running"))
            {
                return;
            }
            if (!agent.isAlive())
            {
                fail("the host agent exited: " + Files.readString(log));
            }
            LabGateway.sleep(100);
        }
        fail("the host agent did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }
}

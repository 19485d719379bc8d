package org.mptcpgw.gateway.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabNode;
import org.mptcpgw.core.lab.LabTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 in the lab: an uplink dies in the middle of an MPTCP transfer. The gateway notices within 3 s with
 * default settings, resets the subflows on the dead path toward the host (so MPTCP moves their data at once), keeps
 * new plain flows off it, and the transfer completes with the same bytes at both ends. No path is special: the same
 * holds when the primary path (the host's router) dies.
 */
@LabTest(mode = LabMode.INLINE)
class FailoverLabTest
{
    static final long DETECTION_BOUND_MS = 3_500;

    @Test
    void shouldDetectSilentSecondPathFailureAndKeepTransferWhole(final Lab lab, @TempDir final Path dir)
        throws Exception
    {
        try (LabGateway gateway = new LabGateway(lab, dir).start())
        {
            final Transfer transfer = Transfer.start(lab, dir, 48_000_000);
            LabGateway.sleep(3_000);
            // A silent failure: isp2 stops taking anything from the gateway; carrier stays up.
            blackhole(lab, LabNode.ISP2, "i2g", true);
            final long detectedMs = waitForState(gateway, "isp2", 0, 10_000);
            assertTrue(detectedMs <= DETECTION_BOUND_MS, "detection took " + detectedMs + " ms\n" + gateway.log());
            System.out.println("silent failure of isp2 detected in " + detectedMs + " ms");
            LabGateway.sleep(3_000);
            blackhole(lab, LabNode.ISP2, "i2g", false);
            final long backMs = waitForState(gateway, "isp2", 2, 15_000);
            System.out.println("isp2 back up " + backMs + " ms after the link returned");
            transfer.assertComplete();
            final String scrape = gateway.scrape();
            assertTrue(LabGateway.metric(scrape, "gateway_mptcp_subflow_resets_total", "path=\"isp2\"") >= 1,
                "the isp2 subflow was reset toward the host");
            assertTrue(LabGateway.metric(scrape, "gateway_path_state_changes_total", "path=\"isp2\"") >= 2);
        }
    }

    @Test
    void shouldSurviveLossOfPrimaryPathAndMovePlainFlowsToNat(final Lab lab, @TempDir final Path dir)
        throws Exception
    {
        try (LabGateway gateway = new LabGateway(lab, dir).start())
        {
            final Transfer transfer = Transfer.start(lab, dir, 48_000_000);
            LabGateway.sleep(3_000);
            assertTrue(lab.exec(LabNode.ISP1, Duration.ofSeconds(10), "ip", "link", "set", "i1g", "down")
                .succeeded());
            final long detectedMs = waitForState(gateway, "isp1", 0, 10_000);
            assertTrue(detectedMs <= DETECTION_BOUND_MS, "detection took " + detectedMs + " ms");
            System.out.println("loss of the primary link detected in " + detectedMs + " ms");
            // New plain flows go out the other path with NAT while the primary is down.
            final ExecResult ping = lab.exec(LabNode.HOST, Duration.ofSeconds(15), "ping", "-c", "3", "-i", "0.3",
                "-W", "1", "203.0.113.100");
            assertTrue(ping.succeeded(), "ping through isp2 while isp1 is down: " + ping + "\n" + gateway.log());
            LabGateway.sleep(1_000);
            assertTrue(lab.exec(LabNode.ISP1, Duration.ofSeconds(10), "ip", "link", "set", "i1g", "up")
                .succeeded());
            waitForState(gateway, "isp1", 2, 15_000);
            transfer.assertComplete();
            assertTrue(LabGateway.metric(gateway.scrape(), "gateway_mptcp_subflow_resets_total",
                "path=\"isp1\"") >= 1, "the initial subflow on isp1 was reset toward the host");
        }
    }

    static void blackhole(final Lab lab, final LabNode node, final String device, final boolean on)
    {
        final String script = on ?
            "nft add table netdev mgwtest; nft add chain netdev mgwtest in '{ type filter hook ingress device " +
            device + " priority 0; policy drop; }'" :
            "nft delete table netdev mgwtest";
        final ExecResult r = lab.exec(node, Duration.ofSeconds(10), "bash", "-c", script);
        assertTrue(r.succeeded(), r.toString());
    }

    /** Poll the path's state metric until it reaches the value; returns the time it took in ms. */
    static long waitForState(final LabGateway gateway, final String path, final int state, final long limitMs)
    {
        final long start = System.nanoTime();
        while (true)
        {
            final double now = LabGateway.metric(gateway.scrape(), "gateway_path_state", "path=\"" + path + "\"");
            final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if ((int)now == state)
            {
                return elapsedMs;
            }
            assertTrue(elapsedMs < limitMs, path + " did not reach state " + state + " within " + limitMs + " ms");
            LabGateway.sleep(100);
        }
    }

    /** An MPTCP file transfer host -> server with the lab's transfer tool, checked by sha256 at both ends. */
    static final class Transfer
    {
        private final Process server;
        private final Path serverOut;
        private final Thread sender;
        private final ExecResult[] client = new ExecResult[1];

        private Transfer(final Process server, final Path serverOut, final Thread sender)
        {
            this.server = server;
            this.serverOut = serverOut;
            this.sender = sender;
        }

        static Transfer start(final Lab lab, final Path dir, final int bytes) throws Exception
        {
            final Path file = dir.resolve("payload.bin");
            Files.write(file, InlineGatewayLabTest.randomBytes(bytes));
            final String tool = LabGateway.repositoryRoot().resolve("scripts/lib/mptcp-transfer.py").toString();
            final Path serverOut = dir.resolve("server.json");
            final Process server = LabGateway.spawn(lab, LabNode.SERVER, serverOut, "/usr/bin/python3", tool,
                "server", "--port", "5300", "--timeout", "90");
            LabGateway.sleep(500);
            final Transfer[] self = new Transfer[1];
            final Thread sender = new Thread(() -> self[0].client[0] = lab.exec(LabNode.HOST, Duration.ofSeconds(120),
                "/usr/bin/python3", tool, "client", "--host", "203.0.113.100", "--port", "5300", "--file",
                file.toString(), "--timeout", "90"));
            self[0] = new Transfer(server, serverOut, sender);
            sender.start();
            return self[0];
        }

        void assertComplete() throws Exception
        {
            sender.join(TimeUnit.SECONDS.toMillis(130));
            assertTrue(null != client[0] && client[0].succeeded(), "transfer completes: " + client[0]);
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            final String report = InlineGatewayLabTest.lastLine(Files.readString(serverOut, StandardCharsets.UTF_8));
            assertEquals(InlineGatewayLabTest.field(client[0].stdout(), "sha256"),
                InlineGatewayLabTest.field(report, "sha256"), "same bytes at both ends");
            System.out.println("transfer " + InlineGatewayLabTest.field(report, "bytes") + " bytes in " +
                InlineGatewayLabTest.field(report, "seconds") + " s, longest stall " +
                InlineGatewayLabTest.field(report, "max_gap_s") + " s");
        }
    }
}

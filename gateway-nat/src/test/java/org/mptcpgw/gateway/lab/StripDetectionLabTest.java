package org.mptcpgw.gateway.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabNode;
import org.mptcpgw.core.lab.LabTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, MPTCP stripping: isp2 removes the MPTCP option from everything it forwards (nftables
 * {@code reset tcp option mptcp}), isp1 keeps it. With initial subflows spread over both paths, the MP_CAPABLE
 * handshakes through isp2 come back without MPTCP; after three of them the gateway flags isp2 and new MPTCP
 * connections stop going there.
 */
@LabTest(mode = LabMode.INLINE, options = {"--no-signal-port"})
class StripDetectionLabTest
{
    @Test
    void shouldFlagPathThatStripsMptcpWithinThreeHandshakesAndAvoidIt(final Lab lab, @TempDir final Path dir)
        throws Exception
    {
        final ExecResult strip = lab.exec(LabNode.ISP2, Duration.ofSeconds(10), "bash", "-c",
            "printf 'table inet mgwstrip {\\n chain fw {\\n  type filter hook forward priority 0;\\n" +
            "  reset tcp option mptcp\\n }\\n}\\n' | nft -f -");
        assertTrue(strip.succeeded(), strip.toString());
        try (LabGateway gateway = new LabGateway(lab, dir, "placement.initial-subflow=spread").start())
        {
            final Path file = dir.resolve("small.bin");
            Files.write(file, InlineGatewayLabTest.randomBytes(64 * 1024));
            int flaggedAfter = -1;
            for (int connection = 1; connection <= 10 && flaggedAfter < 0; connection++)
            {
                transfer(lab, dir, file, connection);
                final String scrape = gateway.scrape();
                if (1.0 == LabGateway.metric(scrape, "gateway_path_mptcp_stripped_state", "path=\"isp2\""))
                {
                    flaggedAfter = (int)LabGateway.metric(scrape, "gateway_mptcp_fallbacks_total",
                        "path=\"isp2\"");
                }
            }
            assertTrue(flaggedAfter > 0, "isp2 flagged\n" + gateway.log());
            assertTrue(flaggedAfter <= 3, "flagged after " + flaggedAfter + " MP_CAPABLE handshakes through isp2");
            assertTrue(gateway.log().contains("strips MPTCP"), gateway.log());
            final double fallbacks = LabGateway.metric(gateway.scrape(), "gateway_mptcp_fallbacks_total",
                "path=\"isp2\"");
            for (int connection = 20; connection < 24; connection++)
            {
                transfer(lab, dir, file, connection);
            }
            assertEquals(fallbacks, LabGateway.metric(gateway.scrape(), "gateway_mptcp_fallbacks_total",
                "path=\"isp2\""), "no new MPTCP connection goes through the stripping path");
        }
    }

    static void transfer(final Lab lab, final Path dir, final Path file, final int n) throws Exception
    {
        final String tool = LabGateway.repositoryRoot().resolve("scripts/lib/mptcp-transfer.py").toString();
        final Process server = LabGateway.spawn(lab, LabNode.SERVER, dir.resolve("server-" + n + ".json"),
            "/usr/bin/python3", tool, "server", "--port", "5300", "--timeout", "20");
        LabGateway.sleep(300);
        final ExecResult client = lab.exec(LabNode.HOST, Duration.ofSeconds(30), "/usr/bin/python3", tool, "client",
            "--host", "203.0.113.100", "--port", "5300", "--file", file.toString(), "--timeout", "20");
        assertTrue(client.succeeded(), "transfer " + n + " (falls back to TCP where stripped): " + client);
        server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    }
}

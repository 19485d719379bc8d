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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6 acceptance, four subflows over two paths: the server announces its service address with three ports (the
 * lab's signal port and two more), so the host's in-kernel path manager joins each from its single address and one
 * connection has four subflows. The gateway must put two on each path. The server's kernel is the witness: it sees
 * two subflows from the host's own address (isp1, passed through) and two from the gateway's isp2 address (NAT).
 */
@LabTest(mode = LabMode.INLINE)
class FourSubflowsLabTest
{
    private static final String SERVICE = "203.0.113.100";
    private static final int TRANSFER_PORT = 5300;
    private static final Set<Integer> SUBFLOW_PORTS = Set.of(TRANSFER_PORT, 5202, 5311, 5312);

    @Test
    void shouldPutTwoOfFourSubflowsOnEachPath(final Lab lab, @TempDir final Path dir) throws Exception
    {
        for (final String port : new String[]{"5311", "5312"})
        {
            final ExecResult added = lab.exec(LabNode.SERVER, Duration.ofSeconds(5), "ip", "mptcp", "endpoint",
                "add", SERVICE, "port", port, "signal");
            assertTrue(added.succeeded(), added.toString());
        }
        final Path file = dir.resolve("payload.bin");
        Files.write(file, new byte[30_000_000]);
        final Path tool = LabGateway.repositoryRoot().resolve("scripts/lib/mptcp-transfer.py");
        try (LabGateway gateway = new LabGateway(lab, dir).start())
        {
            final Process server = LabGateway.spawn(lab, LabNode.SERVER, dir.resolve("server.json"),
                "/usr/bin/python3", tool.toString(), "server", "--port", String.valueOf(TRANSFER_PORT),
                "--timeout", "40");
            LabGateway.sleep(500);
            final Process client = LabGateway.spawn(lab, LabNode.HOST, dir.resolve("client.json"),
                "/usr/bin/python3", tool.toString(), "client", "--host", SERVICE, "--port",
                String.valueOf(TRANSFER_PORT), "--file", file.toString(), "--timeout", "40");

            // Sample the server's view while the transfer runs; keep the sample that shows the most subflows.
            Map<String, Integer> best = Map.of();
            for (int attempt = 0; attempt < 40 && client.isAlive(); attempt++)
            {
                LabGateway.sleep(250);
                final Map<String, Integer> sample = subflowsByPeer(lab);
                if (total(sample) > total(best))
                {
                    best = sample;
                }
            }
            assertTrue(client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "client did not finish");
            assertTrue(server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "server did not finish");
            final String received = Files.readString(dir.resolve("server.json"));
            assertTrue(received.contains("\"bytes\": 30000000"), received);

            assertEquals(4, total(best), "subflows seen by the server, by peer: " + best);
            assertEquals(2, best.getOrDefault("192.0.2.2", 0), "on isp1 (host address passed through): " + best);
            assertEquals(2, best.getOrDefault("198.51.100.2", 0), "on isp2 (gateway's NAT address): " + best);

            final String scrape = gateway.scrape();
            assertEquals(3.0, LabGateway.metric(scrape, "gateway_mptcp_joins_total", "path=\"isp1\"") +
                LabGateway.metric(scrape, "gateway_mptcp_joins_total", "path=\"isp2\""), 0.0, scrape);
        }
    }

    /** Established TCP connections on the server's subflow ports, counted by peer address. */
    private static Map<String, Integer> subflowsByPeer(final Lab lab)
    {
        final ExecResult ss = lab.exec(LabNode.SERVER, Duration.ofSeconds(5), "ss", "-tnH", "state", "established");
        final Map<String, Integer> byPeer = new TreeMap<>();
        if (!ss.succeeded())
        {
            return byPeer;
        }
        for (final String line : ss.stdout().split("\n"))
        {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length < 4)
            {
                continue;
            }
            final String local = fields[fields.length - 2];
            final String peer = fields[fields.length - 1];
            final int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
            if (SUBFLOW_PORTS.contains(localPort))
            {
                byPeer.merge(peer.substring(0, peer.lastIndexOf(':')), 1, Integer::sum);
            }
        }
        return byPeer;
    }

    private static int total(final Map<String, Integer> byPeer)
    {
        int sum = 0;
        for (final int n : byPeer.values())
        {
            sum += n;
        }
        return sum;
    }
}

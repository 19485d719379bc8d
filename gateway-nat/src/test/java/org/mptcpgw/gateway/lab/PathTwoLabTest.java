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
 * Issue 7 in the lab: traffic translated on path 2 (the host's second address is pinned to isp2), with a smaller MTU
 * beyond isp2 (isp2 forwards at most 1400 bytes toward the server). Path MTU Discovery works through the NAT: isp2's
 * "fragmentation needed" reaches the host translated, the host lowers its path MTU and a TCP transfer completes;
 * ping and a UDP flow work through path 2 as well.
 */
@LabTest(mode = LabMode.INLINE, options = {"--two-addresses", "--no-signal-port"})
class PathTwoLabTest
{
    @Test
    void shouldCarryPingUdpAndTcpWithPmtudThroughNatOnPathTwo(final Lab lab, @TempDir final Path dir)
        throws Exception
    {
        assertTrue(lab.exec(LabNode.ISP2, Duration.ofSeconds(10), "ip", "link", "set", "i2s", "mtu", "1400")
            .succeeded());
        // Only isp2's side of the link: if the server knew the small MTU it would advertise a small MSS and the
        // host would never send a datagram too big; this way isp2 must say "fragmentation needed".
        try (LabGateway gateway = new LabGateway(lab, dir, "path.isp2.sources=192.0.2.3/32").start())
        {
            final ExecResult ping = lab.exec(LabNode.HOST, Duration.ofSeconds(10), "ping", "-I", "192.0.2.3", "-c",
                "3", "-i", "0.2", "-W", "1", "203.0.113.100");
            assertTrue(ping.succeeded(), "ping through path 2: " + ping);

            final String tool = LabGateway.repositoryRoot().resolve("scripts/lib/mptcp-transfer.py").toString();
            LabGateway.spawn(lab, LabNode.SERVER, dir.resolve("udp-echo.log"), "/usr/bin/python3", tool, "udp-echo",
                "--bind", "203.0.113.100", "--port", "7007", "--timeout", "20");
            LabGateway.sleep(300);
            final ExecResult udp = lab.exec(LabNode.HOST, Duration.ofSeconds(20), "/usr/bin/python3", tool,
                "udp-ping", "--host", "203.0.113.100", "--port", "7007", "--count", "10", "--source", "192.0.2.3");
            assertTrue(udp.succeeded() && udp.stdout().contains("\"answered\": 10"), "UDP through path 2: " + udp);

            // Plain TCP from the pinned address: full-size segments meet the 1400-byte link beyond isp2.
            final ExecResult tcp = lab.exec(LabNode.HOST, Duration.ofSeconds(40), "iperf3", "-c", "203.0.113.100",
                "-B", "192.0.2.3", "-t", "4", "-J", "--connect-timeout", "5000");
            assertTrue(tcp.succeeded() && tcp.stdout().contains("\"sum_received\""), "TCP over path 2: " + tcp);
            final ExecResult route = lab.exec(LabNode.HOST, Duration.ofSeconds(10), "ip", "route", "get",
                "203.0.113.100", "from", "192.0.2.3");
            assertTrue(route.stdout().contains("mtu 1400"),
                "the host learned the path MTU from the translated ICMP: " + route + "\n" + gateway.log());
            final String scrape = gateway.scrape();
            assertTrue(LabGateway.metric(scrape, "gateway_stage_packets_total", "stage=\"icmp\"") >= 1);
            assertTrue(LabGateway.metric(scrape, "gateway_dropped_packets_total", "reason=\"bad_icmp\"") == 0);
        }
        // A gateway whose own path MTU is smaller (1300): a 1378-byte ping without DF is fragmented by the
        // gateway after translation, the server's kernel reassembles it and answers (RFC 4787 REQ-13).
        final Path second = Files.createDirectories(dir.resolve("mtu-1300"));
        try (LabGateway gateway = new LabGateway(lab, second, "path.isp2.sources=192.0.2.3/32",
            "path.isp2.mtu=1300").start())
        {
            final ExecResult ping = lab.exec(LabNode.HOST, Duration.ofSeconds(10), "ping", "-I", "192.0.2.3", "-c",
                "3", "-i", "0.2", "-W", "1", "-M", "dont", "-s", "1350", "203.0.113.100");
            final String scrape = gateway.scrape();
            assertTrue(ping.succeeded(), "fragmented ping through path 2: " + ping + "\n" + gateway.log());
            assertTrue(LabGateway.metric(scrape, "gateway_generated_packets_total", "kind=\"fragment\"") >= 3,
                "the gateway fragmented the requests:\n" + scrape);
            assertEquals(0.0, LabGateway.metric(scrape, "gateway_dropped_packets_total", "reason=\"mtu_exceeded\""));
        }
    }
}

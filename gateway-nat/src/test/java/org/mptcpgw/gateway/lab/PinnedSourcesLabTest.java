package org.mptcpgw.gateway.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.IperfResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabCounters;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabTest;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft section 2.1 in the lab: the host has one address per path (192.0.2.2 and 192.0.2.3, the kernel's
 * {@code subflow} endpoint opens a join from the second), the gateway pins 192.0.2.3 to isp2 and translates it
 * there. Each address's subflow takes its own path and the connection carries about twice one link.
 */
@LabTest(mode = LabMode.INLINE, options = {"--two-addresses", "--no-signal-port"})
class PinnedSourcesLabTest
{
    @Test
    void shouldPutEachAddressOnItsOwnPath(final Lab lab, @TempDir final Path dir) throws Exception
    {
        try (LabGateway gateway = new LabGateway(lab, dir, "path.isp2.sources=192.0.2.3/32").start())
        {
            final ExecResult plain = lab.runScript(Duration.ofSeconds(40), "iperf", "--seconds", "3", "--plain-via",
                "isp1");
            assertTrue(plain.succeeded(), plain.toString());
            final double oneLink = IperfResult.parse(plain.stdout()).goodputMbps();
            final LabCounters before = lab.counters();
            final IperfResult mptcp = lab.iperfMptcp(6, false);
            final LabCounters carried = lab.counters().minus(before);
            assertTrue(mptcp.subflows() >= 2, "subflows " + mptcp.subflows());
            assertTrue(mptcp.goodputMbps() >= 1.6 * oneLink, "MPTCP " + mptcp.goodputMbps() + " vs " + oneLink);
            final double total = carried.isp1().rxBytes() + carried.isp2().rxBytes();
            assertTrue(carried.isp2().rxBytes() > 0.3 * total && carried.isp1().rxBytes() > 0.3 * total,
                carried.toString());
            assertTrue(LabGateway.metric(gateway.scrape(), "gateway_nat_created_sessions_total",
                "path=\"isp2\"") >= 1);
        }
    }
}

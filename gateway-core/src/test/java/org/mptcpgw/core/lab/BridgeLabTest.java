package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Baseline (a) as a test: with a kernel bridge in gw the host reaches the service over isp1, and one MPTCP
 * connection (second subflow via the server's signal port) gets a sane share of one shaped link.
 */
@LabTest(mode = LabMode.BRIDGE)
class BridgeLabTest
{
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void shouldReachTheServiceAddressThroughTheBridge(final Lab lab)
    {
        final ExecResult ping = lab.exec(LabNode.HOST, PING_TIMEOUT, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
            Lab.SERVICE_ADDRESS);
        assertTrue(ping.succeeded(), ping::toString);
        assertTrue(ping.stdout().contains("3 packets transmitted, 3 received"), ping::toString);
        // host -> isp1 -> server: two routers on the way, and the bridge does not count.
        assertTrue(ping.stdout().contains("ttl=63"), ping::toString);
    }

    @Test
    void shouldCarryMptcpAtMoreThanHalfTheShapedRateOverIsp1Only(final Lab lab)
    {
        final LabCounters before = lab.counters();
        final IperfResult result = lab.iperfMptcp(3, false);
        final LabCounters carried = lab.counters().minus(before);

        assertTrue(result.goodputMbps() > 0.5 * Lab.DEFAULT_RATE_MBPS, result::toString);
        assertTrue(result.goodputMbps() < 1.1 * Lab.DEFAULT_RATE_MBPS, "one shaped link cannot carry more: " + result);
        assertTrue(result.subflows() >= 2, "the host must join the signalled port: " + result);
        // About 3 s at > 10 Mbit/s is > 3.75 MB up isp1; isp2 is not bridged and sees nothing.
        assertTrue(carried.isp1().rxBytes() > 3_000_000L, carried::toString);
        assertEquals(0L, carried.isp2().totalBytes(), carried::toString);
    }
}

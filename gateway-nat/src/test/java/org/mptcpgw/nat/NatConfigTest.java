package org.mptcpgw.nat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatConfigTest
{
    @Test
    void shouldDefaultToTheRfcTimeouts()
    {
        final NatConfig config = NatConfig.builder().build();

        assertEquals(TimeUnit.MINUTES.toNanos(124), config.tcpEstablishedIdleTimeoutNs());
        assertEquals(TimeUnit.MINUTES.toNanos(4), config.tcpOpeningIdleTimeoutNs());
        assertEquals(TimeUnit.MINUTES.toNanos(4), config.tcpClosingIdleTimeoutNs());
        assertEquals(TimeUnit.MINUTES.toNanos(4), config.tcpRstLingerNs());
        assertEquals(TimeUnit.MINUTES.toNanos(5), config.udpIdleTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(60), config.icmpEchoIdleTimeoutNs());
        assertEquals(1024, config.firstPort(NatProtocol.TCP));
        assertEquals(65535, config.lastPort(NatProtocol.UDP));
        assertEquals(FilteringMode.ENDPOINT_INDEPENDENT, config.filtering());
        assertTrue(config.udpPortParityPreserved());
        assertTrue(config.inboundRefresh());
        assertEquals(1, config.pathCount());
        assertEquals(262144, config.sessionCapacity());
        assertEquals(8192, config.hostQuota());
    }

    @Test
    void shouldMapPhasesToTimeouts()
    {
        final NatConfig config = NatConfig.builder().tcpOpeningIdleTimeoutNs(1).tcpClosingIdleTimeoutNs(2)
            .tcpRstLingerNs(3).build();

        assertEquals(1, config.idleTimeoutNs(NatProtocol.TCP, SessionState.TCP_OPENING));
        assertEquals(2, config.idleTimeoutNs(NatProtocol.TCP, SessionState.TCP_CLOSING));
        assertEquals(2, config.idleTimeoutNs(NatProtocol.TCP, SessionState.TCP_CLOSED));
        assertEquals(3, config.idleTimeoutNs(NatProtocol.TCP, SessionState.TCP_RESET));
        assertEquals(config.tcpEstablishedIdleTimeoutNs(),
            config.idleTimeoutNs(NatProtocol.TCP, SessionState.TCP_ESTABLISHED));
        assertEquals(config.udpIdleTimeoutNs(), config.idleTimeoutNs(NatProtocol.UDP, SessionState.ACTIVE));
        assertEquals(config.icmpEchoIdleTimeoutNs(), config.idleTimeoutNs(NatProtocol.ICMP, SessionState.ACTIVE));
    }

    @Test
    void shouldRejectTimeoutsBelowTheRfcMinimums()
    {
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder()
            .udpIdleTimeoutNs(TimeUnit.SECONDS.toNanos(119)).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder()
            .icmpEchoIdleTimeoutNs(TimeUnit.SECONDS.toNanos(59)).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder()
            .tcpEstablishedIdleTimeoutNs(TimeUnit.MINUTES.toNanos(123)).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().tcpRstLingerNs(0).build());
    }

    @Test
    void shouldAllowShortTransitoryTimeoutsAndLabOverrides()
    {
        final NatConfig shortTransitory = NatConfig.builder().tcpOpeningIdleTimeoutNs(TimeUnit.SECONDS.toNanos(30))
            .build();
        final NatConfig lab = NatConfig.builder().rfcMinimumsEnforced(false).udpIdleTimeoutNs(1000).build();

        assertEquals(TimeUnit.SECONDS.toNanos(30), shortTransitory.tcpOpeningIdleTimeoutNs());
        assertEquals(1000, lab.udpIdleTimeoutNs());
    }

    @Test
    void shouldRejectBadShapes()
    {
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().worker(4, 4).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().sessionCapacity(0).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder()
            .sessionCapacity(NatConfig.MAX_SESSION_CAPACITY + 1).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().portRange(2000, 1999).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().portRange(0, 65536).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().worker(0, 8).portRange(10, 15)
            .build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().pathCount(17).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().natAddresses(16, 1));
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().portRange(47, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().timerTickNs(1000).build());
        assertThrows(IllegalArgumentException.class, () -> NatConfig.builder().timerTicksPerWheel(3).build());
    }

    @Test
    void shouldCountPathsUpToTheLastOneGivenAddresses()
    {
        final NatConfig config = NatConfig.builder().natAddresses(3, 0xC6336401).pathCount(2).build();

        assertEquals(4, config.pathCount());
        assertEquals(0, config.natAddresses(0).length);
        assertEquals(0xC6336401, config.natAddresses(3)[0]);
        assertEquals(1000, NatConfig.builder().sessionCapacity(1000).build().hostTableCapacity(),
            "host table capped at the session capacity");
    }
}

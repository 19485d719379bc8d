package org.mptcpgw.nat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.pipeline.DropReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_B;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT_2;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0_ALT;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH1;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT_2;
import static org.mptcpgw.nat.NatFixtures.REMOTE_X;
import static org.mptcpgw.nat.NatFixtures.REMOTE_Y;
import static org.mptcpgw.nat.NatFixtures.SEED;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.twoPaths;
import static org.mptcpgw.nat.NatProtocol.ICMP;
import static org.mptcpgw.nat.NatProtocol.TCP;
import static org.mptcpgw.nat.NatProtocol.UDP;

class MappingTest
{
    @Test
    void shouldReuseTheOutsideEndpointForEveryRemoteOfAnInsideEndpoint()
    {
        for (final int protocol : new int[]{TCP, UDP, ICMP})
        {
            final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
            final int remotePort = ICMP == protocol ? 0 : REMOTE_PORT;
            final int first = table.createOutbound(0, protocol, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, remotePort,
                false, T0_NS);
            final int second = table.createOutbound(0, protocol, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, remotePort,
                false, T0_NS);

            assertTrue(first >= 0 && second >= 0 && first != second, NatRefusal.name(second));
            assertEquals(table.outsideIp(first), table.outsideIp(second));
            assertEquals(table.outsidePort(first), table.outsidePort(second));
            assertEquals(OUTSIDE_PATH0, table.outsideIp(first));
            assertEquals(2, table.mappingSessionCount(first));
            assertEquals(1, table.mappingsOnPath(0));
            assertEquals(1, table.portsInUse(0, protocol));
        }
    }

    @Test
    void shouldGiveTheSameInsideEndpointADifferentMappingOnEachPath()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);

        final int onPath0 = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int onPath1 = table.createOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false,
            T0_NS);

        assertEquals(OUTSIDE_PATH0, table.outsideIp(onPath0));
        assertEquals(OUTSIDE_PATH1, table.outsideIp(onPath1));
        assertEquals(1, table.mappingsOnPath(0));
        assertEquals(1, table.mappingsOnPath(1));
        assertEquals(onPath1, table.lookupInbound(1, TCP, OUTSIDE_PATH1, table.outsidePort(onPath1), REMOTE_Y,
            REMOTE_PORT));
        // A flow (5-tuple) lives on one path: asking for it on another path returns the live session.
        assertEquals(onPath0, table.createOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS));
        assertEquals(onPath0, table.lookupOutbound(TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT));
        assertEquals(NatRefusal.MISS, table.lookupOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT));
    }

    @Test
    void shouldPreserveTheInsidePortWhenItIsFree()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);

        final int session = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);

        assertEquals(INSIDE_PORT, table.outsidePort(session));
    }

    @Test
    void shouldNotPreserveAPortOutsideTheRangeAndPickOneInside()
    {
        final NatConfig config = twoPaths().portRange(UDP, 20000, 20999).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);

        final int session = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);

        assertTrue(table.outsidePort(session) >= 20000 && table.outsidePort(session) <= 20999);
    }

    @Test
    void shouldPickAnotherPortOfTheSameParityWhenTheInsidePortIsTakenForUdp()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final Set<Integer> ports = new HashSet<>();
        for (int host = 0; host < 200; host++)
        {
            // Every host uses the same odd inside port: only the first keeps it.
            final int s = table.createOutbound(0, UDP, INSIDE_HOST_A + host, INSIDE_PORT, REMOTE_X, REMOTE_PORT,
                false, T0_NS);
            assertTrue(s >= 0, NatRefusal.name(s));
            assertEquals(INSIDE_PORT & 1, table.outsidePort(s) & 1, "parity of " + table.outsidePort(s));
            assertTrue(ports.add(table.outsidePort(s)), "port given twice: " + table.outsidePort(s));
        }
        assertTrue(ports.contains(INSIDE_PORT));
    }

    @Test
    void shouldFallBackToTheOtherParityWhenNoPortOfTheRightParityIsLeft()
    {
        final NatConfig config = twoPaths().portRange(UDP, 30000, 30003).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        final Set<Integer> ports = new HashSet<>();
        for (int host = 0; host < 4; host++)
        {
            final int s = table.createOutbound(0, UDP, INSIDE_HOST_A + host, 30000, REMOTE_X, REMOTE_PORT, false,
                T0_NS);
            assertTrue(s >= 0, NatRefusal.name(s));
            ports.add(table.outsidePort(s));
        }
        assertEquals(Set.of(30000, 30001, 30002, 30003), ports);
    }

    @Test
    void shouldNeverGiveOneOutsideEndpointToTwoMappings()
    {
        final NatConfig config = twoPaths().portRange(TCP, 40000, 40999).sessionCapacity(4096).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 1000; i++)
        {
            final int s = table.createOutbound(0, TCP, INSIDE_HOST_A + (i % 7), 40000 + (i % 50), REMOTE_X,
                REMOTE_PORT + i, false, T0_NS);
            assertTrue(s >= 0, NatRefusal.name(s));
            final int head = table.lookupMappingByInside(0, TCP, table.insideIp(s), table.insidePort(s));
            if (head == s)
            {
                assertTrue(ports.add(table.outsidePort(s)), "port overloaded: " + table.outsidePort(s));
            }
        }
        assertEquals(ports.size(), table.mappingsOnPath(0));
        assertEquals(ports.size(), table.portsInUse(0, TCP));
    }

    @Test
    void shouldRefuseAMappingOverTheHostQuotaAndCountIt()
    {
        final NatConfig config = twoPaths().hostQuota(2).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);

        final int first = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        final int second = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int third = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT_2, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int sameMapping = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false,
            T0_NS);
        final int otherHost = table.createOutbound(0, TCP, INSIDE_HOST_B, INSIDE_PORT_2, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int otherPath = table.createOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT_2, REMOTE_X, REMOTE_PORT, false,
            T0_NS);

        assertTrue(first >= 0 && second >= 0);
        assertEquals(NatRefusal.HOST_QUOTA, third);
        assertEquals(DropReason.HOST_QUOTA, NatRefusal.dropReason(third));
        assertTrue(sameMapping >= 0, "a new session of an existing mapping costs no quota");
        assertTrue(otherHost >= 0);
        assertTrue(otherPath >= 0, "the quota is per path");
        assertEquals(1, table.refusals(NatRefusal.HOST_QUOTA));
        assertEquals(2, table.hostMappings(0, INSIDE_HOST_A));

        table.remove(second, SessionEndReason.REMOVED);
        assertTrue(table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT_2, REMOTE_X, REMOTE_PORT, false,
            T0_NS) >= 0, "quota given back when the mapping ended");
    }

    @Test
    void shouldRefuseWhenThePathRunsOutOfPortsAndCountIt()
    {
        final NatConfig config = twoPaths().portRange(UDP, 50000, 50009).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        for (int i = 0; i < 10; i++)
        {
            assertTrue(table.createOutbound(0, UDP, INSIDE_HOST_A, 1000 + i, REMOTE_X, REMOTE_PORT, false, T0_NS) >= 0);
        }

        final int refused = table.createOutbound(0, UDP, INSIDE_HOST_A, 2000, REMOTE_X, REMOTE_PORT, false, T0_NS);
        final int refusedAgain = table.createOutbound(0, UDP, INSIDE_HOST_B, 2000, REMOTE_X, REMOTE_PORT, false, T0_NS);

        assertEquals(NatRefusal.OUT_OF_PORTS, refused);
        assertEquals(NatRefusal.OUT_OF_PORTS, refusedAgain);
        assertEquals(DropReason.OUT_OF_PORTS, NatRefusal.dropReason(refused));
        assertEquals(2, table.refusals(NatRefusal.OUT_OF_PORTS));
        assertEquals(10, table.size());
        assertEquals(10, table.hostMappings(0, INSIDE_HOST_A), "refused mappings give their quota back");
        assertEquals(0, table.hostMappings(0, INSIDE_HOST_B));
        assertTrue(table.createOutbound(1, UDP, INSIDE_HOST_A, 2000, REMOTE_X, REMOTE_PORT, false, T0_NS) >= 0,
            "other paths have their own ports");
    }

    @Test
    void shouldRefuseWhenTheTableIsFull()
    {
        final NatConfig config = twoPaths().sessionCapacity(4).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        for (int i = 0; i < 4; i++)
        {
            assertTrue(table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, 1000 + i, false, T0_NS) >= 0);
        }

        final int refused = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, 2000, false, T0_NS);
        final int inboundRefused = table.inbound(0, TCP, OUTSIDE_PATH0, INSIDE_PORT, REMOTE_Y, 2000, TcpFlags.SYN,
            T0_NS);

        assertEquals(NatRefusal.MAX_SESSIONS, refused);
        assertEquals(NatRefusal.MAX_SESSIONS, inboundRefused);
        assertEquals(DropReason.MAX_SESSIONS, NatRefusal.dropReason(refused));
        assertEquals(2, table.refusals(NatRefusal.MAX_SESSIONS));
        assertEquals(4, table.size());
    }

    @Test
    void shouldRefuseBadPathsAndProtocolsWithACode()
    {
        final NatConfig config = NatConfig.builder().randomSeed(SEED).sessionCapacity(16).pathCount(3)
            .natAddresses(0, OUTSIDE_PATH0).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);

        assertEquals(NatRefusal.NO_PATH,
            table.createOutbound(7, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS));
        assertEquals(NatRefusal.NO_PATH,
            table.createOutbound(-1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS));
        assertEquals(NatRefusal.NO_PATH,
            table.createOutbound(2, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS),
            "path 2 has no NAT address");
        assertEquals(NatRefusal.UNSUPPORTED_PROTOCOL,
            table.createOutbound(0, 132, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS));
        assertEquals(DropReason.UNSUPPORTED_PROTOCOL, NatRefusal.dropReason(NatRefusal.UNSUPPORTED_PROTOCOL));
        assertTrue(table.createOutbound(2, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, true, T0_NS) >= 0,
            "a path without NAT still takes pass-through sessions");
        assertEquals(1, table.size());
    }

    @Test
    void shouldReturnTheExistingSessionInsteadOfADuplicate()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);

        final int first = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        final int again = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);

        assertEquals(first, again);
        assertEquals(1, table.size());
        assertEquals(1, table.sessionsCreated());
    }

    @Test
    void shouldPairEachInsideHostWithOneOutsideAddressOfThePathForEveryProtocol()
    {
        final NatConfig config = twoPaths().natAddresses(0, OUTSIDE_PATH0, OUTSIDE_PATH0_ALT).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        final Set<Integer> addressesSeen = new HashSet<>();
        for (int host = 0; host < 32; host++)
        {
            final int tcp = table.createOutbound(0, TCP, INSIDE_HOST_A + host, 1000 + host, REMOTE_X, REMOTE_PORT,
                false, T0_NS);
            final int udp = table.createOutbound(0, UDP, INSIDE_HOST_A + host, 2000 + host, REMOTE_Y, REMOTE_PORT_2,
                false, T0_NS);
            final int icmp = table.createOutbound(0, ICMP, INSIDE_HOST_A + host, 3000 + host, REMOTE_Y, 0,
                false, T0_NS);
            assertEquals(table.outsideIp(tcp), table.outsideIp(udp));
            assertEquals(table.outsideIp(tcp), table.outsideIp(icmp));
            addressesSeen.add(table.outsideIp(tcp));
        }
        assertEquals(Set.of(OUTSIDE_PATH0, OUTSIDE_PATH0_ALT), addressesSeen, "hosts spread over the pool");
    }

    @Test
    void shouldTakeOnlyPortsOfItsOwnWorkerSlice()
    {
        final int workers = 4;
        final NatConfig config = twoPaths().worker(1, workers).sessionCapacity(4096).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        final int sliceFirst = config.sliceFirstPort(UDP);
        final int sliceLast = config.sliceLastPort(UDP);

        final int preserved = table.createOutbound(0, UDP, INSIDE_HOST_A, sliceFirst + 5, REMOTE_X, REMOTE_PORT,
            false, T0_NS);
        final int notPreserved = table.createOutbound(0, UDP, INSIDE_HOST_A, sliceLast + 5, REMOTE_X, REMOTE_PORT,
            false, T0_NS);

        assertEquals(sliceFirst + 5, table.outsidePort(preserved), "in the slice and free: preserved");
        assertNotEquals(sliceLast + 5, table.outsidePort(notPreserved), "another worker's port is not taken");
        for (int i = 0; i < 2000; i++)
        {
            final int s = table.createOutbound(0, UDP, INSIDE_HOST_B, 1024 + i * 13, REMOTE_X, REMOTE_PORT, false,
                T0_NS);
            assertTrue(s >= 0, NatRefusal.name(s));
            final int port = table.outsidePort(s);
            assertTrue(port >= sliceFirst && port <= sliceLast, "port " + port + " outside the slice");
            assertEquals(1, config.ownerOf(UDP, port));
        }
    }

    @Test
    void shouldLookUpAVectorOfPacketsLikeOneAtATime()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().sessionCapacity(64).build(),
            SessionListener.NO_OP, T0_NS);
        final SessionLookupBatch outbound = new SessionLookupBatch(40);
        final SessionLookupBatch inbound = new SessionLookupBatch(40);
        final int[] expected = new int[40];
        for (int i = 0; i < 40; i++)
        {
            // Every third flow is never created: the batch must report it missing.
            expected[i] = 0 == i % 3 ? NatRefusal.MISS : table.createOutbound(i & 1, UDP, INSIDE_HOST_A + (i & 3),
                INSIDE_PORT + i, REMOTE_X, REMOTE_PORT, false, T0_NS);
            assertEquals(i, outbound.add(i & 1, UDP, INSIDE_HOST_A + (i & 3), INSIDE_PORT + i, REMOTE_X,
                REMOTE_PORT));
            final int outsidePort = expected[i] >= 0 ? table.outsidePort(expected[i]) : INSIDE_PORT + i;
            inbound.add(i & 1, UDP, 0 == (i & 1) ? OUTSIDE_PATH0 : OUTSIDE_PATH1, outsidePort, REMOTE_X, REMOTE_PORT);
        }
        assertEquals(-1, outbound.add(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT), "full");

        table.lookupOutbound(outbound);
        table.lookupInbound(inbound);

        for (int i = 0; i < 40; i++)
        {
            assertEquals(expected[i], outbound.session(i), "outbound " + i);
            assertEquals(expected[i], inbound.session(i), "inbound " + i);
        }
        assertEquals(40, outbound.count());
        assertEquals(0, outbound.clear().count());
    }

    @Test
    void shouldTranslateBothWaysWithTheSameSession()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);

        final int session = table.createOutbound(1, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);

        assertEquals(session, table.lookupOutbound(1, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT));
        assertEquals(session, table.lookupInbound(1, UDP, OUTSIDE_PATH1, table.outsidePort(session), REMOTE_X,
            REMOTE_PORT));
        assertEquals(NatRefusal.MISS, table.lookupInbound(0, UDP, OUTSIDE_PATH1, table.outsidePort(session),
            REMOTE_X, REMOTE_PORT), "path is part of the key");
        assertEquals(NatRefusal.MISS, table.lookupOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X,
            REMOTE_PORT), "protocol is part of the key");
        assertEquals(session, table.lookupMappingByOutside(1, UDP, OUTSIDE_PATH1, table.outsidePort(session)));
        assertEquals(INSIDE_HOST_A, table.insideIp(session));
        assertEquals(REMOTE_X, table.remoteIp(session));
        assertEquals(REMOTE_PORT, table.remotePort(session));
        assertEquals(1, table.path(session));
        assertEquals(UDP, table.protocol(session));
    }
}

package org.mptcpgw.nat;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mptcpgw.nat.FlowDirection.INBOUND;
import static org.mptcpgw.nat.FlowDirection.OUTBOUND;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_B;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT;
import static org.mptcpgw.nat.NatFixtures.LATE_NS;
import static org.mptcpgw.nat.NatFixtures.MINUTE_NS;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT;
import static org.mptcpgw.nat.NatFixtures.REMOTE_X;
import static org.mptcpgw.nat.NatFixtures.REMOTE_Y;
import static org.mptcpgw.nat.NatFixtures.REMOTE_Z;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.expire;
import static org.mptcpgw.nat.NatFixtures.twoPaths;
import static org.mptcpgw.nat.NatProtocol.TCP;
import static org.mptcpgw.nat.NatProtocol.UDP;
import static org.mptcpgw.nat.TcpFlags.ACK;
import static org.mptcpgw.nat.TcpFlags.SYN;

class SessionLifecycleTest
{
    @Test
    void shouldTellTheListenerAboutCreationAndEndWithFieldsReadable()
    {
        final NatFixtures.RecordingListener listener = new NatFixtures.RecordingListener();
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), listener, T0_NS);

        final int s = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        table.remove(s, SessionEndReason.EVICTED);

        assertEquals(List.of(
            "created " + s + " " + INSIDE_PORT + "->" + INSIDE_PORT,
            "ended " + s + " EVICTED " + INSIDE_PORT + "->" + INSIDE_PORT + " live=true"), listener.events);
        assertEquals(1, table.sessionsEnded(SessionEndReason.EVICTED));
        assertFalse(table.isLive(s));
        assertFalse(table.remove(s, SessionEndReason.REMOVED), "removing twice is refused, not thrown");
        assertFalse(table.remove(-3, SessionEndReason.REMOVED));
        assertFalse(table.remove(1 << 20, SessionEndReason.REMOVED));
    }

    @Test
    void shouldKeepTheMappingUntilItsLastSessionEndsWhicheverEndsFirst()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final int first = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int second = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false,
            T0_NS);
        final int third = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Z, REMOTE_PORT, false,
            T0_NS);
        final int outsidePort = table.outsidePort(first);
        assertEquals(3, table.mappingSessionCount(second));

        table.remove(first, SessionEndReason.REMOVED);
        assertEquals(2, table.mappingSessionCount(third), "head gone, count moves to the new head");
        assertTrue(table.lookupMappingByOutside(0, UDP, OUTSIDE_PATH0, outsidePort) >= 0);
        assertEquals(1, table.portsInUse(0, UDP));

        table.remove(third, SessionEndReason.REMOVED);
        assertEquals(1, table.mappingSessionCount(second));
        assertEquals(second, table.lookupMappingByInside(0, UDP, INSIDE_HOST_A, INSIDE_PORT));

        table.remove(second, SessionEndReason.REMOVED);
        assertEquals(NatRefusal.MISS, table.lookupMappingByOutside(0, UDP, OUTSIDE_PATH0, outsidePort));
        assertEquals(NatRefusal.MISS, table.lookupMappingByInside(0, UDP, INSIDE_HOST_A, INSIDE_PORT));
        assertEquals(0, table.portsInUse(0, UDP));
        assertEquals(0, table.mappingsOnPath(0));
        assertEquals(0, table.hostMappings(0, INSIDE_HOST_A));
        assertEquals(0, table.size());
        for (int i = 0; i < 4; i++)
        {
            assertEquals(0, table.index(i).size(), "index " + i);
        }
    }

    @Test
    void shouldReuseTheFreedPortForANewMapping()
    {
        final NatConfig config = twoPaths().portRange(UDP, 45000, 45000).build();
        final NatSessionTable table = new NatSessionTable(config, SessionListener.NO_OP, T0_NS);
        final int first = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        assertEquals(NatRefusal.OUT_OF_PORTS,
            table.createOutbound(0, UDP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS));

        expire(table, T0_NS + 5 * MINUTE_NS + LATE_NS);
        assertFalse(table.isLive(first));
        final int second = table.createOutbound(0, UDP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS + 6 * MINUTE_NS);

        assertEquals(45000, table.outsidePort(second));
    }

    @Test
    void shouldKeepPassThroughSessionsWithTheirOwnEndpointAsOutside()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);

        final int s = table.createOutbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, true, T0_NS);
        table.onPacket(s, OUTBOUND, SYN, T0_NS);
        table.onPacket(s, INBOUND, SYN | ACK, T0_NS);

        assertTrue(table.isPassThrough(s));
        assertEquals(INSIDE_HOST_A, table.outsideIp(s));
        assertEquals(INSIDE_PORT, table.outsidePort(s));
        assertEquals(s, table.lookupInbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT));
        assertEquals(0, table.mappingSessionCount(s));
        assertEquals(0, table.mappingsOnPath(1));
        assertEquals(0, table.portsInUse(1, TCP));
        assertEquals(1, table.sessionsOnPath(1));
        assertEquals(NatRefusal.NO_SESSION,
            table.inbound(1, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, SYN, T0_NS),
            "pass-through sessions have no mapping to admit other remotes");
        expire(table, T0_NS + 124 * MINUTE_NS + LATE_NS);
        assertFalse(table.isLive(s));
        assertEquals(0, table.sessionsOnPath(1));
    }

    @Test
    void shouldRefuseAPassThroughSessionWhoseEndpointIsTaken()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final int nat = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);

        final int clash = table.createOutbound(0, UDP, OUTSIDE_PATH0, table.outsidePort(nat), REMOTE_X, REMOTE_PORT,
            true, T0_NS);

        assertEquals(NatRefusal.CONFLICT, clash);
    }

    @Test
    void shouldKeepThePipelinesFieldsPerSession()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final int a = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        final int b = table.createOutbound(0, TCP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);

        table.userData(a, 0x7EA).flags(a, 0x3).userData(b, -1);

        assertEquals(0x7EA, table.userData(a));
        assertEquals(0x3, table.flags(a));
        assertEquals(-1, table.userData(b));
        assertEquals(0, table.flags(b));
        table.remove(a, SessionEndReason.REMOVED);
        final int c = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false, T0_NS);
        assertEquals(a, c, "the freed index is reused");
        assertEquals(0, table.userData(c), "and starts clean");
        assertEquals(0, table.flags(c));
    }

    @Test
    void shouldPublishUsageCountsPerPath()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false, T0_NS);
        table.createOutbound(0, UDP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false, T0_NS);
        table.createOutbound(1, UDP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);

        assertEquals(4, table.size());
        assertEquals(3, table.sessionsOnPath(0));
        assertEquals(1, table.sessionsOnPath(1));
        assertEquals(2, table.mappingsOnPath(0));
        assertEquals(1, table.portsInUse(0, TCP));
        assertEquals(1, table.portsInUse(0, UDP));
        assertEquals(0, table.portsInUse(1, TCP));
        assertEquals(64512, table.portsPerAddress(TCP));
        assertEquals(4, table.sessionsCreated());
    }

    @Test
    void shouldNotAllocateOnThePacketPathOrWhenCreatingAndExpiringSessions()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        final NatSessionTable table = new NatSessionTable(twoPaths().sessionCapacity(4096).build(),
            SessionListener.NO_OP, T0_NS);

        churn(table, T0_NS);
        churn(table, T0_NS + 60 * MINUTE_NS);
        // Steady state: the first of up to five rounds that the JIT does not disturb (a late compile may allocate
        // once; an allocation per packet or per session would show in every round).
        final StringBuilder rounds = new StringBuilder();
        long allocated = -1;
        long lastNs = 0;
        for (int round = 0; round < 5 && 0 != allocated; round++)
        {
            final long idle = threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            lastNs = churn(table, T0_NS + (120 + 60L * round) * MINUTE_NS);
            allocated = threads.getCurrentThreadAllocatedBytes() - before - (before - idle);
            rounds.append(' ').append(allocated);
        }

        assertEquals(0, allocated, "bytes allocated per round:" + rounds);
        assertTrue(table.sessionsCreated() > 0 && lastNs > 0);
    }

    private static long churn(final NatSessionTable table, final long startNs)
    {
        long nowNs = startNs;
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                final int s = table.createOutbound(i & 1, UDP, INSIDE_HOST_A + (i & 15), 2000 + i, REMOTE_X,
                    REMOTE_PORT, false, nowNs);
                table.onPacket(s, OUTBOUND, 0, nowNs);
                final int in = table.inbound(i & 1, UDP, table.outsideIp(s), table.outsidePort(s), REMOTE_Y,
                    REMOTE_PORT, 0, nowNs);
                table.onPacket(in, INBOUND, 0, nowNs);
                final int t = table.createOutbound(0, TCP, INSIDE_HOST_B, 3000 + i, REMOTE_X, REMOTE_PORT, false,
                    nowNs);
                table.onPacket(t, OUTBOUND, SYN, nowNs);
                table.onPacket(t, INBOUND, SYN | ACK, nowNs);
                table.onPacket(t, OUTBOUND, TcpFlags.FIN | ACK, nowNs);
                table.lookupOutbound(i & 1, UDP, INSIDE_HOST_A + (i & 15), 2000 + i, REMOTE_X, REMOTE_PORT);
            }
            nowNs += 6 * MINUTE_NS;
            while (table.poll(nowNs, 256) > 0)
            {
                nowNs += 1;
            }
        }
        return nowNs;
    }
}

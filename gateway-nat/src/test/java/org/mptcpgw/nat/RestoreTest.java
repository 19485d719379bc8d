package org.mptcpgw.nat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.FlowDirection.INBOUND;
import static org.mptcpgw.nat.FlowDirection.OUTBOUND;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_B;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT_2;
import static org.mptcpgw.nat.NatFixtures.LATE_NS;
import static org.mptcpgw.nat.NatFixtures.MINUTE_NS;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH1;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT;
import static org.mptcpgw.nat.NatFixtures.REMOTE_X;
import static org.mptcpgw.nat.NatFixtures.REMOTE_Y;
import static org.mptcpgw.nat.NatFixtures.SECOND_NS;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.expire;
import static org.mptcpgw.nat.NatFixtures.twoPaths;
import static org.mptcpgw.nat.NatProtocol.TCP;
import static org.mptcpgw.nat.NatProtocol.UDP;
import static org.mptcpgw.nat.TcpFlags.ACK;
import static org.mptcpgw.nat.TcpFlags.SYN;

class RestoreTest
{
    private static final int MPTCP_CONNECTION = 0x00C0FFEE;
    private static final int PIPELINE_FLAGS = 0x5A;

    @Test
    void shouldRecreateSessionsWithTheirOutsideEndpointsStateAndFields()
    {
        final NatSessionTable before = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final int tcp = before.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        before.onPacket(tcp, OUTBOUND, SYN, T0_NS);
        before.onPacket(tcp, INBOUND, SYN | ACK, T0_NS);
        before.userData(tcp, MPTCP_CONNECTION).flags(tcp, PIPELINE_FLAGS);
        final int second = before.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, false,
            T0_NS + SECOND_NS);
        final int inbound = before.inbound(1, UDP, OUTSIDE_PATH1,
            before.outsidePort(before.createOutbound(1, UDP, INSIDE_HOST_B, INSIDE_PORT_2, REMOTE_X, REMOTE_PORT,
            false, T0_NS)), REMOTE_Y, REMOTE_PORT, 0, T0_NS);
        final int passThrough = before.createOutbound(1, TCP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_Y, REMOTE_PORT, true,
            T0_NS);
        final List<SessionImage> journal = new ArrayList<>();
        for (final int s : new int[]{tcp, second, inbound, passThrough})
        {
            journal.add(before.copy(s, new SessionImage()));
        }
        final long restartNs = T0_NS + MINUTE_NS;

        final NatFixtures.RecordingListener listener = new NatFixtures.RecordingListener();
        final NatSessionTable after = new NatSessionTable(twoPaths().randomSeed(0x0DDBA11L).build(), listener,
            restartNs);
        for (final SessionImage image : journal)
        {
            final int s = after.restore(image, restartNs);
            assertTrue(s >= 0, NatRefusal.name(s) + " for " + image);
            assertEquals(image.toString(), after.copy(s, new SessionImage()).toString());
        }

        final int restored = after.lookupOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT);
        assertEquals(before.outsidePort(tcp), after.outsidePort(restored));
        assertEquals(MPTCP_CONNECTION, after.userData(restored));
        assertEquals(PIPELINE_FLAGS, after.flags(restored));
        assertEquals(SessionState.TCP_ESTABLISHED, SessionState.phase(after.state(restored)));
        assertEquals(2, after.mappingSessionCount(restored));
        assertEquals(restored, after.lookupInbound(0, TCP, OUTSIDE_PATH0, before.outsidePort(tcp), REMOTE_X,
            REMOTE_PORT));
        assertTrue(after.isInboundInitiated(after.lookupOutbound(1, UDP, INSIDE_HOST_B, INSIDE_PORT_2, REMOTE_Y,
            REMOTE_PORT)));
        assertTrue(after.isPassThrough(after.lookupOutbound(1, TCP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_Y,
            REMOTE_PORT)));
        assertEquals(4, after.size());
        assertEquals(4, after.sessionsRestored());
        assertEquals(0, after.sessionsCreated());
        assertEquals(4, listener.events.size());
        assertTrue(listener.events.get(0).startsWith("restored"), listener.events.toString());
        assertEquals(2, after.mappingsOnPath(1) + after.mappingsOnPath(0));
    }

    @Test
    void shouldRefuseToRestoreOntoAPortAnotherMappingHolds()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final int live = table.createOutbound(0, UDP, INSIDE_HOST_B, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        final SessionImage image = new SessionImage().path(0).protocol(UDP).insideIp(INSIDE_HOST_A)
            .insidePort(INSIDE_PORT_2).outsideIp(OUTSIDE_PATH0).outsidePort(table.outsidePort(live)).remoteIp(REMOTE_Y)
            .remotePort(REMOTE_PORT).state(SessionState.ACTIVE).lastActivityNs(T0_NS);

        assertEquals(NatRefusal.OUT_OF_PORTS, table.restore(image, T0_NS));
        assertEquals(NatRefusal.NO_PATH, table.restore(image.outsideIp(OUTSIDE_PATH1), T0_NS),
            "address is not on the path");
        assertEquals(NatRefusal.OUT_OF_PORTS, table.restore(image.outsideIp(OUTSIDE_PATH0).outsidePort(80), T0_NS),
            "port outside the worker's slice");
        assertEquals(NatRefusal.CONFLICT, table.restore(image.outsidePort(40000).state(SessionState.TCP_ESTABLISHED),
            T0_NS), "a UDP session cannot be established");
        assertEquals(1, table.size());
        assertEquals(0, table.hostMappings(0, INSIDE_HOST_A), "refused restores leave no quota behind");
    }

    @Test
    void shouldRefuseASecondSessionThatContradictsTheRestoredMapping()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final SessionImage image = new SessionImage().path(0).protocol(UDP).insideIp(INSIDE_HOST_A)
            .insidePort(INSIDE_PORT).outsideIp(OUTSIDE_PATH0).outsidePort(40000).remoteIp(REMOTE_X)
            .remotePort(REMOTE_PORT).state(SessionState.ACTIVE).lastActivityNs(T0_NS);
        assertTrue(table.restore(image, T0_NS) >= 0);

        assertEquals(NatRefusal.CONFLICT, table.restore(image, T0_NS), "same session twice");
        assertEquals(NatRefusal.CONFLICT, table.restore(image.remoteIp(REMOTE_Y).outsidePort(40002), T0_NS),
            "endpoint-independent mapping: one outside port per inside endpoint");
        assertTrue(table.restore(image.outsidePort(40000), T0_NS) >= 0);
        assertEquals(2, table.size());
    }

    @Test
    void shouldExpireARestoredSessionFromItsJournalledLastActivity()
    {
        final NatSessionTable table = new NatSessionTable(twoPaths().build(), SessionListener.NO_OP, T0_NS);
        final long restartNs = T0_NS + 10 * MINUTE_NS;
        final SessionImage stale = new SessionImage().path(0).protocol(UDP).insideIp(INSIDE_HOST_A)
            .insidePort(INSIDE_PORT).outsideIp(OUTSIDE_PATH0).outsidePort(40000).remoteIp(REMOTE_X)
            .remotePort(REMOTE_PORT).state(SessionState.ACTIVE).lastActivityNs(T0_NS);
        final SessionImage fresh = new SessionImage().path(0).protocol(UDP).insideIp(INSIDE_HOST_B)
            .insidePort(INSIDE_PORT).outsideIp(OUTSIDE_PATH0).outsidePort(40002).remoteIp(REMOTE_X)
            .remotePort(REMOTE_PORT).state(SessionState.ACTIVE).lastActivityNs(restartNs - MINUTE_NS);

        final int staleSession = table.restore(stale, restartNs);
        final int freshSession = table.restore(fresh, restartNs);
        expire(table, restartNs + LATE_NS);

        assertFalse(table.isLive(staleSession), "idle for 10 min before the restart: gone at the first polls");
        assertTrue(table.isLive(freshSession));
        expire(table, restartNs + 4 * MINUTE_NS + LATE_NS);
        assertFalse(table.isLive(freshSession));
    }
}

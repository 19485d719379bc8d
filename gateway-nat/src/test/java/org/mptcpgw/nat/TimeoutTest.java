package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.FlowDirection.INBOUND;
import static org.mptcpgw.nat.FlowDirection.OUTBOUND;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT;
import static org.mptcpgw.nat.NatFixtures.LATE_NS;
import static org.mptcpgw.nat.NatFixtures.MINUTE_NS;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT;
import static org.mptcpgw.nat.NatFixtures.REMOTE_X;
import static org.mptcpgw.nat.NatFixtures.SECOND_NS;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.expire;
import static org.mptcpgw.nat.NatFixtures.twoPaths;
import static org.mptcpgw.nat.NatProtocol.ICMP;
import static org.mptcpgw.nat.NatProtocol.TCP;
import static org.mptcpgw.nat.NatProtocol.UDP;
import static org.mptcpgw.nat.TcpFlags.ACK;
import static org.mptcpgw.nat.TcpFlags.FIN;
import static org.mptcpgw.nat.TcpFlags.RST;
import static org.mptcpgw.nat.TcpFlags.SYN;

class TimeoutTest
{
    private static final long ESTABLISHED_NS = 124 * MINUTE_NS;
    private static final long TRANSITORY_NS = 4 * MINUTE_NS;

    private final NatFixtures.RecordingListener listener = new NatFixtures.RecordingListener();

    private NatSessionTable table(final NatConfig config)
    {
        return new NatSessionTable(config, listener, T0_NS);
    }

    private static int established(final NatSessionTable table, final long nowNs)
    {
        final int s = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, nowNs);
        table.onPacket(s, OUTBOUND, SYN, nowNs);
        table.onPacket(s, INBOUND, SYN | ACK, nowNs);
        table.onPacket(s, OUTBOUND, ACK, nowNs);
        assertEquals(SessionState.TCP_ESTABLISHED, SessionState.phase(table.state(s)));
        return s;
    }

    private static int udp(final NatSessionTable table, final long nowNs)
    {
        final int s = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, nowNs);
        table.onPacket(s, OUTBOUND, 0, nowNs);
        return s;
    }

    private static void assertAliveAt(final NatSessionTable table, final int session, final long nowNs)
    {
        expire(table, nowNs);
        assertTrue(table.isLive(session), "expired early at +" + (nowNs - T0_NS) / SECOND_NS + " s");
    }

    private static void assertGoneAt(final NatSessionTable table, final int session, final long nowNs)
    {
        expire(table, nowNs);
        assertFalse(table.isLive(session), "still alive at +" + (nowNs - T0_NS) / SECOND_NS + " s");
    }

    @Test
    void shouldKeepAnIdleEstablishedTcpSessionForTwoHoursFourMinutes()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);

        assertAliveAt(table, s, T0_NS + 5 * MINUTE_NS);
        assertAliveAt(table, s, T0_NS + ESTABLISHED_NS - SECOND_NS);
        assertGoneAt(table, s, T0_NS + ESTABLISHED_NS + LATE_NS);
        assertEquals(1, table.sessionsEnded(SessionEndReason.IDLE_TIMEOUT));
    }

    @Test
    void shouldExpireAHalfOpenTcpSessionAfterTheOpeningTimeout()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false, T0_NS);
        table.onPacket(s, OUTBOUND, SYN, T0_NS);

        assertAliveAt(table, s, T0_NS + TRANSITORY_NS - SECOND_NS);
        assertGoneAt(table, s, T0_NS + TRANSITORY_NS + LATE_NS);
    }

    @Test
    void shouldUseSeparateOpeningAndClosingTimeouts()
    {
        final NatConfig config = twoPaths().tcpOpeningIdleTimeoutNs(MINUTE_NS).tcpClosingIdleTimeoutNs(3 * MINUTE_NS)
            .build();
        final NatSessionTable opening = table(config);
        final int half = opening.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        opening.onPacket(half, OUTBOUND, SYN, T0_NS);
        assertAliveAt(opening, half, T0_NS + MINUTE_NS - SECOND_NS);
        assertGoneAt(opening, half, T0_NS + MINUTE_NS + LATE_NS);

        final NatSessionTable closing = table(config);
        final int s = established(closing, T0_NS);
        closing.onPacket(s, OUTBOUND, FIN | ACK, T0_NS + MINUTE_NS);
        assertAliveAt(closing, s, T0_NS + 4 * MINUTE_NS - SECOND_NS);
        assertGoneAt(closing, s, T0_NS + 4 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldExpireAHalfClosedTcpSessionAfterTheClosingTimeoutNotTheEstablishedOne()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);
        final long finNs = T0_NS + 30 * MINUTE_NS;

        table.onPacket(s, INBOUND, FIN | ACK, finNs);

        assertEquals(SessionState.TCP_CLOSING, SessionState.phase(table.state(s)));
        assertAliveAt(table, s, finNs + TRANSITORY_NS - SECOND_NS);
        assertGoneAt(table, s, finNs + TRANSITORY_NS + LATE_NS);
        assertEquals(1, table.sessionsEnded(SessionEndReason.IDLE_TIMEOUT));
    }

    @Test
    void shouldCloseATcpSessionAfterFinsBothWaysAndTheClosingTimeout()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);
        final long finNs = T0_NS + 10 * SECOND_NS;

        table.onPacket(s, OUTBOUND, FIN | ACK, finNs);
        table.onPacket(s, INBOUND, FIN | ACK, finNs);
        table.onPacket(s, OUTBOUND, ACK, finNs);

        assertEquals(SessionState.TCP_CLOSED, SessionState.phase(table.state(s)));
        assertAliveAt(table, s, finNs + TRANSITORY_NS - SECOND_NS);
        assertGoneAt(table, s, finNs + TRANSITORY_NS + LATE_NS);
        assertEquals(1, table.sessionsEnded(SessionEndReason.FIN_CLOSED));
        assertTrue(listener.events.get(listener.events.size() - 1).contains("FIN_CLOSED"), listener.events.toString());
    }

    @Test
    void shouldKeepTranslatingForTheRstLingerAndThenEndTheSession()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);
        final int outsidePort = table.outsidePort(s);
        final long rstNs = T0_NS + 20 * MINUTE_NS;

        table.onPacket(s, INBOUND, RST, rstNs);

        assertEquals(SessionState.TCP_RESET, SessionState.phase(table.state(s)));
        assertAliveAt(table, s, rstNs + TRANSITORY_NS - SECOND_NS);
        assertEquals(s, table.lookupInbound(0, TCP, OUTSIDE_PATH0, outsidePort, REMOTE_X, REMOTE_PORT),
            "RFC 7857 section 2.2: a RST matching the mapping is still translated");
        assertGoneAt(table, s, rstNs + TRANSITORY_NS + LATE_NS);
        assertEquals(1, table.sessionsEnded(SessionEndReason.RST_LINGER_OVER));
    }

    @Test
    void shouldNotExtendTheLingerOnFurtherRsts()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);

        table.onPacket(s, INBOUND, RST, T0_NS);
        table.onPacket(s, OUTBOUND, RST, T0_NS + 3 * MINUTE_NS);

        assertGoneAt(table, s, T0_NS + TRANSITORY_NS + LATE_NS);
    }

    @Test
    void shouldHonourAConfiguredRstLinger()
    {
        final NatSessionTable table = table(twoPaths().tcpRstLingerNs(30 * SECOND_NS).build());
        final int s = established(table, T0_NS);

        table.onPacket(s, OUTBOUND, RST | ACK, T0_NS);

        assertAliveAt(table, s, T0_NS + 29 * SECOND_NS);
        assertGoneAt(table, s, T0_NS + 30 * SECOND_NS + LATE_NS);
    }

    @Test
    void shouldReturnToEstablishedWhenPacketsFollowARst()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = established(table, T0_NS);

        table.onPacket(s, INBOUND, RST, T0_NS + SECOND_NS);
        table.onPacket(s, OUTBOUND, ACK, T0_NS + 2 * SECOND_NS);

        assertEquals(SessionState.TCP_ESTABLISHED, SessionState.phase(table.state(s)));
        assertAliveAt(table, s, T0_NS + 30 * MINUTE_NS);
        assertGoneAt(table, s, T0_NS + 2 * SECOND_NS + ESTABLISHED_NS + LATE_NS);
    }

    @Test
    void shouldExpireUdpAfterFiveMinutesByDefault()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = udp(table, T0_NS);

        assertAliveAt(table, s, T0_NS + 5 * MINUTE_NS - SECOND_NS);
        assertGoneAt(table, s, T0_NS + 5 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldAcceptTheTwoMinuteUdpMinimum()
    {
        final NatSessionTable table = table(twoPaths().udpIdleTimeoutNs(2 * MINUTE_NS).build());
        final int s = udp(table, T0_NS);

        assertAliveAt(table, s, T0_NS + 2 * MINUTE_NS - SECOND_NS);
        assertGoneAt(table, s, T0_NS + 2 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldExpireIcmpEchoAfterSixtySeconds()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = table.createOutbound(0, ICMP, INSIDE_HOST_A, 0x4D2, REMOTE_X, 0, false, T0_NS);
        table.onPacket(s, OUTBOUND, 0, T0_NS);

        assertAliveAt(table, s, T0_NS + 59 * SECOND_NS);
        assertGoneAt(table, s, T0_NS + 60 * SECOND_NS + LATE_NS);
    }

    @Test
    void shouldKeepASessionAliveWhileOutboundTrafficRefreshesIt()
    {
        final NatSessionTable table = table(twoPaths().inboundRefresh(false).build());
        final int s = udp(table, T0_NS);
        long nowNs = T0_NS;
        for (int i = 0; i < 10; i++)
        {
            nowNs += 4 * MINUTE_NS;
            assertAliveAt(table, s, nowNs);
            table.onPacket(s, OUTBOUND, 0, nowNs);
        }

        assertAliveAt(table, s, nowNs + 5 * MINUTE_NS - SECOND_NS);
        assertGoneAt(table, s, nowNs + 5 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldNotRefreshOnInboundTrafficWhenInboundRefreshIsOff()
    {
        final NatSessionTable table = table(twoPaths().inboundRefresh(false).build());
        final int s = udp(table, T0_NS);

        table.onPacket(s, INBOUND, 0, T0_NS + 4 * MINUTE_NS);

        assertGoneAt(table, s, T0_NS + 5 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldRefreshOnInboundTrafficByDefault()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = udp(table, T0_NS);

        table.onPacket(s, INBOUND, 0, T0_NS + 4 * MINUTE_NS);

        assertAliveAt(table, s, T0_NS + 5 * MINUTE_NS + LATE_NS);
        assertGoneAt(table, s, T0_NS + 9 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldNotRefreshOnLookupsAloneAsForIcmpErrors()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = udp(table, T0_NS);
        final int outsidePort = table.outsidePort(s);

        for (long t = T0_NS; t < T0_NS + 6 * MINUTE_NS; t += 30 * SECOND_NS)
        {
            // The pipeline translates an ICMP error with a lookup and never calls onPacket for it.
            table.lookupInbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_X, REMOTE_PORT);
            table.lookupOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT);
            expire(table, t);
        }

        assertFalse(table.isLive(s));
    }

    @Test
    void shouldReArmTheTimerOfASessionThatSawActivityInsteadOfEndingIt()
    {
        final NatSessionTable table = table(twoPaths().build());
        final int s = udp(table, T0_NS);
        final int slotBefore = table.timerSlot(s);
        assertEquals(1, table.timers().timerCount());

        table.onPacket(s, OUTBOUND, 0, T0_NS + 3 * MINUTE_NS);
        assertEquals(slotBefore, table.timerSlot(s), "a refresh does not touch the wheel");
        expire(table, T0_NS + 5 * MINUTE_NS + LATE_NS);

        assertTrue(table.isLive(s));
        assertNotEquals(-1, table.timerSlot(s));
        assertEquals(1, table.timers().timerCount(), "one timer per session");
        assertEquals(0, table.sessionsEnded(SessionEndReason.IDLE_TIMEOUT));
        assertGoneAt(table, s, T0_NS + 8 * MINUTE_NS + LATE_NS);
    }

    @Test
    void shouldBoundTheWorkOfOnePoll()
    {
        final NatSessionTable table = table(twoPaths().sessionCapacity(4096).build());
        for (int i = 0; i < 1000; i++)
        {
            table.createOutbound(0, UDP, INSIDE_HOST_A, 2000 + i, REMOTE_X, REMOTE_PORT, false, T0_NS);
        }
        final long dueNs = T0_NS + 5 * MINUTE_NS + LATE_NS;
        expire(table, dueNs - 2 * LATE_NS);
        assertEquals(1000, table.size());

        final int work = table.poll(dueNs, 10);

        assertTrue(work <= 10 + SessionTimers.MAX_TICKS_PER_POLL, "work " + work);
        assertTrue(table.size() >= 990, "size " + table.size());
        // 1000 equal deadlines overflow their spoke (64 slots): the rest go to later ticks, at most a turn late.
        expire(table, dueNs + 64 * NatFixtures.TICK_NS);
        assertEquals(0, table.size());
        assertEquals(0, table.timers().timerCount());
    }

    @Test
    void shouldOnlyTouchDueTimersNotEverySession()
    {
        final NatSessionTable table = table(twoPaths().sessionCapacity(4096).build());
        for (int i = 0; i < 1000; i++)
        {
            established(table, T0_NS);
            table.createOutbound(1, TCP, INSIDE_HOST_A, 3000 + i, REMOTE_X, REMOTE_PORT, false, T0_NS);
        }
        final int icmp = table.createOutbound(0, ICMP, INSIDE_HOST_A, 0x77, REMOTE_X, 0, false, T0_NS);
        final long nowNs = T0_NS + 60 * SECOND_NS + LATE_NS;
        expire(table, nowNs - 2 * LATE_NS);

        int work = 0;
        for (int i = 0; i < 100 && table.isLive(icmp); i++)
        {
            work += table.poll(nowNs, 1);
        }

        assertFalse(table.isLive(icmp));
        assertEquals(1001, table.size(), "the other sessions were not touched");
        assertTrue(work <= 1 + 2 * SessionTimers.MAX_TICKS_PER_POLL, "work " + work);
    }
}

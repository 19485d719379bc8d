package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.FlowDirection.INBOUND;
import static org.mptcpgw.nat.FlowDirection.OUTBOUND;
import static org.mptcpgw.nat.SessionState.TCP_CLOSED;
import static org.mptcpgw.nat.SessionState.TCP_CLOSING;
import static org.mptcpgw.nat.SessionState.TCP_ESTABLISHED;
import static org.mptcpgw.nat.SessionState.TCP_OPENING;
import static org.mptcpgw.nat.SessionState.TCP_RESET;
import static org.mptcpgw.nat.SessionState.nextTcp;
import static org.mptcpgw.nat.SessionState.phase;
import static org.mptcpgw.nat.TcpFlags.ACK;
import static org.mptcpgw.nat.TcpFlags.FIN;
import static org.mptcpgw.nat.TcpFlags.RST;
import static org.mptcpgw.nat.TcpFlags.SYN;

class SessionStateTest
{
    private static int run(final int... directionAndFlags)
    {
        int state = SessionState.tcpInitial();
        for (int i = 0; i < directionAndFlags.length; i += 2)
        {
            state = nextTcp(state, directionAndFlags[i], directionAndFlags[i + 1]);
        }
        return state;
    }

    @Test
    void shouldBecomeEstablishedAfterAThreeWayHandshake()
    {
        assertEquals(TCP_OPENING, phase(run(OUTBOUND, SYN)));
        assertEquals(TCP_ESTABLISHED, phase(run(OUTBOUND, SYN, INBOUND, SYN | ACK)));
        assertEquals(TCP_ESTABLISHED, phase(run(OUTBOUND, SYN, INBOUND, SYN | ACK, OUTBOUND, ACK)));
        assertEquals(TCP_ESTABLISHED, phase(run(INBOUND, SYN, OUTBOUND, SYN | ACK)), "inbound-initiated");
    }

    @Test
    void shouldBecomeEstablishedAfterASimultaneousOpen()
    {
        assertEquals(TCP_ESTABLISHED, phase(run(OUTBOUND, SYN, INBOUND, SYN, OUTBOUND, SYN | ACK, INBOUND,
            SYN | ACK)));
        assertEquals(TCP_ESTABLISHED, phase(run(OUTBOUND, SYN, INBOUND, SYN)));
    }

    @Test
    void shouldStayOpeningOnRetransmittedSynsFromOneSide()
    {
        assertEquals(TCP_OPENING, phase(run(OUTBOUND, SYN, OUTBOUND, SYN, OUTBOUND, SYN, OUTBOUND, ACK)));
    }

    @Test
    void shouldCloseAfterFinsInBothDirections()
    {
        final int established = run(OUTBOUND, SYN, INBOUND, SYN | ACK);
        final int halfClosed = nextTcp(established, INBOUND, FIN | ACK);
        assertEquals(TCP_CLOSING, phase(halfClosed));
        assertEquals(TCP_CLOSING, phase(nextTcp(halfClosed, INBOUND, FIN | ACK)), "retransmitted FIN");
        assertEquals(TCP_CLOSING, phase(nextTcp(halfClosed, OUTBOUND, ACK)));
        assertEquals(TCP_CLOSED, phase(nextTcp(halfClosed, OUTBOUND, FIN | ACK)));
    }

    @Test
    void shouldGoToResetFromAnyPhaseAndBackWhenTrafficContinues()
    {
        final int[] states = {
            run(OUTBOUND, SYN),
            run(OUTBOUND, SYN, INBOUND, SYN | ACK),
            run(OUTBOUND, SYN, INBOUND, SYN | ACK, OUTBOUND, FIN),
            run(OUTBOUND, SYN, INBOUND, SYN | ACK, OUTBOUND, FIN, INBOUND, FIN)};
        for (final int state : states)
        {
            final int reset = nextTcp(state, INBOUND, RST);
            assertEquals(TCP_RESET, phase(reset), SessionState.toString(state));
            assertEquals(phase(state), phase(nextTcp(reset, OUTBOUND, ACK)),
                "RFC 6146 TRANS: a packet after the RST restores " + SessionState.toString(state));
        }
    }

    @Test
    void shouldStartOverWhenTheTupleIsReusedAfterClose()
    {
        final int closed = run(OUTBOUND, SYN, INBOUND, SYN | ACK, OUTBOUND, FIN, INBOUND, FIN);
        final int reopened = nextTcp(closed, OUTBOUND, SYN);

        assertEquals(TCP_OPENING, phase(reopened));
        assertEquals(SessionState.SYN_OUTBOUND | TCP_OPENING, reopened);
        assertEquals(TCP_ESTABLISHED, phase(nextTcp(reopened, INBOUND, SYN | ACK)));
        assertEquals(TCP_CLOSED, phase(nextTcp(closed, INBOUND, SYN | ACK)), "a SYN/ACK does not reopen");
        assertEquals(TCP_OPENING, phase(nextTcp(nextTcp(closed, INBOUND, RST), INBOUND, SYN)));
    }

    @Test
    void shouldValidateStatesPerProtocol()
    {
        assertTrue(SessionState.isValid(run(OUTBOUND, SYN, INBOUND, SYN), NatProtocol.TCP));
        assertTrue(SessionState.isValid(SessionState.ACTIVE, NatProtocol.UDP));
        assertFalse(SessionState.isValid(SessionState.ACTIVE, NatProtocol.TCP));
        assertFalse(SessionState.isValid(TCP_ESTABLISHED, NatProtocol.ICMP));
        assertFalse(SessionState.isValid(0, NatProtocol.TCP));
        assertFalse(SessionState.isValid(0x87, NatProtocol.TCP));
        assertEquals("ESTABLISHED[syn-out,syn-in]", SessionState.toString(run(OUTBOUND, SYN, INBOUND, SYN)));
    }
}

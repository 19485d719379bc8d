package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.pipeline.DropReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.NatFixtures.INSIDE_HOST_A;
import static org.mptcpgw.nat.NatFixtures.INSIDE_PORT;
import static org.mptcpgw.nat.NatFixtures.OUTSIDE_PATH0;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT;
import static org.mptcpgw.nat.NatFixtures.REMOTE_PORT_2;
import static org.mptcpgw.nat.NatFixtures.REMOTE_X;
import static org.mptcpgw.nat.NatFixtures.REMOTE_Y;
import static org.mptcpgw.nat.NatFixtures.T0_NS;
import static org.mptcpgw.nat.NatFixtures.twoPaths;
import static org.mptcpgw.nat.NatProtocol.TCP;
import static org.mptcpgw.nat.NatProtocol.UDP;

class FilteringTest
{
    private static NatSessionTable table(final FilteringMode mode)
    {
        return new NatSessionTable(twoPaths().filtering(mode).build(), SessionListener.NO_OP, T0_NS);
    }

    @Test
    void shouldAdmitAnyRemoteToAMappingUnderEndpointIndependentFiltering()
    {
        final NatSessionTable table = table(FilteringMode.ENDPOINT_INDEPENDENT);
        final int outbound = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int outsidePort = table.outsidePort(outbound);

        final int inbound = table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT_2, 0, T0_NS);

        assertTrue(inbound >= 0, NatRefusal.name(inbound));
        assertTrue(table.isInboundInitiated(inbound));
        assertFalse(table.isInboundInitiated(outbound));
        assertEquals(INSIDE_HOST_A, table.insideIp(inbound));
        assertEquals(INSIDE_PORT, table.insidePort(inbound));
        assertEquals(2, table.mappingSessionCount(outbound));
        assertEquals(inbound, table.lookupOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT_2),
            "the inside host's reply uses the inbound session");
        assertEquals(inbound, table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT_2, 0, T0_NS),
            "the next packet hits the session");
    }

    @Test
    void shouldCreateAnInboundTcpSessionOnlyOnASyn()
    {
        final NatSessionTable table = table(FilteringMode.ENDPOINT_INDEPENDENT);
        final int outbound = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int outsidePort = table.outsidePort(outbound);

        final int ack = table.inbound(0, TCP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT_2, TcpFlags.ACK,
            T0_NS);
        final int syn = table.inbound(0, TCP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT_2, TcpFlags.SYN,
            T0_NS);

        assertEquals(NatRefusal.NO_SESSION, ack);
        assertTrue(syn >= 0, NatRefusal.name(syn));
        table.onPacket(syn, FlowDirection.INBOUND, TcpFlags.SYN, T0_NS);
        table.onPacket(syn, FlowDirection.OUTBOUND, TcpFlags.SYN | TcpFlags.ACK, T0_NS);
        assertEquals(SessionState.TCP_ESTABLISHED, SessionState.phase(table.state(syn)));
    }

    @Test
    void shouldAdmitOnlyAddressesTheInsideEndpointSentToUnderAddressDependentFiltering()
    {
        final NatSessionTable table = table(FilteringMode.ADDRESS_DEPENDENT);
        final int outbound = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int outsidePort = table.outsidePort(outbound);

        final int samePort = table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_X, REMOTE_PORT, 0, T0_NS);
        final int otherPort = table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_X, REMOTE_PORT_2, 0, T0_NS);
        final int otherAddress = table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT, 0, T0_NS);

        assertEquals(outbound, samePort);
        assertTrue(otherPort >= 0, "same address, any port: " + NatRefusal.name(otherPort));
        assertEquals(NatRefusal.FILTERED, otherAddress);
        assertEquals(DropReason.FILTERED, NatRefusal.dropReason(otherAddress));
        assertEquals(1, table.refusals(NatRefusal.FILTERED));

        table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_Y, REMOTE_PORT_2, false, T0_NS);
        assertTrue(table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_Y, REMOTE_PORT, 0, T0_NS) >= 0,
            "admitted once the inside endpoint has sent to the address");
    }

    @Test
    void shouldFilterTcpSynFromAnUnknownAddressUnderAddressDependentFiltering()
    {
        final NatSessionTable table = table(FilteringMode.ADDRESS_DEPENDENT);
        final int outbound = table.createOutbound(0, TCP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);

        assertEquals(NatRefusal.FILTERED, table.inbound(0, TCP, OUTSIDE_PATH0, table.outsidePort(outbound),
            REMOTE_Y, REMOTE_PORT, TcpFlags.SYN, T0_NS));
        assertTrue(table.inbound(0, TCP, OUTSIDE_PATH0, table.outsidePort(outbound), REMOTE_X, REMOTE_PORT_2,
            TcpFlags.SYN, T0_NS) >= 0);
    }

    @Test
    void shouldReportNoSessionForAnOutsideEndpointWithoutMapping()
    {
        final NatSessionTable table = table(FilteringMode.ENDPOINT_INDEPENDENT);

        final int result = table.inbound(0, UDP, OUTSIDE_PATH0, 0xD00D, REMOTE_X, REMOTE_PORT, 0, T0_NS);

        assertEquals(NatRefusal.NO_SESSION, result);
        assertEquals(DropReason.NO_SESSION, NatRefusal.dropReason(result));
        assertEquals(0, table.size());
    }

    @Test
    void shouldStopAdmittingInboundOnceTheMappingIsGone()
    {
        final NatSessionTable table = table(FilteringMode.ENDPOINT_INDEPENDENT);
        final int outbound = table.createOutbound(0, UDP, INSIDE_HOST_A, INSIDE_PORT, REMOTE_X, REMOTE_PORT, false,
            T0_NS);
        final int outsidePort = table.outsidePort(outbound);

        table.remove(outbound, SessionEndReason.REMOVED);

        assertEquals(NatRefusal.NO_SESSION, table.inbound(0, UDP, OUTSIDE_PATH0, outsidePort, REMOTE_Y,
            REMOTE_PORT, 0, T0_NS));
        assertEquals(0, table.mappingsOnPath(0));
        assertEquals(0, table.portsInUse(0, UDP));
    }
}

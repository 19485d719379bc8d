package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.gateway.pipeline.TestFrames.GW2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER1_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.SERVER;

/**
 * Hairpinning of ICMP (RFC 5508 REQ-7, RFC 7857 section 2.13): two hosts behind the NAT of path 2 reach each other
 * through their outside endpoints, and an ICMP error one of them sends about such a datagram reaches the other,
 * translated as if it had gone out and come back in: outer and quoted headers in the other host's terms.
 */
class HairpinIcmpTest
{
    private PipelineHarness gw;

    @BeforeEach
    void setUp() throws IOException
    {
        gw = new PipelineHarness(PipelineHarness.LAB_CONFIG + "\npath.isp2.sources=192.0.2.2/31\n", 0).resolved();
    }

    @AfterEach
    void tearDown()
    {
        assertEquals(0, gw.pipeline.worker().graph().invariantViolations(), "every frame left the graph once");
        gw.close();
    }

    @Test
    void shouldTranslateAnIcmpErrorAboutAHairpinnedDatagramBackToItsSender()
    {
        // HOST has a mapping on path 2, as seen from the outside: GW2:portA.
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 30000, 53, 20, 64));
        gw.run();
        final int portA = GatewayPipelineTest.parse(gw.drain(gw.wan2).get(0)).sourcePort();

        // HOST2 sends to that outside endpoint: hairpinned, it reaches HOST from HOST2's own mapping, GW2:portB.
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, GW2, 31000, portA, 20, 64));
        gw.run();
        final List<byte[]> toHost = gw.drain(gw.lan);
        assertEquals(1, toHost.size(), "hairpinned to HOST");
        final ParsedPacket delivered = GatewayPipelineTest.parse(toHost.get(0));
        assertEquals(HOST, delivered.ipv4Destination());
        assertEquals(30000, delivered.destinationPort());
        assertEquals(GW2, delivered.ipv4Source());
        final int portB = delivered.sourcePort();

        // HOST says port unreachable, quoting the datagram as it received it (from GW2:portB to HOST:30000).
        gw.inject(gw.lan, TestFrames.icmpError(ROUTER1_MAC, HOST_MAC, HOST, GW2,
            Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, Icmpv4Flyweight.CODE_PORT_UNREACHABLE, 0, toHost.get(0),
            28));
        gw.run();
        final List<byte[]> back = gw.drain(gw.lan);
        assertEquals(1, back.size(), "the error goes back into the LAN, to HOST2");
        final ParsedPacket error = GatewayPipelineTest.parse(back.get(0));
        assertEquals(IpProtocol.ICMP, error.protocol());
        assertEquals(Icmpv4Flyweight.CODE_PORT_UNREACHABLE, error.icmpCode());
        assertEquals(HOST2, error.ipv4Destination());
        assertEquals(GW2, error.ipv4Source(), "from HOST's outside address");
        // The quote, in HOST2's terms: the datagram it sent, from HOST2:31000 to GW2:portA.
        assertEquals(HOST2, error.innerIpv4Source());
        assertEquals(31000, error.innerSourcePort());
        assertEquals(GW2, error.innerIpv4Destination());
        assertEquals(portA, error.innerDestinationPort());
        GatewayPipelineTest.assertChecksumsValid(back.get(0));
        assertTrue(PacketParser.innerIpv4ChecksumValid(new UnsafeBuffer(back.get(0)), error));
        assertTrue(portB > 0);
    }
}

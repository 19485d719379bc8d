package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.gateway.pipeline.TestFrames.GW2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.KEY_B;
import static org.mptcpgw.gateway.pipeline.TestFrames.LAN_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER1_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER2_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.SERVER;
import static org.mptcpgw.gateway.pipeline.TestFrames.WAN2_MAC;

class GatewayPipelineTest
{
    static final int SYN = TcpFlyweight.SYN;
    static final int ACK = TcpFlyweight.ACK;
    PipelineHarness gw;

    @BeforeEach
    void setUp() throws IOException
    {
        gw = new PipelineHarness().resolved();
    }

    @AfterEach
    void tearDown()
    {
        assertEquals(0, gw.pipeline.worker().graph().invariantViolations(), "every frame left the graph once");
        gw.close();
    }

    static ParsedPacket parse(final byte[] frame)
    {
        final ParsedPacket p = new ParsedPacket();
        assertTrue(new PacketParser().parseEthernet(new UnsafeBuffer(frame), 0, frame.length, p).isOk());
        return p;
    }

    static void assertChecksumsValid(final byte[] frame)
    {
        final ParsedPacket p = parse(frame);
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        assertTrue(PacketParser.ipv4ChecksumValid(b, p), "IPv4 header checksum");
        if (IpProtocol.TCP == p.protocol())
        {
            final int sum = Checksums.sum(b, p.l4Offset(), p.l4Length(),
                Checksums.ipv4PseudoHeaderSum(p.ipv4Source(), p.ipv4Destination(), IpProtocol.TCP, p.l4Length()));
            assertEquals(0xFFFF, sum & 0xFFFF, "TCP checksum verifies");
        }
        else if (IpProtocol.ICMP == p.protocol())
        {
            assertEquals(0, Checksums.checksum(b, p.l4Offset(), p.l4Length()) & 0xFFFF, "ICMP checksum verifies");
        }
    }

    @Test
    void shouldAnswerArpForGatewayAddressAndLearnNextHop() throws IOException
    {
        try (PipelineHarness fresh = new PipelineHarness())
        {
            fresh.inject(fresh.wan2, TestFrames.arp(0xFFFF_FFFF_FFFFL, ROUTER2_MAC, 1, ROUTER2_MAC,
                TestFrames.ROUTER2, 0, GW2));
            fresh.run();
            final List<byte[]> out = fresh.drain(fresh.wan2);
            // The ARP reply, plus the gateway's own request for its next hop (housekeeping, first cycle).
            final byte[] reply = out.stream().filter((f) -> f[21] == 2).findFirst().orElseThrow();
            final UnsafeBuffer b = new UnsafeBuffer(reply);
            assertEquals(ROUTER2_MAC, EthernetFlyweight.mac(b, 0));
            assertEquals(WAN2_MAC, EthernetFlyweight.mac(b, 6));
            assertEquals(GW2, b.getInt(28, ByteOrder.BIG_ENDIAN));
            assertEquals(ROUTER2_MAC, fresh.pipeline.context().neighbors().lookup(TestFrames.ROUTER2));
            assertEquals(1, fresh.counter(CounterType.CONSUMED_PACKETS, "stage=arp"));
        }
    }

    @Test
    void shouldPassPlainFlowsOnPrimaryUnchanged()
    {
        final byte[] syn = TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 80, SYN, 1000, 0,
            TestFrames.mss(1460), 0, 64);
        gw.inject(gw.lan, syn);
        gw.run();
        final List<byte[]> out = gw.drain(gw.wan1);
        assertEquals(1, out.size());
        assertArrayEquals(syn, out.get(0), "bump in the wire: unchanged");
        final byte[] synAck = TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 80, 40000, SYN | ACK, 5000, 1001,
            null, 0, 60);
        gw.inject(gw.wan1, synAck);
        gw.run();
        assertArrayEquals(synAck, gw.drain(gw.lan).get(0));
        assertEquals(1, gw.pipeline.context().sessions().size());
    }

    @Test
    void shouldTrackMptcpAndPlaceJoinOnSecondPathWithNat()
    {
        // Initial subflow: MP_CAPABLE SYN, SYN/ACK with key B, on the primary path, unchanged.
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0,
            TestFrames.mpCapableSyn(), 0, 64));
        gw.run();
        assertEquals(1, gw.drain(gw.wan1).size());
        gw.inject(gw.wan1, TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001,
            TestFrames.mpCapableSynAck(KEY_B), 0, 60));
        gw.run();
        assertEquals(1, gw.drain(gw.lan).size());
        assertEquals(List.of("mptcp 0 true"), gw.events);
        final int token = new MptcpCrypto().token(KEY_B, 1);
        final MptcpConnectionTable connections = gw.pipeline.context().connections();
        final int conn = connections.lookupToken(token);
        assertNotEquals(MptcpConnectionTable.NONE, conn);
        assertEquals(1, connections.subflowsOnPath(conn, 0));

        // The MP_JOIN SYN from the same address goes to isp2, source-NATed to the gateway's address there.
        final byte[] join = TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64);
        gw.inject(gw.lan, join);
        gw.run();
        assertEquals(0, gw.drain(gw.wan1).size());
        final List<byte[]> out = gw.drain(gw.wan2);
        assertEquals(1, out.size());
        final byte[] sent = out.get(0);
        final ParsedPacket p = parse(sent);
        assertEquals(GW2, p.ipv4Source());
        assertEquals(SERVER, p.ipv4Destination());
        assertEquals(63, p.ttl());
        final UnsafeBuffer b = new UnsafeBuffer(sent);
        assertEquals(ROUTER2_MAC, EthernetFlyweight.mac(b, 0));
        assertEquals(WAN2_MAC, EthernetFlyweight.mac(b, 6));
        assertChecksumsValid(sent);
        assertEquals(1, connections.subflowsOnPath(conn, 1));
        assertEquals(1, gw.counter(CounterType.MPTCP_JOINS, "path=isp2"));
        final int outsidePort = p.sourcePort();

        // Its SYN/ACK comes back to the gateway's address and is translated to the host, as if from its router.
        gw.inject(gw.wan2, TestFrames.tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, outsidePort, SYN | ACK, 9000,
            2001, TestFrames.mpJoinSynAck(), 0, 60));
        gw.run();
        final List<byte[]> back = gw.drain(gw.lan);
        assertEquals(1, back.size());
        final ParsedPacket q = parse(back.get(0));
        assertEquals(HOST, q.ipv4Destination());
        assertEquals(40002, q.destinationPort());
        assertEquals(59, q.ttl());
        final UnsafeBuffer c = new UnsafeBuffer(back.get(0));
        assertEquals(HOST_MAC, EthernetFlyweight.mac(c, 0));
        assertEquals(ROUTER1_MAC, EthernetFlyweight.mac(c, 6), "appears to come from the host's usual router");
        assertChecksumsValid(back.get(0));
        assertTrue(gw.events.contains("mptcp 1 true"));
    }

    @Test
    void shouldPutFourSubflowsTwoPerPath()
    {
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0,
            TestFrames.mpCapableSyn(), 0, 64));
        gw.run();
        gw.inject(gw.wan1, TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001,
            TestFrames.mpCapableSynAck(KEY_B), 0, 60));
        gw.run();
        final int token = new MptcpCrypto().token(KEY_B, 1);
        for (int j = 0; j < 3; j++)
        {
            gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40010 + j, 5201, SYN, 2000, 0,
                TestFrames.mpJoinSyn(token, false), 0, 64));
            gw.run();
        }
        final MptcpConnectionTable connections = gw.pipeline.context().connections();
        final int conn = connections.lookupToken(token);
        assertEquals(2, connections.subflowsOnPath(conn, 0));
        assertEquals(2, connections.subflowsOnPath(conn, 1));
    }

    @Test
    void shouldKeepPlacementOfRetransmittedSyn()
    {
        final byte[] join = TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(0x12345678, false), 0, 64);
        gw.inject(gw.lan, join);
        gw.run();
        gw.inject(gw.lan, join.clone());
        gw.run();
        final int first = gw.drain(gw.wan1).size();
        final int second = gw.drain(gw.wan2).size();
        assertTrue(2 == first || 2 == second, "both copies on one path: " + first + "/" + second);
        assertEquals(1, gw.counter(CounterType.MPTCP_UNKNOWN_TOKENS));
        assertEquals(1, gw.pipeline.context().sessions().size());
    }

    @Test
    void shouldDetectFallbackAndFreeState()
    {
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0,
            TestFrames.mpCapableSyn(), 0, 64));
        gw.run();
        gw.inject(gw.wan1, TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001,
            TestFrames.mss(1460), 0, 60));
        gw.run();
        assertEquals(List.of("mptcp 0 false"), gw.events);
        assertEquals(1, gw.counter(CounterType.MPTCP_FALLBACKS, "path=isp1"));
        assertEquals(0, gw.pipeline.context().connections().usedCount());
    }

    @Test
    void shouldTranslateFragmentationNeededBackToHost()
    {
        final int token = 0x0BADCAFE;
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64));
        gw.run();
        final List<byte[]> out2 = gw.drain(gw.wan2);
        final List<byte[]> out1 = gw.drain(gw.wan1);
        if (out2.isEmpty())
        {
            // Placed by hash on the primary: no NAT to undo. Force a NAT flow with UDP instead.
            assertEquals(1, out1.size());
            return;
        }
        final byte[] sent = out2.get(0);
        final ParsedPacket p = parse(sent);
        final byte[] error = TestFrames.icmpError(WAN2_MAC, ROUTER2_MAC, TestFrames.ROUTER2, GW2,
            Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, Icmpv4Flyweight.CODE_FRAGMENTATION_NEEDED, 1400, sent, 28);
        gw.inject(gw.wan2, error);
        gw.run();
        final List<byte[]> back = gw.drain(gw.lan);
        assertEquals(1, back.size());
        final ParsedPacket q = parse(back.get(0));
        assertEquals(HOST, q.ipv4Destination());
        assertEquals(HOST, q.innerIpv4Source());
        assertEquals(40002, q.innerSourcePort());
        assertEquals(1400, q.icmpMtu());
        assertChecksumsValid(back.get(0));
        assertTrue(PacketParser.innerIpv4ChecksumValid(new UnsafeBuffer(back.get(0)), q));
        assertNotEquals(p.sourcePort(), 0);
    }

    @Test
    void shouldSendTimeExceededWhenTtlRunsOut()
    {
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(0x1, false), 0, 1));
        gw.run();
        final List<byte[]> lanOut = gw.drain(gw.lan);
        final List<byte[]> wan1Out = gw.drain(gw.wan1);
        if (1 == wan1Out.size())
        {
            // On the primary the bump in the wire passes even TTL 1: it is not a router there.
            return;
        }
        assertEquals(1, lanOut.size());
        final ParsedPacket q = parse(lanOut.get(0));
        assertEquals(Icmpv4Flyweight.TYPE_TIME_EXCEEDED, q.icmpType());
        assertEquals(HOST, q.ipv4Destination());
        assertEquals(TestFrames.GW1, q.ipv4Source());
        assertChecksumsValid(lanOut.get(0));
        assertEquals(1, gw.drops("ttl_expired"));
    }

    @Test
    void shouldAnswerPingToGatewayAndReportProbeReplies()
    {
        gw.inject(gw.wan2, TestFrames.echo(WAN2_MAC, ROUTER2_MAC, TestFrames.ROUTER2, GW2, 8, 77, 5, 64));
        gw.inject(gw.wan2, TestFrames.echo(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 0,
            FrameWriter.PROBE_IDENTIFIER_BASE + 1, 9, 60));
        gw.run();
        final List<byte[]> out = gw.drain(gw.wan2);
        assertEquals(1, out.size());
        final ParsedPacket reply = parse(out.get(0));
        assertEquals(0, reply.icmpType());
        assertEquals(TestFrames.ROUTER2, reply.ipv4Destination());
        assertChecksumsValid(out.get(0));
        assertEquals(List.of("probe 1 9"), gw.events);
    }

    @Test
    void shouldDropUnsolicitedInboundAndCountIt()
    {
        gw.inject(gw.wan2, TestFrames.tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, 23456, ACK, 1, 1, null, 0, 60));
        gw.run();
        assertEquals(1, gw.drops("no_session"));
        assertEquals(0, gw.drain(gw.lan).size());
    }

    @Test
    void shouldDropMalformedIpv4WithReason()
    {
        final byte[] bad = TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 53, 20, 64);
        bad[EthernetFlyweight.MIN_HEADER_LENGTH] = 0x43; // IHL 3
        gw.inject(gw.lan, bad);
        gw.run();
        assertEquals(1, gw.drops("bad_ip_length") + gw.drops("too_short"));
        assertEquals(0, gw.drain(gw.wan1).size());
    }

    @Test
    void shouldResetSubflowsOfDeadPathTowardHost()
    {
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0,
            TestFrames.mpCapableSyn(), 0, 64));
        gw.run();
        gw.inject(gw.wan1, TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001,
            TestFrames.mpCapableSynAck(KEY_B), 0, 60));
        gw.run();
        final int token = new MptcpCrypto().token(KEY_B, 1);
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64));
        gw.run();
        final int outsidePort = parse(gw.drain(gw.wan2).get(0)).sourcePort();
        gw.inject(gw.wan2, TestFrames.tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, outsidePort, SYN | ACK, 9000,
            2001, TestFrames.mpJoinSynAck(), 0, 60));
        gw.run();
        gw.clear();

        gw.pipeline.context().paths().state(1, org.mptcpgw.gateway.path.PathTable.DOWN);
        gw.pipeline.housekeeping().onPathDown(1);
        gw.run();
        final List<byte[]> resets = gw.drain(gw.lan);
        assertEquals(1, resets.size());
        final ParsedPacket r = parse(resets.get(0));
        assertEquals(SERVER, r.ipv4Source());
        assertEquals(HOST, r.ipv4Destination());
        assertEquals(40002, r.destinationPort());
        assertEquals(TcpFlyweight.RST, r.tcpFlags() & TcpFlyweight.RST);
        assertEquals(9001, r.tcpSequence(), "exactly what the host expects next");
        assertTrue(r.tcpOptions().has(org.mptcpgw.core.packet.TcpOptions.MPTCP), "carries MP_TCPRST");
        assertChecksumsValid(resets.get(0));
        assertEquals(1, gw.counter(CounterType.SUBFLOW_RESETS, "path=isp2"));
    }

    @Test
    void shouldTranslateHostsErrorAboutInboundSessionOutward() throws IOException
    {
        try (PipelineHarness pinned = new PipelineHarness(PipelineHarness.LAB_CONFIG +
            "\npath.isp2.sources=192.0.2.3/32\n", 0).resolved())
        {
            // HOST2 opens a UDP mapping on isp2; a remote reaches it (endpoint-independent filtering).
            pinned.inject(pinned.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, TestFrames.HOST2, SERVER, 26000, 53,
                20, 64));
            pinned.run();
            final int outsidePort = parse(pinned.drain(pinned.wan2).get(0)).sourcePort();
            final byte[] inbound = TestFrames.udp(WAN2_MAC, ROUTER2_MAC, 0xCB007107, GW2, 4444, outsidePort, 20, 60);
            pinned.inject(pinned.wan2, inbound);
            pinned.run();
            final byte[] delivered = pinned.drain(pinned.lan).get(0);
            // The host answers with port unreachable, quoting the datagram as it received it (RFC 5508 REQ-5).
            pinned.inject(pinned.lan, TestFrames.icmpError(ROUTER1_MAC, HOST_MAC, TestFrames.HOST2, 0xCB007107,
                Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, Icmpv4Flyweight.CODE_PORT_UNREACHABLE, 0, delivered,
                28));
            pinned.run();
            final List<byte[]> out = pinned.drain(pinned.wan2);
            assertEquals(1, out.size());
            final ParsedPacket e = parse(out.get(0));
            assertEquals(GW2, e.ipv4Source());
            assertEquals(GW2, e.innerIpv4Destination());
            assertEquals(outsidePort, e.innerDestinationPort());
            assertChecksumsValid(out.get(0));
            assertTrue(PacketParser.innerIpv4ChecksumValid(new UnsafeBuffer(out.get(0)), e));
        }
    }

    @Test
    void shouldSayAdministrativelyProhibitedWhenASessionIsRefused() throws IOException
    {
        try (PipelineHarness quota = new PipelineHarness(PipelineHarness.LAB_CONFIG +
            "\npath.isp2.sources=192.0.2.3/32\nnat.host-quota=1\nnat.icmp-on-refusal=true\n", 0).resolved())
        {
            quota.inject(quota.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, TestFrames.HOST2, SERVER, 26000, 53, 20,
                64));
            quota.inject(quota.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, TestFrames.HOST2, SERVER, 26001, 53, 20,
                64));
            quota.run();
            assertEquals(1, quota.drain(quota.wan2).size());
            final List<byte[]> back = quota.drain(quota.lan);
            assertEquals(1, back.size(), "RFC 5508 REQ-8: type 3 code 13 to the host");
            final ParsedPacket e = parse(back.get(0));
            assertEquals(Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, e.icmpType());
            assertEquals(Icmpv4Flyweight.CODE_ADMINISTRATIVELY_PROHIBITED, e.icmpCode());
            assertEquals(1, quota.drops("host_quota"));
        }
    }

    @Test
    void shouldResetJoinThatWouldDoubleUpWhileAPathIsDownAndPlaceItThereOnceBack()
    {
        final int token = establishWithJoinOnIsp2(gw);
        gw.pipeline.context().paths().state(1, org.mptcpgw.gateway.path.PathTable.DOWN);
        gw.pipeline.housekeeping().onPathDown(1);
        gw.run();
        assertEquals(1, gw.drain(gw.lan).size(), "the isp2 subflow is reset toward the host");
        final MptcpConnectionTable connections = gw.pipeline.context().connections();
        final int conn = connections.lookupToken(token);
        assertEquals(0, connections.subflowsOnPath(conn, 1), "a reset subflow no longer holds its path");

        // The host agent re-creates the subflow: isp1 is all that is left, and the connection already uses it.
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40003, 5201, SYN, 3000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64));
        gw.run();
        assertEquals(0, gw.drain(gw.wan1).size() + gw.drain(gw.wan2).size());
        final List<byte[]> resets = gw.drain(gw.lan);
        assertEquals(1, resets.size());
        final ParsedPacket r = parse(resets.get(0));
        assertEquals(SERVER, r.ipv4Source());
        assertEquals(HOST, r.ipv4Destination());
        assertEquals(5201, r.sourcePort());
        assertEquals(40003, r.destinationPort());
        assertEquals(TcpFlyweight.RST | TcpFlyweight.ACK, r.tcpFlags() & (TcpFlyweight.RST | TcpFlyweight.ACK));
        assertEquals(3001, r.tcpAcknowledgment(), "acknowledges the SYN, so SYN-SENT accepts it");
        assertChecksumsValid(resets.get(0));
        assertEquals(1, gw.drops("join_deferred"));
        assertEquals(1, connections.subflowsOnPath(conn, 0));

        // isp2 is back: the next retry lands there.
        gw.pipeline.context().paths().state(1, org.mptcpgw.gateway.path.PathTable.UP);
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40004, 5201, SYN, 4000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64));
        gw.run();
        assertEquals(1, gw.drain(gw.wan2).size());
        assertEquals(1, connections.subflowsOnPath(conn, 1));
    }

    @Test
    void shouldDoubleUpJoinWhileAPathIsDownWhenConfigured() throws IOException
    {
        try (PipelineHarness doubling = new PipelineHarness(PipelineHarness.LAB_CONFIG +
            "\nplacement.join-while-path-down=double\n", 0).resolved())
        {
            final int token = establishWithJoinOnIsp2(doubling);
            doubling.pipeline.context().paths().state(1, org.mptcpgw.gateway.path.PathTable.DOWN);
            doubling.inject(doubling.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40003, 5201, SYN, 3000,
                0, TestFrames.mpJoinSyn(token, false), 0, 64));
            doubling.run();
            assertEquals(1, doubling.drain(doubling.wan1).size());
            assertEquals(0, doubling.drops("join_deferred"));
        }
    }

    /** MP_CAPABLE handshake on isp1 and one MP_JOIN answered on isp2; returns the server's token. */
    private static int establishWithJoinOnIsp2(final PipelineHarness gw)
    {
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0,
            TestFrames.mpCapableSyn(), 0, 64));
        gw.run();
        gw.inject(gw.wan1, TestFrames.tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001,
            TestFrames.mpCapableSynAck(KEY_B), 0, 60));
        gw.run();
        final int token = new MptcpCrypto().token(KEY_B, 1);
        gw.inject(gw.lan, TestFrames.tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40002, 5201, SYN, 2000, 0,
            TestFrames.mpJoinSyn(token, false), 0, 64));
        gw.run();
        final int outsidePort = parse(gw.drain(gw.wan2).get(0)).sourcePort();
        gw.inject(gw.wan2, TestFrames.tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, outsidePort, SYN | ACK, 9000,
            2001, TestFrames.mpJoinSynAck(), 0, 60));
        gw.run();
        gw.clear();
        return token;
    }

    @Test
    void shouldBridgeNonIpAndArpBetweenLanAndPrimary()
    {
        final byte[] request = TestFrames.arp(0xFFFF_FFFF_FFFFL, HOST_MAC, 1, HOST_MAC, HOST, 0, TestFrames.ROUTER1);
        gw.inject(gw.lan, request);
        gw.run();
        assertArrayEquals(request, gw.drain(gw.wan1).get(0));
        assertEquals(LAN_MAC, gw.lan.macAddress());
    }
}

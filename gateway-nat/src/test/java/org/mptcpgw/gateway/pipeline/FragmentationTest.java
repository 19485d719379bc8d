package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.gateway.pipeline.TestFrames.GW2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER1_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER2_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.SERVER;
import static org.mptcpgw.gateway.pipeline.TestFrames.WAN2_MAC;

/**
 * Fragments through the NAT of path 2 (MTU 1400): a datagram without DF that does not fit is fragmented, in order
 * (RFC 791 section 3.2, RFC 4787 REQ-13); the later fragments of a datagram, which carry no ports, are translated
 * with the session of their first fragment in both directions (RFC 4787 REQ-14); inbound later fragments that come
 * before their first are held until it comes, or expire; a full hold drops and counts.
 */
class FragmentationTest
{
    private static final int L3 = EthernetFlyweight.MIN_HEADER_LENGTH;
    private static final int IP = Ipv4Flyweight.MIN_HEADER_LENGTH;
    private static final int REMOTE = 0xCB007107;     // 203.0.113.7
    private PipelineHarness gw;

    @BeforeEach
    void setUp() throws IOException
    {
        gw = new PipelineHarness(PipelineHarness.LAB_CONFIG +
            "\npath.isp2.sources=192.0.2.3/32\npath.isp2.mtu=1400\n", 0).resolved();
    }

    @AfterEach
    void tearDown()
    {
        assertEquals(0, gw.pipeline.worker().graph().invariantViolations(), "every frame left the graph once");
        gw.close();
    }

    @Test
    void shouldFragmentADatagramWithoutDfThatDoesNotFitThePath()
    {
        // 2000 bytes of IP datagram: 1980 of data, in 1376 (a multiple of 8 that fits 1400) and 604.
        final byte[] datagram = TestFrames.withoutDf(TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53,
            2000 - IP - 8, 64));
        final long generatedBefore = gw.counters.sum(CounterType.GENERATED_PACKETS);
        gw.inject(gw.lan, datagram);
        gw.run();
        final List<byte[]> out = gw.drain(gw.wan2);
        assertEquals(2, out.size(), "two fragments on path 2");
        final ParsedPacket first = GatewayPipelineTest.parse(out.get(0));
        final ParsedPacket second = GatewayPipelineTest.parse(out.get(1));
        assertEquals(IP + 1376, first.ipTotalLength());
        assertTrue(first.moreFragments());
        assertEquals(0, first.fragmentOffset());
        assertEquals(IP + 604, second.ipTotalLength());
        assertFalse(second.moreFragments());
        assertEquals(1376, second.fragmentOffset());
        assertEquals(first.fragmentId(), second.fragmentId());
        for (final byte[] fragment : out)
        {
            assertTrue(PacketParser.ipv4ChecksumValid(new UnsafeBuffer(fragment), GatewayPipelineTest.parse(fragment)));
            assertEquals(GW2, GatewayPipelineTest.parse(fragment).ipv4Source());
            assertEquals(63, GatewayPipelineTest.parse(fragment).ttl());
        }
        // Put back together, the datagram is the host's with its source translated: the UDP checksum verifies.
        final byte[] data = reassemble(out);
        assertEquals(2000 - IP, data.length);
        assertUdpChecksumValid(data, GW2, SERVER);
        assertArrayEquals(Arrays.copyOfRange(datagram, L3 + IP + 8, datagram.length),
            Arrays.copyOfRange(data, 8, data.length), "payload unchanged");
        assertEquals(1, gw.counters.sum(CounterType.GENERATED_PACKETS) - generatedBefore, "one fragment generated");
        assertEquals(0, gw.drops("mtu_exceeded"));
    }

    @Test
    void shouldStillSayFragmentationNeededForADatagramWithDf()
    {
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 2000 - IP - 8, 64));
        gw.run();
        assertEquals(0, gw.drain(gw.wan2).size());
        assertEquals(1, gw.drops("mtu_exceeded"));
        assertEquals(1, gw.drain(gw.lan).size(), "fragmentation needed, to the host");
    }

    @Test
    void shouldTranslateTheLaterFragmentsOfADatagramWithTheSessionOfItsFirst()
    {
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 20, 64));
        gw.run();
        final int outsidePort = GatewayPipelineTest.parse(gw.drain(gw.wan2).get(0)).sourcePort();

        // The answer comes back in three fragments (1000 + 1000 + 400 bytes of data): only the first has ports.
        final byte[] answer = TestFrames.udp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 53, outsidePort, 2400 - 8, 60);
        for (final byte[] fragment : TestFrames.fragments(answer, 1000))
        {
            gw.inject(gw.wan2, fragment);
        }
        gw.run();
        final List<byte[]> in = gw.drain(gw.lan);
        assertEquals(3, in.size(), "every fragment reaches the host");
        for (final byte[] fragment : in)
        {
            final ParsedPacket p = GatewayPipelineTest.parse(fragment);
            assertEquals(HOST2, p.ipv4Destination());
            assertTrue(PacketParser.ipv4ChecksumValid(new UnsafeBuffer(fragment), p));
        }
        final byte[] data = reassemble(in);
        assertUdpChecksumValid(data, SERVER, HOST2);
        assertEquals(26000, ((data[2] & 0xFF) << 8) | (data[3] & 0xFF), "the host's own port");
        assertEquals(0, gw.drops("fragment_no_flow"));

        // And out again: the host's answer in fragments of its own (it sent at its 1500-byte MTU), DF clear.
        final byte[] reply = TestFrames.withoutDf(
            TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 2400 - 8, 64));
        for (final byte[] fragment : TestFrames.fragments(reply, 1376))
        {
            gw.inject(gw.lan, fragment);
        }
        gw.run();
        final List<byte[]> out = gw.drain(gw.wan2);
        assertEquals(2, out.size());
        final byte[] sent = reassemble(out);
        assertUdpChecksumValid(sent, GW2, SERVER);
        assertEquals(outsidePort, ((sent[0] & 0xFF) << 8) | (sent[1] & 0xFF));
    }

    @Test
    void shouldHoldLaterFragmentsThatComeBeforeTheirFirstAndReleaseThemWithIt()
    {
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 20, 64));
        gw.run();
        final int outsidePort = GatewayPipelineTest.parse(gw.drain(gw.wan2).get(0)).sourcePort();
        final List<byte[]> fragments = TestFrames.fragments(
            TestFrames.udp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 53, outsidePort,
            2400 - 8, 60), 1000);
        // The last two first (reordered on the way), then the first.
        gw.inject(gw.wan2, fragments.get(2));
        gw.inject(gw.wan2, fragments.get(1));
        gw.run();
        assertEquals(0, gw.drain(gw.lan).size(), "held: their session is not known yet");
        assertEquals(2, held("held"));
        gw.inject(gw.wan2, fragments.get(0));
        gw.run();
        final List<byte[]> in = gw.drain(gw.lan);
        assertEquals(3, in.size(), "released with their first");
        assertEquals(2, held("released"));
        in.sort(java.util.Comparator.comparingInt(f -> GatewayPipelineTest.parse(f).fragmentOffset()));
        for (final byte[] fragment : in)
        {
            final ParsedPacket p = GatewayPipelineTest.parse(fragment);
            assertEquals(HOST2, p.ipv4Destination());
            assertEquals(59, p.ttl());
            assertTrue(PacketParser.ipv4ChecksumValid(new UnsafeBuffer(fragment), p));
        }
        final byte[] data = reassemble(in);
        assertUdpChecksumValid(data, SERVER, HOST2);
        assertEquals(0, gw.drops("fragment_no_flow"));
    }

    @Test
    void shouldExpireHeldFragmentsWhoseFirstNeverComes()
    {
        gw.inject(gw.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 20, 64));
        gw.run();
        final int outsidePort = GatewayPipelineTest.parse(gw.drain(gw.wan2).get(0)).sourcePort();
        final List<byte[]> fragments = TestFrames.fragments(
            TestFrames.udp(WAN2_MAC, ROUTER2_MAC, REMOTE, GW2, 53, outsidePort,
            2400 - 8, 60), 1000);
        gw.inject(gw.wan2, fragments.get(1));
        gw.inject(gw.wan2, fragments.get(2));
        gw.run();
        assertEquals(2, held("held"));
        gw.nowNs += 14_000_000_000L;
        gw.run();
        assertEquals(0, held("expired"), "still waiting within nat.fragment-timeout");
        gw.nowNs += 2_000_000_000L;
        gw.run();
        assertEquals(2, held("expired"));
        assertEquals(0, gw.drain(gw.lan).size());
        // The first fragment after all: nothing is left to release.
        gw.inject(gw.wan2, fragments.get(0));
        gw.run();
        assertEquals(1, gw.drain(gw.lan).size());
        assertEquals(0, held("released"));
    }

    @Test
    void shouldDropALaterFragmentWhenTheHoldIsFull() throws IOException
    {
        try (PipelineHarness small = new PipelineHarness(PipelineHarness.LAB_CONFIG +
            "\npath.isp2.sources=192.0.2.3/32\nnat.fragment-hold=1\n", 0).resolved())
        {
            small.inject(small.lan, TestFrames.udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 26000, 53, 20, 64));
            small.run();
            final int outsidePort = GatewayPipelineTest.parse(small.drain(small.wan2).get(0)).sourcePort();
            final List<byte[]> fragments = TestFrames.fragments(
            TestFrames.udp(WAN2_MAC, ROUTER2_MAC, REMOTE, GW2, 53, outsidePort,
                2400 - 8, 60), 1000);
            small.inject(small.wan2, fragments.get(1));
            small.inject(small.wan2, fragments.get(2));
            small.run();
            assertEquals(1, small.counter(CounterType.NAT_HELD_FRAGMENTS, "outcome=held"));
            assertEquals(1, small.counter(CounterType.NAT_HELD_FRAGMENTS, "outcome=refused"));
            assertEquals(1, small.drops("fragment_no_flow"));
            assertEquals(0, small.pipeline.worker().graph().invariantViolations());
        }
    }

    private long held(final String outcome)
    {
        return gw.counter(CounterType.NAT_HELD_FRAGMENTS, "outcome=" + outcome);
    }

    /** The data of the fragments, placed by their offsets (they must cover it without a gap). */
    private static byte[] reassemble(final List<byte[]> fragments)
    {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int expected = 0;
        for (final byte[] fragment : fragments)
        {
            final ParsedPacket p = GatewayPipelineTest.parse(fragment);
            assertEquals(expected, p.fragmentOffset(), "fragments in order, without a gap");
            final int length = p.ipTotalLength() - p.ipHeaderLength();
            data.write(fragment, p.l3Offset() + p.ipHeaderLength(), length);
            expected += length;
        }
        return data.toByteArray();
    }

    private static void assertUdpChecksumValid(final byte[] udp, final int source, final int destination)
    {
        final UnsafeBuffer b = new UnsafeBuffer(udp);
        final int sum = Checksums.sum(b, 0, udp.length,
            Checksums.ipv4PseudoHeaderSum(source, destination, IpProtocol.UDP, udp.length));
        assertEquals(0xFFFF, sum & 0xFFFF, "UDP checksum over the reassembled datagram");
    }
}

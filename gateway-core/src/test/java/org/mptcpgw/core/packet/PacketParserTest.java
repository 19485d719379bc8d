package org.mptcpgw.core.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.pcap.CaptureFrames;
import org.mptcpgw.core.pipeline.DropReason;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.packet.FrameBuilder.hex;

class PacketParserTest
{
    private static final String SYN_OPTIONS = "020405b4" + "0402" + "080a1b2c3d4e00000000" + "01" + "030307" +
        "1e040101";
    private static final byte[] V6_HOST = hex("20010db8000000000000000000000002");
    private static final byte[] V6_SERVER = hex("20010db8000000000000000000000064");

    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    @Test
    void shouldParseAnEthernetIpv4TcpSynWithOptions()
    {
        final byte[] frame = new FrameBuilder().tcp(40000, 5201, TcpFlyweight.SYN).sequence(0xCAFEF00D, 0)
            .window(64240).ttl(63).ipId(0xBEEF).tcpOptions(hex(SYN_OPTIONS)).build();
        assertEquals(ParseStatus.OK, parse(frame));
        assertEquals(ParsedPacket.LINK_ETHERNET, p.linkType());
        assertEquals(EtherType.IPV4, p.etherType());
        assertEquals(14, p.l3Offset());
        assertEquals(4, p.ipVersion());
        assertEquals(20, p.ipHeaderLength());
        assertEquals(frame.length - 14, p.ipTotalLength());
        assertEquals(63, p.ttl());
        assertEquals(IpProtocol.TCP, p.protocol());
        assertEquals(FrameBuilder.HOST, p.ipv4Source());
        assertEquals(FrameBuilder.SERVER, p.ipv4Destination());
        assertEquals(0xBEEF, p.fragmentId());
        assertTrue(p.dontFragment());
        assertFalse(p.fragment());
        assertEquals(34, p.l4Offset());
        assertEquals(40000, p.sourcePort());
        assertEquals(5201, p.destinationPort());
        assertEquals(TcpFlyweight.SYN, p.tcpFlags());
        assertEquals(0xCAFEF00D, p.tcpSequence());
        assertEquals(64240, p.tcpWindow());
        assertEquals(44, p.tcpHeaderLength());
        assertEquals(0, p.payloadLength());
        assertEquals(frame.length, p.payloadOffset());
        final TcpOptions o = p.tcpOptions();
        assertTrue(o.has(TcpOptions.MSS | TcpOptions.SACK_PERMITTED | TcpOptions.TIMESTAMPS |
            TcpOptions.WINDOW_SCALE | TcpOptions.MPTCP));
        assertEquals(1460, o.mss());
        assertEquals(54, o.mssOffset());
        assertEquals(7, o.windowScale());
        assertEquals(0x1b2c3d4e, o.timestampValue());
        assertEquals(1, o.mptcpCount());
        assertEquals(54 + 20, o.mptcpOffset(0));
        assertEquals(4, o.mptcpLength(0));
    }

    @Test
    void shouldWalkOneAndTwoVlanTags()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().vlan(EtherType.VLAN, 0x2064).build()));
        assertEquals(1, p.vlanCount());
        assertEquals(0x064, p.outerVlanId());
        assertEquals(-1, p.innerVlanId());
        assertEquals(18, p.l3Offset());
        assertEquals(EtherType.IPV4, p.etherType());

        assertEquals(ParseStatus.OK, parse(new FrameBuilder().vlan(EtherType.QINQ, 10).vlan(EtherType.VLAN, 20)
            .ipv6(V6_HOST, V6_SERVER).udp(5353, 53).build()));
        assertEquals(2, p.vlanCount());
        assertEquals(10, p.outerVlanId());
        assertEquals(20, p.innerVlanId());
        assertEquals(22, p.l3Offset());
        assertEquals(6, p.ipVersion());
        assertEquals(53, p.destinationPort());
    }

    @Test
    void shouldVerifyIpv4ChecksumsOnlyWhenAsked()
    {
        final byte[] frame = new FrameBuilder().tcp(1, 2, TcpFlyweight.ACK).build();
        assertEquals(ParseStatus.OK, parse(frame));
        assertTrue(PacketParser.ipv4ChecksumValid(new UnsafeBuffer(frame), p));
        frame[14 + 8]--;
        assertEquals(ParseStatus.OK, parse(frame));
        assertFalse(PacketParser.ipv4ChecksumValid(new UnsafeBuffer(frame), p));

        final byte[] quote = java.util.Arrays.copyOf(new FrameBuilder().udp(1, 2).buildIp(), 28);
        final byte[] error = new FrameBuilder().icmp(3, 3, 0).payload(quote).build();
        assertEquals(ParseStatus.OK, parse(error));
        assertTrue(PacketParser.innerIpv4ChecksumValid(new UnsafeBuffer(error), p));
        error[42 + 8]++;
        assertEquals(ParseStatus.OK, parse(error));
        assertFalse(PacketParser.innerIpv4ChecksumValid(new UnsafeBuffer(error), p));
    }

    @Test
    void shouldWalkVlanTagsWithTheFlyweightsBoundedWalk()
    {
        final byte[] two = new FrameBuilder().vlan(EtherType.QINQ, 1).vlan(EtherType.VLAN, 2).build();
        assertEquals(20, EthernetFlyweight.payloadOffset(new UnsafeBuffer(two), 0, two.length));
        final byte[] three = new FrameBuilder().vlan(EtherType.QINQ, 1).vlan(EtherType.VLAN, 2)
            .vlan(EtherType.VLAN, 3).build();
        assertEquals(-1, EthernetFlyweight.payloadOffset(new UnsafeBuffer(three), 0, three.length));
        assertEquals(-1, EthernetFlyweight.payloadOffset(new UnsafeBuffer(two), 0, 17));
        assertEquals(12, EthernetFlyweight.payloadOffset(new UnsafeBuffer(new byte[14]), 0, 14));
    }

    @Test
    void shouldClassifyTooManyOrTruncatedVlanTags()
    {
        assertEquals(ParseStatus.TOO_MANY_VLAN_TAGS, parse(new FrameBuilder().vlan(EtherType.QINQ, 1)
            .vlan(EtherType.VLAN, 2).vlan(EtherType.VLAN, 3).build()));
        assertEquals(DropReason.TOO_MANY_VLAN_TAGS, p.status().dropReason());
        assertEquals(ParseStatus.TOO_SHORT, parse(hex("020000000002020000000001810000")));
    }

    @Test
    void shouldAcceptOtherEtherTypesWithoutLookingInside()
    {
        assertEquals(ParseStatus.OK, parse(hex("0180c200000e020000000001" + "88cc" + "0207046c6c6470")));
        assertEquals(0x88CC, p.etherType());
        assertEquals(0, p.ipVersion());
        assertEquals(-1, p.l3Offset());
        assertEquals(ParseStatus.TOO_SHORT, parse(hex("0180c200000e0200000000")));
    }

    @Test
    void shouldClassifyBadIpv4Headers()
    {
        final byte[] good = new FrameBuilder().tcp(1, 2, TcpFlyweight.ACK).build();
        assertEquals(ParseStatus.BAD_IP_VERSION, parse(with(good, 14, 0x65)));
        assertEquals(ParseStatus.BAD_IP_LENGTH, parse(with(good, 14, 0x44)));
        assertEquals(ParseStatus.BAD_IP_LENGTH, parse(withShort(good, 16, good.length - 14 + 1)));
        assertEquals(ParseStatus.BAD_IP_LENGTH, parse(withShort(good, 16, 19)));
        assertEquals(ParseStatus.TOO_SHORT, parse(java.util.Arrays.copyOf(good, 14 + 19)));
        assertEquals(DropReason.BAD_IP_LENGTH, ParseStatus.BAD_IP_LENGTH.dropReason());
    }

    @Test
    void shouldIgnoreEthernetPaddingAfterTheDatagram()
    {
        final byte[] frame = new FrameBuilder().tcp(1, 2, TcpFlyweight.RST).build();
        final byte[] padded = java.util.Arrays.copyOf(frame, 60 + 4);
        assertEquals(ParseStatus.OK, parse(padded));
        assertEquals(frame.length - 14, p.l3Length());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void shouldSkipIpv4Options()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv4Options(hex("94040000")).udp(68, 67)
            .payload(new byte[]{1, 2, 3}).build()));
        assertEquals(24, p.ipHeaderLength());
        assertEquals(38, p.l4Offset());
        assertEquals(67, p.destinationPort());
        assertEquals(3, p.payloadLength());
    }

    @Test
    void shouldParseFirstFragmentsAndStopAtLaterOnes()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().flagsFragment(Ipv4Flyweight.FLAG_MF)
            .udp(1000, 2000).payload(new byte[16]).build()));
        assertTrue(p.fragment());
        assertTrue(p.moreFragments());
        assertFalse(p.nonFirstFragment());
        assertEquals(2000, p.destinationPort());

        // A real first fragment: its UDP length (3008) covers the whole datagram, far past this fragment's end.
        final byte[] first = new FrameBuilder().flagsFragment(Ipv4Flyweight.FLAG_MF).udp(1000, 2000)
            .payload(new byte[1472]).build();
        first[34 + 4] = (byte)(3008 >>> 8);
        first[34 + 5] = (byte)(3008 & 0xFF);
        assertEquals(ParseStatus.OK, parse(first));
        assertEquals(2000, p.destinationPort());
        // The same UDP header in an unfragmented datagram is a bad header.
        final byte[] whole = first.clone();
        whole[14 + 6] = 0;
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(whole));

        assertEquals(ParseStatus.OK, parse(new FrameBuilder().flagsFragment(185).ipId(0x4242)
            .udp(1000, 2000).payload(new byte[16]).build()));
        assertTrue(p.nonFirstFragment());
        assertFalse(p.moreFragments());
        assertEquals(1480, p.fragmentOffset());
        assertEquals(0x4242, p.fragmentId());
        assertEquals(34, p.l4Offset());
        assertEquals(0, p.destinationPort());
    }

    @Test
    void shouldClassifyBadTcpAndUdpHeaders()
    {
        final byte[] tcp = new FrameBuilder().tcp(1, 2, TcpFlyweight.ACK).build();
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(with(tcp, 34 + 12, 0x40)));
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(with(tcp, 34 + 12, 0x60)));
        final byte[] shortTcp = new FrameBuilder().rawTransport(IpProtocol.TCP, new byte[19]).build();
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(shortTcp));

        final byte[] udp = new FrameBuilder().udp(1, 2).payload(new byte[4]).build();
        assertEquals(ParseStatus.OK, parse(udp));
        assertEquals(12, p.l4Length());
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(withShort(udp, 34 + 4, 7)));
        assertEquals(ParseStatus.BAD_L4_HEADER, parse(withShort(udp, 34 + 4, 13)));
        assertEquals(ParseStatus.OK, parse(withShort(udp, 34 + 4, 9)));
        assertEquals(1, p.payloadLength());
    }

    @Test
    void shouldParseIcmpEchoAndErrorsWithTheirEmbeddedHeaders()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().icmp(8, 0, 0x1234_0007).payload(new byte[8]).build()));
        assertEquals(8, p.icmpType());
        assertEquals(0x1234, p.icmpIdentifier());
        assertEquals(7, p.icmpSequence());
        assertFalse(p.icmpError());

        final byte[] quoted = new FrameBuilder().ipv4(0xC6336402, FrameBuilder.SERVER).tcp(40001, 5201,
            TcpFlyweight.ACK).sequence(0x01020304, 0).payload(new byte[100]).buildIp();
        final byte[] quote = java.util.Arrays.copyOf(quoted, 28);
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv4(0xC6336401, 0xC6336402)
            .icmp(Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, Icmpv4Flyweight.CODE_FRAGMENTATION_NEEDED, 1400)
            .payload(quote).build()));
        assertTrue(p.icmpError());
        assertEquals(1400, p.icmpMtu());
        assertEquals(42, p.innerL3Offset());
        assertEquals(4, p.innerIpVersion());
        assertEquals(20, p.innerIpHeaderLength());
        assertEquals(quoted.length, p.innerTotalLength());
        assertEquals(IpProtocol.TCP, p.innerProtocol());
        assertEquals(0xC6336402, p.innerIpv4Source());
        assertEquals(FrameBuilder.SERVER, p.innerIpv4Destination());
        assertEquals(62, p.innerL4Offset());
        assertEquals(8, p.innerL4Length());
        assertEquals(40001, p.innerSourcePort());
        assertEquals(5201, p.innerDestinationPort());
        assertEquals(0x01020304, p.innerTcpSequence());

        assertEquals(ParseStatus.OK, parse(new FrameBuilder().icmp(Icmpv4Flyweight.TYPE_PARAMETER_PROBLEM, 0,
            0x0C00_0000).payload(quote).build()));
        assertEquals(12, p.icmpPointer());

        final byte[] echoQuote = java.util.Arrays.copyOf(new FrameBuilder().icmp(8, 0, 0x7777_0001)
            .payload(new byte[32]).buildIp(), 28);
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().icmp(Icmpv4Flyweight.TYPE_TIME_EXCEEDED, 0, 0)
            .payload(echoQuote).build()));
        assertEquals(IpProtocol.ICMP, p.innerProtocol());
        assertEquals(8, p.innerIcmpType());
        assertEquals(0x7777, p.innerIcmpIdentifier());
    }

    @Test
    void shouldClassifyBadIcmp()
    {
        final byte[] quoted = new FrameBuilder().udp(1, 2).payload(new byte[8]).buildIp();
        assertEquals(ParseStatus.BAD_ICMP, parse(new FrameBuilder().icmp(3, 3, 0)
            .payload(java.util.Arrays.copyOf(quoted, 27)).build()));
        assertEquals(DropReason.BAD_ICMP, p.status().dropReason());
        assertEquals(ParseStatus.BAD_ICMP, parse(new FrameBuilder().icmp(3, 3, 0)
            .payload(java.util.Arrays.copyOf(quoted, 19)).build()));
        final byte[] badVersion = java.util.Arrays.copyOf(quoted, 28);
        badVersion[0] = 0x55;
        assertEquals(ParseStatus.BAD_ICMP, parse(new FrameBuilder().icmp(11, 0, 0).payload(badVersion).build()));
        assertEquals(ParseStatus.BAD_ICMP, parse(new FrameBuilder().rawTransport(IpProtocol.ICMP, new byte[7])
            .build()));
    }

    @Test
    void shouldParseIpv6WithExtensionHeaders()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .tcp(40000, 443, TcpFlyweight.SYN).tcpOptions(hex("0204058c")).ttl(60).build()));
        assertEquals(6, p.ipVersion());
        assertEquals(40, p.ipHeaderLength());
        assertEquals(60, p.ttl());
        assertEquals(22, p.ipv6SourceOffset());
        assertEquals(38, p.ipv6DestinationOffset());
        assertEquals(1420, p.tcpOptions().mss());

        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .ipv6Extension(IpProtocol.HOP_BY_HOP, hex("0000050200000100"))
            .ipv6Extension(IpProtocol.DESTINATION_OPTIONS, hex("00010000000000000000000000000000"))
            .ipv6Extension(IpProtocol.ROUTING, hex("0000040000000000"))
            .udp(1234, 53).payload(new byte[5]).build()));
        assertEquals(3, p.ipv6ExtensionCount());
        assertEquals(40 + 8 + 16 + 8, p.ipHeaderLength());
        assertEquals(IpProtocol.UDP, p.protocol());
        assertEquals(53, p.destinationPort());
        assertEquals(5, p.payloadLength());
    }

    @Test
    void shouldParseIpv6FragmentHeaders()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .ipv6Extension(IpProtocol.FRAGMENT, hex("00000001deadbeef")).udp(1, 2).payload(new byte[8]).build()));
        assertTrue(p.fragment());
        assertTrue(p.moreFragments());
        assertEquals(0xdeadbeef, p.fragmentId());
        assertEquals(54, p.ipv6FragmentHeaderOffset());
        assertEquals(2, p.destinationPort());

        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .ipv6Extension(IpProtocol.FRAGMENT, hex("000005a8deadbeef")).udp(1, 2).payload(new byte[8]).build()));
        assertTrue(p.nonFirstFragment());
        assertEquals(1448, p.fragmentOffset());
        assertEquals(IpProtocol.UDP, p.protocol());
        assertEquals(0, p.destinationPort());
        assertEquals(62, p.l4Offset());
    }

    @Test
    void shouldClassifyBadIpv6Chains()
    {
        FrameBuilder nine = new FrameBuilder().ipv6(V6_HOST, V6_SERVER);
        for (int i = 0; i < 9; i++)
        {
            nine = nine.ipv6Extension(IpProtocol.DESTINATION_OPTIONS, hex("0000010000000000"));
        }
        assertEquals(ParseStatus.BAD_IPV6_CHAIN, parse(nine.udp(1, 2).build()));
        assertEquals(DropReason.BAD_IPV6_CHAIN, p.status().dropReason());

        assertEquals(ParseStatus.BAD_IPV6_CHAIN, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .ipv6Extension(IpProtocol.DESTINATION_OPTIONS, hex("0000010000000000"))
            .ipv6Extension(IpProtocol.HOP_BY_HOP, hex("0000010000000000")).udp(1, 2).build()));

        // The routing header announces 24 bytes but the payload ends after 8.
        assertEquals(ParseStatus.BAD_IPV6_CHAIN, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .ipv6Extension(IpProtocol.ROUTING, hex("0002000000000000"))
            .rawTransport(IpProtocol.NO_NEXT_HEADER, new byte[0]).build()));

        final byte[] good = new FrameBuilder().ipv6(V6_HOST, V6_SERVER).udp(1, 2).build();
        assertEquals(ParseStatus.BAD_IP_LENGTH, parse(withShort(good, 18, 9)));
        assertEquals(ParseStatus.BAD_IP_VERSION, parse(with(good, 14, 0x40)));
        assertEquals(ParseStatus.TOO_SHORT, parse(java.util.Arrays.copyOf(good, 14 + 39)));
    }

    @Test
    void shouldParseIcmpv6EchoAndPacketTooBig()
    {
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .icmp(Icmpv6Flyweight.TYPE_ECHO_REQUEST, 0, 0x0042_0003).build()));
        assertEquals(128, p.icmpType());
        assertEquals(0x42, p.icmpIdentifier());
        assertEquals(3, p.icmpSequence());

        final byte[] quoted = new FrameBuilder().ipv6(V6_SERVER, V6_HOST)
            .ipv6Extension(IpProtocol.DESTINATION_OPTIONS, hex("0000010000000000"))
            .tcp(443, 40000, TcpFlyweight.ACK).payload(new byte[1400]).buildIp();
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().ipv6(hex("20010db8000000000000000000000001"), V6_SERVER)
            .icmp(Icmpv6Flyweight.TYPE_PACKET_TOO_BIG, 0, 1280).payload(java.util.Arrays.copyOf(quoted, 200))
            .build()));
        assertTrue(p.icmpError());
        assertEquals(1280, p.icmpMtu());
        assertEquals(6, p.innerIpVersion());
        assertEquals(48, p.innerIpHeaderLength());
        assertEquals(IpProtocol.TCP, p.innerProtocol());
        assertEquals(443, p.innerSourcePort());
        assertEquals(40000, p.innerDestinationPort());
        assertEquals(p.innerL3Offset() + 8, p.innerIpv6SourceOffset());

        assertEquals(ParseStatus.BAD_ICMP, parse(new FrameBuilder().ipv6(V6_HOST, V6_SERVER)
            .icmp(Icmpv6Flyweight.TYPE_DESTINATION_UNREACHABLE, 4, 0).payload(java.util.Arrays.copyOf(quoted, 44))
            .build()));
    }

    @Test
    void shouldParseArpAndClassifyBadArp()
    {
        final byte[] arp = hex("ffffffffffff165153043f55" + "0806" + "0001080006040001165153043f55" + "0a020101" +
            "000000000000" + "0a020102");
        assertEquals(ParseStatus.OK, parse(arp));
        assertEquals(EtherType.ARP, p.etherType());
        assertEquals(ArpFlyweight.OPERATION_REQUEST, p.arpOperation());
        assertEquals(0x0a020101, p.arpSenderAddress());
        assertEquals(0x0a020102, p.arpTargetAddress());

        assertEquals(ParseStatus.BAD_ARP, parse(with(arp, 14 + 4, 8)));
        assertEquals(ParseStatus.BAD_ARP, parse(java.util.Arrays.copyOf(arp, 41)));
        assertEquals(DropReason.BAD_ARP, p.status().dropReason());
    }

    @Test
    void shouldParseRawIpAndLinuxCookedFrames()
    {
        final byte[] ip = new FrameBuilder().tcp(1, 2, TcpFlyweight.ACK).buildIp();
        assertEquals(ParseStatus.OK, parser.parseRawIp(new UnsafeBuffer(ip), 0, ip.length, p));
        assertEquals(ParsedPacket.LINK_RAW, p.linkType());
        assertEquals(0, p.l3Offset());
        assertEquals(20, p.l4Offset());
        final byte[] ip6 = new FrameBuilder().ipv6(V6_HOST, V6_SERVER).udp(1, 2).buildIp();
        assertEquals(ParseStatus.OK, parser.parse(ParsedPacket.LINK_RAW, new UnsafeBuffer(ip6), 0, ip6.length, p));
        assertEquals(EtherType.IPV6, p.etherType());
        assertEquals(ParseStatus.BAD_IP_VERSION, parser.parseRawIp(new UnsafeBuffer(hex("50")), 0, 1, p));
        assertEquals(ParseStatus.TOO_SHORT, parser.parseRawIp(new UnsafeBuffer(new byte[0]), 0, 0, p));

        final byte[] sll = new byte[16 + ip.length];
        final UnsafeBuffer b = new UnsafeBuffer(sll);
        b.putShort(0, (short)4, ByteOrder.BIG_ENDIAN);
        b.putShort(2, (short)1, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short)6, ByteOrder.BIG_ENDIAN);
        b.putShort(14, (short)EtherType.IPV4, ByteOrder.BIG_ENDIAN);
        b.putBytes(16, ip);
        assertEquals(ParseStatus.OK, parser.parse(ParsedPacket.LINK_LINUX_SLL, b, 0, sll.length, p));
        assertEquals(16, p.l3Offset());
        assertEquals(2, p.destinationPort());
        assertEquals(ParseStatus.TOO_SHORT, parser.parseLinuxCooked(b, 0, 15, p));
    }

    @Test
    void shouldParseAFrameAtAnOffsetInsideALargerBuffer()
    {
        final byte[] frame = new FrameBuilder().tcp(7, 8, TcpFlyweight.ACK).payload(new byte[3]).build();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[frame.length + 200]);
        b.putBytes(100, frame);
        assertEquals(ParseStatus.OK, parser.parseEthernet(b, 100, frame.length, p));
        assertEquals(114, p.l3Offset());
        assertEquals(134, p.l4Offset());
        assertEquals(154, p.payloadOffset());
        assertEquals(100, p.frameOffset());
    }

    @Test
    void shouldParseTruncatedCapturesOnlyWhenAllowed()
    {
        final byte[] frame = new FrameBuilder().tcp(1, 2, TcpFlyweight.SYN).tcpOptions(hex(SYN_OPTIONS)).build();
        final byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 4);
        assertEquals(ParseStatus.BAD_IP_LENGTH, parse(cut));
        parser.allowTruncated(true);
        assertEquals(ParseStatus.OK, parse(cut));
        assertTrue(p.truncated());
        assertEquals(frame.length - 14, p.ipTotalLength());
        assertEquals(cut.length - 14, p.l3Length());
        assertTrue(p.tcpOptions().has(TcpOptions.MSS | TcpOptions.WINDOW_SCALE));
        assertEquals(0, p.tcpOptions().mptcpCount());
    }

    @Test
    void shouldResetFieldsBetweenFrames()
    {
        parse(new FrameBuilder().tcp(1, 2, TcpFlyweight.SYN).tcpOptions(hex(SYN_OPTIONS)).build());
        assertEquals(ParseStatus.OK, parse(new FrameBuilder().udp(3, 4).build()));
        assertEquals(0, p.tcpFlags());
        assertEquals(0, p.tcpOptions().present());
        assertEquals(-1, p.tcpOptions().mssOffset());
        assertEquals(-1, p.icmpType());
        assertFalse(p.truncated());
    }

    @Test
    void shouldLeaveNoFieldOfThePreviousFrameBehind() throws Exception
    {
        // Whatever frame came before, the holder must read exactly as if the frame had been parsed fresh.
        final List<byte[]> frames = new ArrayList<>();
        for (final CaptureFrames.Frame f : CaptureFrames.all())
        {
            if (ParsedPacket.LINK_ETHERNET == f.linkType)
            {
                frames.add(f.bytes);
            }
        }
        final byte[] quote = java.util.Arrays.copyOf(new FrameBuilder().tcp(1, 2, TcpFlyweight.ACK).buildIp(), 28);
        frames.add(new FrameBuilder().icmp(3, 4, 1400).payload(quote).build());
        frames.add(new FrameBuilder().icmp(8, 0, 0x0001_0002).build());
        frames.add(new FrameBuilder().ipv6(V6_HOST, V6_SERVER).ipv6Extension(IpProtocol.FRAGMENT,
            hex("000005a8deadbeef")).udp(1, 2).build());
        frames.add(new FrameBuilder().ipv6(V6_HOST, V6_SERVER).icmp(2, 0, 1280).payload(java.util.Arrays.copyOf(
            new FrameBuilder().ipv6(V6_SERVER, V6_HOST).tcp(3, 4, TcpFlyweight.ACK).buildIp(), 48)).build());
        frames.add(new FrameBuilder().flagsFragment(Ipv4Flyweight.FLAG_MF).udp(5, 6).build());
        frames.add(new FrameBuilder().vlan(EtherType.QINQ, 7).vlan(EtherType.VLAN, 8).udp(9, 10).build());
        frames.add(hex("ffffffffffff165153043f55" + "0806" + "0001080006040001165153043f55" + "0a020101" +
            "000000000000" + "0a020102"));
        frames.add(hex("0180c200000e020000000001" + "88cc" + "0207046c6c6470"));
        final java.util.SplittableRandom random = new java.util.SplittableRandom(0x5EED);
        for (int i = 0; i < 5000; i++)
        {
            final byte[] previous = frames.get(random.nextInt(frames.size()));
            final byte[] current = frames.get(random.nextInt(frames.size()));
            parse(previous);
            parse(current);
            final ParsedPacket fresh = new ParsedPacket();
            parser.parseEthernet(new UnsafeBuffer(current), 0, current.length, fresh);
            assertEquals(fields(fresh), fields(p));
        }
    }

    private static String fields(final ParsedPacket packet) throws IllegalAccessException
    {
        final StringBuilder sb = new StringBuilder();
        for (final java.lang.reflect.Field f : ParsedPacket.class.getDeclaredFields())
        {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !"dirty".equals(f.getName()) &&
                !"tcpOptions".equals(f.getName()))
            {
                f.setAccessible(true);
                sb.append(f.getName()).append('=').append(f.get(packet)).append(' ');
            }
        }
        final TcpOptions o = packet.tcpOptions();
        return sb.append(o.present()).append(o.mssOffset()).append(o.mptcpCount()).append(o.sackBlockCount())
            .append(o.unknownCount()).append(o.malformedCount()).append(o.truncated()).toString();
    }

    @Test
    void shouldMapEveryFailureOntoTheDropReasonOfTheSameName()
    {
        for (final ParseStatus status : ParseStatus.values())
        {
            if (status.isOk())
            {
                assertNull(status.dropReason());
            }
            else
            {
                assertEquals(status.name(), status.dropReason().name());
            }
        }
    }

    @Test
    void shouldPrintEveryFieldForDebugging()
    {
        parse(new FrameBuilder().tcp(40000, 5201, TcpFlyweight.SYN).tcpOptions(hex(SYN_OPTIONS)).build());
        final String text = p.toString();
        assertTrue(text.contains("src=192.0.2.2"), text);
        assertTrue(text.contains("ports=40000>5201"), text);
        assertTrue(text.contains("mss=1460"), text);
    }

    private ParseStatus parse(final byte[] frame)
    {
        // Wrap exactly the frame: Agrona's bounds checks turn any over-read into an exception.
        return parser.parseEthernet(new UnsafeBuffer(frame), 0, frame.length, p);
    }

    private static byte[] with(final byte[] frame, final int index, final int value)
    {
        final byte[] copy = frame.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private static byte[] withShort(final byte[] frame, final int index, final int value)
    {
        final byte[] copy = frame.clone();
        copy[index] = (byte)(value >>> 8);
        copy[index + 1] = (byte)value;
        return copy;
    }
}

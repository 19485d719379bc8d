package org.mptcpgw.core.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.packet.FrameBuilder.hex;

class FlyweightTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void shouldDeriveMinimumHeaderLengthsFromOffsets()
    {
        assertEquals(14, EthernetFlyweight.MIN_HEADER_LENGTH);
        assertEquals(28, ArpFlyweight.MIN_HEADER_LENGTH);
        assertEquals(20, Ipv4Flyweight.MIN_HEADER_LENGTH);
        assertEquals(40, Ipv6Flyweight.MIN_HEADER_LENGTH);
        assertEquals(8, Ipv6ExtensionFlyweight.MIN_HEADER_LENGTH);
        assertEquals(20, TcpFlyweight.MIN_HEADER_LENGTH);
        assertEquals(8, UdpFlyweight.MIN_HEADER_LENGTH);
        assertEquals(8, Icmpv4Flyweight.MIN_HEADER_LENGTH);
        assertEquals(8, Icmpv6Flyweight.MIN_HEADER_LENGTH);
        assertEquals(16, LinuxCookedFlyweight.MIN_HEADER_LENGTH);
    }

    @Test
    void shouldWriteAndReadEthernetInNetworkOrder()
    {
        final EthernetFlyweight eth = new EthernetFlyweight().wrap(buffer, 4)
            .destination(0x0200_0000_0AFEL).source(0x1651_5304_3F55L).etherType(EtherType.QINQ);
        assertEquals("020000000afe165153043f5588a8", FrameBuilder.toHex(bytes(4, 14)));
        assertEquals(0x1651_5304_3F55L, eth.source());
        assertEquals(0x0200_0000_0AFEL, eth.destination());
        assertEquals(EtherType.QINQ, EthernetFlyweight.etherType(buffer, 4));
        assertEquals("Ethernet{dst=02:00:00:00:0a:fe, src=16:51:53:04:3f:55, etherType=0x88a8}", eth.toString());
    }

    @Test
    void shouldWriteAndReadArp()
    {
        final ArpFlyweight arp = new ArpFlyweight().wrap(buffer, 0).ethernetIpv4().operation(2)
            .senderHardware(0xD606_3C4A_357AL).senderProtocol(0x0A02_0102).targetHardware(0x1651_5304_3F55L)
            .targetProtocol(0x0A02_0101);
        assertTrue(ArpFlyweight.isEthernetIpv4(buffer, 0, 28));
        assertFalse(ArpFlyweight.isEthernetIpv4(buffer, 0, 27));
        assertEquals("0001080006040002d6063c4a357a0a020102165153043f550a020101", FrameBuilder.toHex(bytes(0, 28)));
        assertTrue(arp.toString().contains("spa=10.2.1.2"));
    }

    @Test
    void shouldWriteAndReadIpv4()
    {
        final Ipv4Flyweight ip = new Ipv4Flyweight().wrap(buffer, 0).versionAndHeaderLength(20).tos(0xb8)
            .totalLength(1500).identification(0xABCD).flagsAndFragmentOffset(Ipv4Flyweight.FLAG_MF | 185).ttl(1)
            .protocol(17).checksum(0).source(0xC000_0202).destination(0xCB00_7164).updateChecksum();
        assertEquals(4, ip.version());
        assertEquals(20, ip.headerLength());
        assertEquals(0xb8, ip.tos());
        assertEquals(1500, ip.totalLength());
        assertEquals(0xABCD, ip.identification());
        assertTrue(ip.moreFragments());
        assertFalse(ip.dontFragment());
        assertTrue(ip.isFragment());
        assertEquals(1480, ip.fragmentOffsetBytes());
        assertEquals(1, ip.ttl());
        assertEquals(17, ip.protocol());
        assertTrue(ip.checksumValid());
        assertEquals(0xCB00_7164, Ipv4Flyweight.destination(buffer, 0));
        assertEquals("203.0.113.100", Ipv4Flyweight.addressToString(ip.destination()));
        assertTrue(ip.toString().contains("src=192.0.2.2"));
    }

    @Test
    void shouldWriteAndReadIpv6AndFormatAddresses()
    {
        final Ipv6Flyweight ip = new Ipv6Flyweight().wrap(buffer, 0).versionClassFlow(0x2e, 0xABCDE)
            .payloadLength(32).nextHeader(IpProtocol.TCP).hopLimit(255)
            .source(0x2001_0db8_0000_0000L, 2L).destination(0, 1);
        assertEquals(6, ip.version());
        assertEquals(0x2e, ip.trafficClass());
        assertEquals(0xABCDE, ip.flowLabel());
        assertEquals(32, ip.payloadLength());
        assertEquals(255, ip.hopLimit());
        assertEquals(2L, ip.sourceLow());
        assertEquals("2001:db8::2", Ipv6Flyweight.addressToString(buffer, Ipv6Flyweight.SOURCE_OFFSET));
        assertEquals("::1", Ipv6Flyweight.addressToString(buffer, Ipv6Flyweight.DESTINATION_OFFSET));
        assertEquals("::", Ipv6Flyweight.addressToString(new UnsafeBuffer(new byte[16]), 0));
        assertEquals("2001:db8:0:1:1:1:1:1",
            Ipv6Flyweight.addressToString(new UnsafeBuffer(hex("20010db8000000010001000100010001")), 0));
        assertEquals("2001:0:0:1::1",
            Ipv6Flyweight.addressToString(new UnsafeBuffer(hex("20010000000000010000000000000001")), 0));
        assertEquals("fe80::",
            Ipv6Flyweight.addressToString(new UnsafeBuffer(hex("fe800000000000000000000000000000")), 0));
        assertTrue(ip.toString().contains("dst=::1"));
    }

    @Test
    void shouldWriteAndReadIpv6ExtensionHeaders()
    {
        final Ipv6ExtensionFlyweight fragment = new Ipv6ExtensionFlyweight().wrap(buffer, 0, IpProtocol.FRAGMENT)
            .nextHeader(IpProtocol.UDP).fragment(1448, true).identification(0x1234_5678);
        assertEquals(8, fragment.headerLength());
        assertEquals(1448, fragment.fragmentOffsetBytes());
        assertTrue(fragment.moreFragments());
        assertEquals(0x1234_5678, fragment.identification());
        assertEquals(IpProtocol.UDP, fragment.nextHeader());
        buffer.putByte(17, (byte)3);
        assertEquals(32, new Ipv6ExtensionFlyweight().wrap(buffer, 16, IpProtocol.ROUTING).headerLength());
        assertEquals(20, Ipv6ExtensionFlyweight.headerLength(buffer, 16, IpProtocol.AH));
        assertTrue(fragment.toString().contains("offset=1448"));
    }

    @Test
    void shouldWriteAndReadTcp()
    {
        final TcpFlyweight tcp = new TcpFlyweight().wrap(buffer, 0).sourcePort(40000).destinationPort(5201)
            .sequence(0xFFFF_FFFE).acknowledgment(7).headerLengthAndFlags(32, TcpFlyweight.AE | TcpFlyweight.PSH |
                TcpFlyweight.ACK).window(65535).checksum(0xBEEF).urgentPointer(3);
        assertEquals(40000, tcp.sourcePort());
        assertEquals(5201, TcpFlyweight.destinationPort(buffer, 0));
        assertEquals(0xFFFF_FFFE, tcp.sequence());
        assertEquals(7, tcp.acknowledgment());
        assertEquals(32, tcp.headerLength());
        assertEquals(TcpFlyweight.AE | TcpFlyweight.PSH | TcpFlyweight.ACK, tcp.flags());
        assertEquals(65535, tcp.window());
        assertEquals(0xBEEF, tcp.checksum());
        assertEquals(3, tcp.urgentPointer());
        assertEquals("81", FrameBuilder.toHex(bytes(12, 1)));
        assertEquals("Pe.", TcpFlyweight.flagsToString(tcp.flags()));
        assertEquals("S.", TcpFlyweight.flagsToString(TcpFlyweight.SYN | TcpFlyweight.ACK));
        assertTrue(tcp.toString().contains("seq=4294967294"));
    }

    @Test
    void shouldWriteAndReadUdpAndIcmp()
    {
        final UdpFlyweight udp = new UdpFlyweight().wrap(buffer, 0).sourcePort(53).destinationPort(5353)
            .length(20).checksum(0);
        assertEquals(53, udp.sourcePort());
        assertEquals(5353, udp.destinationPort());
        assertEquals(20, UdpFlyweight.length(buffer, 0));
        assertTrue(udp.toString().contains("length=20"));

        final Icmpv4Flyweight icmp = new Icmpv4Flyweight().wrap(buffer, 0).type(3).code(4).nextHopMtu(1400);
        icmp.updateChecksum(8);
        assertEquals(1400, icmp.nextHopMtu());
        assertEquals(0xFFFF, Checksums.sum(buffer, 0, 8, 0));
        assertTrue(Icmpv4Flyweight.isError(3));
        assertFalse(Icmpv4Flyweight.isError(8));
        assertTrue(icmp.toString().contains("mtu=1400"));
        new Icmpv4Flyweight().wrap(buffer, 0).type(8).code(0).identifier(0x42).sequence(9);
        assertEquals(0x42, icmp.identifier());
        assertEquals(9, icmp.sequence());

        final Icmpv6Flyweight icmp6 = new Icmpv6Flyweight().wrap(buffer, 0).type(2).code(0).mtu(1280).checksum(1);
        assertEquals(1280, icmp6.mtu());
        assertTrue(Icmpv6Flyweight.isError(2));
        assertFalse(Icmpv6Flyweight.isError(128));
        assertTrue(icmp6.toString().contains("mtu=1280"));
        icmp6.type(128).identifier(5).sequence(6);
        assertEquals(5, icmp6.identifier());
        assertEquals(6, icmp6.sequence());
    }

    private byte[] bytes(final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }
}

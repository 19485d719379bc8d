package org.mptcpgw.core.packet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumsTest
{
    private static final int L3 = EthernetFlyweight.MIN_HEADER_LENGTH;
    private static final int L4 = L3 + Ipv4Flyweight.MIN_HEADER_LENGTH;

    @Test
    void shouldSumTheRfc1071Example()
    {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        final UnsafeBuffer b = new UnsafeBuffer(FrameBuilder.hex("0001f203f4f5f6f7"));
        assertEquals(0xDDF2, Checksums.sum(b, 0, 8, 0));
        assertEquals(~0xDDF2 & 0xFFFF, Checksums.checksum(b, 0, 8));
    }

    @Test
    void shouldPadAnOddTrailingByteWithZero()
    {
        final UnsafeBuffer b = new UnsafeBuffer(FrameBuilder.hex("0001f203f4"));
        assertEquals(0x0001 + 0xF203 + 0xF400 - 0xFFFF, Checksums.sum(b, 0, 5, 0));
    }

    @Test
    void shouldComputeTheHeaderChecksumOfARealCapture()
    {
        // tcpdump-mptcp-tcprst.pcap frame 1 carries IPv4 checksum 0xed05 (tshark/tcpdump agree).
        final UnsafeBuffer b = new UnsafeBuffer(FrameBuilder.hex("4500002c00000000ff06ed05c0000201c0a84c1c"));
        assertEquals(0xED05, Checksums.ipv4HeaderChecksum(b, 0, 20));
        assertTrue(Checksums.ipv4HeaderValid(b, 0, 20));
        b.putByte(8, (byte)0xFE);
        assertFalse(Checksums.ipv4HeaderValid(b, 0, 20));
    }

    @Test
    void shouldValidateTcpChecksumOfBuiltFrame()
    {
        final byte[] frame = new FrameBuilder().tcp(40000, 5201, TcpFlyweight.SYN)
            .tcpOptions(FrameBuilder.hex("020405b4")).payload(new byte[]{1, 2, 3}).build();
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        final int l4Length = frame.length - L4;
        final int pseudo = Checksums.ipv4PseudoHeaderSum(FrameBuilder.HOST, FrameBuilder.SERVER, 6, l4Length);
        assertEquals(0xFFFF, Checksums.sum(b, L4, l4Length, pseudo));
    }

    @Test
    void shouldKeepUdpZeroChecksumAndTurnComputedZeroIntoAllOnes()
    {
        assertEquals(0, Checksums.updateUdp16(0, 0x1234, 0x5678));
        assertEquals(0, Checksums.updateUdp32(0, 0xC0000202, 0xC6336402));
        // ~0x0001 + ~0xFFFE + 0x0000 = 0xFFFF: the new sum is all ones, so the checksum computes to zero.
        assertEquals(0x0000, Checksums.update16(0x0001, 0xFFFE, 0x0000));
        assertEquals(0xFFFF, Checksums.updateUdp16(0x0001, 0xFFFE, 0x0000));
        assertEquals(0xFFFF, Checksums.updateUdp32(0x0001, 0x0000FFFE, 0x00000000));
    }

    @Test
    void shouldWriteAllOnesForAComputedZeroUdpChecksum()
    {
        // A UDP segment whose sum, pseudo-header included, is 0xFFFF gets checksum 0xFFFF, never 0.
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final int src = 0x0A000001;
        final int dst = 0x0A000002;
        final int pseudo = Checksums.ipv4PseudoHeaderSum(src, dst, IpProtocol.UDP, 10);
        b.putShort(0, (short)1, ByteOrder.BIG_ENDIAN);
        b.putShort(2, (short)2, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short)10, ByteOrder.BIG_ENDIAN);
        final int partial = Checksums.sum(b, 0, 8, pseudo);
        b.putShort(8, (short)(~partial & 0xFFFF), ByteOrder.BIG_ENDIAN);
        assertEquals(0xFFFF, Checksums.transportChecksumIpv4(b, 0, 10, 6, src, dst, IpProtocol.UDP));
    }

    @Property(tries = 3000)
    void shouldUpdateIpv4HeaderChecksumLikeAFullRecompute(
        @ForAll final int oldSource, @ForAll final int newSource, @ForAll @IntRange(min = 1, max = 255) final int ttl)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new FrameBuilder().ipv4(oldSource, FrameBuilder.SERVER).ttl(ttl)
            .tcp(1, 2, TcpFlyweight.ACK).build());
        final Ipv4Flyweight ip = new Ipv4Flyweight().wrap(b, L3);
        final int oldWord = b.getShort(L3 + Ipv4Flyweight.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        ip.source(newSource).ttl(ttl - 1);
        final int newWord = b.getShort(L3 + Ipv4Flyweight.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int incremental = Checksums.update16(
            Checksums.update32(ip.checksum(), oldSource, newSource), oldWord, newWord);
        assertEquals(Checksums.ipv4HeaderChecksum(b, L3, 20), incremental);
    }

    @Property(tries = 3000)
    void shouldUpdateTcpChecksumLikeAFullRecompute(
        @ForAll final int newSource,
        @ForAll @IntRange(min = 0, max = 65535) final int newPort,
        @ForAll @Size(max = 64) final byte[] payload)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new FrameBuilder().tcp(40000, 5201, TcpFlyweight.ACK)
            .payload(payload).build());
        final TcpFlyweight tcp = new TcpFlyweight().wrap(b, L4);
        final int l4Length = b.capacity() - L4;
        int checksum = Checksums.update32(tcp.checksum(), FrameBuilder.HOST, newSource);
        checksum = Checksums.update16(checksum, 40000, newPort);
        new Ipv4Flyweight().wrap(b, L3).source(newSource);
        tcp.sourcePort(newPort);
        assertEquals(Checksums.transportChecksumIpv4(b, L4, l4Length, TcpFlyweight.CHECKSUM_OFFSET, newSource,
            FrameBuilder.SERVER, IpProtocol.TCP), checksum);
    }

    @Property(tries = 3000)
    void shouldUpdateUdpChecksumLikeAFullRecompute(
        @ForAll final int newDestination,
        @ForAll @IntRange(min = 0, max = 65535) final int newPort,
        @ForAll @Size(max = 64) final byte[] payload)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new FrameBuilder().udp(53000, 53).payload(payload).build());
        final UdpFlyweight udp = new UdpFlyweight().wrap(b, L4);
        final int l4Length = b.capacity() - L4;
        int checksum = Checksums.updateUdp32(udp.checksum(), FrameBuilder.SERVER, newDestination);
        checksum = Checksums.updateUdp16(checksum, 53, newPort);
        new Ipv4Flyweight().wrap(b, L3).destination(newDestination);
        udp.destinationPort(newPort);
        assertEquals(Checksums.transportChecksumIpv4(b, L4, l4Length, UdpFlyweight.CHECKSUM_OFFSET,
            FrameBuilder.HOST, newDestination, IpProtocol.UDP), checksum);
        assertNotEquals(0, checksum);
    }

    @Property(tries = 3000)
    void shouldUpdateAndCompletePartialChecksumLikeAFullRecompute(
        @ForAll final int newSource,
        @ForAll @IntRange(min = 0, max = 65535) final int newPort,
        @ForAll @Size(max = 64) final byte[] payload)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new FrameBuilder().tcp(40000, 5201, TcpFlyweight.ACK)
            .payload(payload).build());
        final TcpFlyweight tcp = new TcpFlyweight().wrap(b, L4);
        final int l4Length = b.capacity() - L4;
        // What veth hands to AF_PACKET: the field holds the non-inverted pseudo-header sum.
        tcp.checksum(Checksums.ipv4PseudoHeaderSum(FrameBuilder.HOST, FrameBuilder.SERVER, 6, l4Length));
        // NAT: the address is in the pseudo-header (update P); the port is not (the device sums it).
        tcp.checksum(Checksums.updatePartial32(tcp.checksum(), FrameBuilder.HOST, newSource));
        new Ipv4Flyweight().wrap(b, L3).source(newSource);
        tcp.sourcePort(newPort);
        final int completed = Checksums.completePartial(b, L4, l4Length, TcpFlyweight.CHECKSUM_OFFSET, false);
        assertEquals(completed, tcp.checksum());
        assertEquals(Checksums.transportChecksumIpv4(b, L4, l4Length, TcpFlyweight.CHECKSUM_OFFSET, newSource,
            FrameBuilder.SERVER, IpProtocol.TCP), completed);
    }

    @Property(tries = 2000)
    void shouldSumAnyRangeLikeAWordByWordReference(
        @ForAll @Size(max = 200) final byte[] bytes, @ForAll @IntRange(min = 0, max = 7) final int skip)
    {
        final int start = Math.min(skip, bytes.length);
        long reference = 0;
        for (int i = start; i < bytes.length; i += 2)
        {
            final int hi = bytes[i] & 0xFF;
            final int lo = i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0;
            reference += (hi << 8) | lo;
        }
        while (reference > 0xFFFF)
        {
            reference = (reference & 0xFFFF) + (reference >>> 16);
        }
        assertEquals(reference, Checksums.sum(new UnsafeBuffer(bytes), start, bytes.length - start, 0));
    }
}

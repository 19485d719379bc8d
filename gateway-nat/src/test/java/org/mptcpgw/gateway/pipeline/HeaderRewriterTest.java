package org.mptcpgw.gateway.pipeline;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.UdpFlyweight;

import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-pass translation gives the same bytes as the three separate rewrites (address, port, TTL) it replaces on
 * the forwarding path, for TCP, UDP (with and without a checksum) and ICMP echo, full or partial checksums, either
 * side; and on frames with valid checksums it leaves them valid.
 */
class HeaderRewriterTest
{
    private static final int L3 = 14;
    private static final int L4 = L3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
    private static final int[] PROTOCOLS = {IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP};

    @Property(tries = 3000)
    void shouldMatchTheSeparateRewrites(
        @ForAll @IntRange(min = 0, max = 2) final int protocolIndex,
        @ForAll final boolean source,
        @ForAll final boolean partial,
        @ForAll final boolean udpWithoutChecksum,
        @ForAll final int oldAddress,
        @ForAll final int newAddress,
        @ForAll final char oldPort,
        @ForAll final char newPort,
        @ForAll final boolean sameAddress,
        @ForAll final boolean samePort,
        @ForAll @IntRange(min = 2, max = 255) final int ttl,
        @ForAll final long filler)
    {
        final int protocol = PROTOCOLS[protocolIndex];
        final byte[] frame = frame(protocol, source, oldAddress, oldPort, ttl, filler,
            IpProtocol.UDP == protocol && udpWithoutChecksum);
        final int address = sameAddress ? oldAddress : newAddress;
        final int port = samePort ? oldPort : newPort;

        final byte[] separate = frame.clone();
        final UnsafeBuffer a = new UnsafeBuffer(separate);
        HeaderRewriter.address(a, L3, L4, protocol,
            source ? Ipv4Flyweight.SOURCE_OFFSET : Ipv4Flyweight.DESTINATION_OFFSET, address, partial, true);
        HeaderRewriter.port(a, L4, protocol, source, port, partial);
        HeaderRewriter.decrementTtl(a, L3);

        final byte[] combined = frame.clone();
        HeaderRewriter.translate(new UnsafeBuffer(combined), L3, L4, protocol, source, address, port, partial);
        assertArrayEquals(separate, combined);
        if (!partial)
        {
            assertValid(combined, protocol);
        }
    }

    private static byte[] frame(
        final int protocol, final boolean source, final int address, final int port, final int ttl, final long filler,
        final boolean noUdpChecksum)
    {
        final int l4Length = 28;
        final byte[] bytes = new byte[L4 + l4Length];
        Arrays.fill(bytes, (byte)filler);
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int other = (int)(filler >>> 32);
        new Ipv4Flyweight().wrap(b, L3).versionAndHeaderLength(20).tos(0).totalLength(20 + l4Length)
            .identification(7).flagsAndFragmentOffset(0).ttl(ttl).protocol(protocol).checksum(0)
            .source(source ? address : other).destination(source ? other : address).updateChecksum();
        if (IpProtocol.ICMP == protocol)
        {
            b.putByte(L4, (byte)8);
            b.putByte(L4 + 1, (byte)0);
            b.putShort(L4 + 4, (short)port, ByteOrder.BIG_ENDIAN);
            b.putShort(L4 + 2, (short)0, ByteOrder.BIG_ENDIAN);
            b.putShort(L4 + 2, (short)Checksums.checksum(b, L4, l4Length), ByteOrder.BIG_ENDIAN);
            return bytes;
        }
        b.putShort(L4 + (source ? 0 : 2), (short)port, ByteOrder.BIG_ENDIAN);
        final int sumAt = L4 + (IpProtocol.TCP == protocol ? TcpFlyweight.CHECKSUM_OFFSET :
            UdpFlyweight.CHECKSUM_OFFSET);
        if (IpProtocol.UDP == protocol)
        {
            b.putShort(L4 + 4, (short)l4Length, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            b.putByte(L4 + 12, (byte)0x50);
        }
        b.putShort(sumAt, (short)0, ByteOrder.BIG_ENDIAN);
        if (!noUdpChecksum)
        {
            int sum = Checksums.transportChecksumIpv4(b, L4, l4Length, sumAt - L4,
                b.getInt(L3 + Ipv4Flyweight.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN),
                b.getInt(L3 + Ipv4Flyweight.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN), protocol);
            if (IpProtocol.UDP == protocol && 0 == sum)
            {
                sum = 0xFFFF;
            }
            b.putShort(sumAt, (short)sum, ByteOrder.BIG_ENDIAN);
        }
        return bytes;
    }

    private static void assertValid(final byte[] frame, final int protocol)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        assertEquals(0, Checksums.checksum(b, L3, 20) & 0xFFFF, "IPv4 header checksum");
        final int l4Length = frame.length - L4;
        if (IpProtocol.ICMP == protocol)
        {
            assertEquals(0, Checksums.checksum(b, L4, l4Length) & 0xFFFF, "ICMP checksum");
            return;
        }
        final int sumAt = L4 + (IpProtocol.TCP == protocol ? TcpFlyweight.CHECKSUM_OFFSET :
            UdpFlyweight.CHECKSUM_OFFSET);
        if (IpProtocol.UDP == protocol && 0 == b.getShort(sumAt))
        {
            return; // no checksum (RFC 768), and it stays so
        }
        final int sum = Checksums.sum(b, L4, l4Length, Checksums.ipv4PseudoHeaderSum(
            b.getInt(L3 + Ipv4Flyweight.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN),
            b.getInt(L3 + Ipv4Flyweight.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN), protocol, l4Length));
        assertEquals(0xFFFF, sum & 0xFFFF, "transport checksum verifies");
    }
}

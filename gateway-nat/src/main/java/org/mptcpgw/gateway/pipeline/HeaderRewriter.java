package org.mptcpgw.gateway.pipeline;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.UdpFlyweight;

import java.nio.ByteOrder;

/**
 * In-place rewrites of IPv4 and transport headers with RFC 1624 incremental checksum updates (eqn. 3), never a full
 * recomputation. When the transport checksum is still partial (the sending kernel left it to the device:
 * {@code CHECKSUM_PARTIAL} on veth/virtio), the field holds the non-inverted pseudo-header sum: an address change is
 * folded into it the same way, and a port change does not touch it (ports are not in the pseudo-header; the
 * transmitting kernel sums them when it finishes the checksum). UDP's "no checksum" zero stays zero (RFC 768).
 */
public final class HeaderRewriter
{
    private HeaderRewriter()
    {
    }

    /**
     * Replace the IPv4 source or destination address.
     *
     * @param buffer         frame.
     * @param l3             offset of the IPv4 header.
     * @param l4             offset of the transport header.
     * @param protocol       IP protocol.
     * @param addressOffset  {@link Ipv4Flyweight#SOURCE_OFFSET} or {@link Ipv4Flyweight#DESTINATION_OFFSET}.
     * @param address        new address.
     * @param partial        true if the transport checksum is partial.
     * @param transportValid false when the transport header is not in the buffer (an ICMP quote cut short).
     */
    public static void address(
        final MutableDirectBuffer buffer,
        final int l3,
        final int l4,
        final int protocol,
        final int addressOffset,
        final int address,
        final boolean partial,
        final boolean transportValid)
    {
        final int old = buffer.getInt(l3 + addressOffset, ByteOrder.BIG_ENDIAN);
        if (old == address)
        {
            return;
        }
        buffer.putInt(l3 + addressOffset, address, ByteOrder.BIG_ENDIAN);
        final int ipChecksum = buffer.getShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buffer.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, (short)Checksums.update32(ipChecksum, old, address),
            ByteOrder.BIG_ENDIAN);
        if (!transportValid)
        {
            return;
        }
        if (IpProtocol.TCP == protocol)
        {
            final int at = l4 + TcpFlyweight.CHECKSUM_OFFSET;
            final int sum = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            buffer.putShort(at, (short)(partial ? Checksums.updatePartial32(sum, old, address) :
                Checksums.update32(sum, old, address)), ByteOrder.BIG_ENDIAN);
        }
        else if (IpProtocol.UDP == protocol)
        {
            final int at = l4 + UdpFlyweight.CHECKSUM_OFFSET;
            final int sum = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            buffer.putShort(at, (short)(partial ? Checksums.updatePartial32(sum, old, address) :
                Checksums.updateUdp32(sum, old, address)), ByteOrder.BIG_ENDIAN);
        }
        // ICMP has no pseudo-header: its checksum does not cover the addresses.
    }

    /**
     * The whole translation of a forwarded datagram in one pass: the source (or destination) address and port (ICMP
     * echo: identifier) replaced and the TTL decremented, each header field read and written once and each checksum
     * updated once with the changes folded in. Gives the same bytes as {@link #address}, {@link #port} and
     * {@link #decrementTtl} in that order (a property test holds it to that).
     *
     * @param buffer   frame.
     * @param l3       offset of the IPv4 header.
     * @param l4       offset of the transport header, which is in the frame (not a later fragment).
     * @param protocol IP protocol.
     * @param source   true to rewrite the source address and port, false the destination ones.
     * @param address  new address.
     * @param port     new port or identifier.
     * @param partial  true if the transport checksum is partial.
     */
    public static void translate(
        final MutableDirectBuffer buffer,
        final int l3,
        final int l4,
        final int protocol,
        final boolean source,
        final int address,
        final int port,
        final boolean partial)
    {
        final int addressAt = l3 + (source ? Ipv4Flyweight.SOURCE_OFFSET : Ipv4Flyweight.DESTINATION_OFFSET);
        final int ttlAt = l3 + Ipv4Flyweight.TTL_OFFSET;
        final int ipSumAt = l3 + Ipv4Flyweight.CHECKSUM_OFFSET;
        final int oldAddress = buffer.getInt(addressAt, ByteOrder.BIG_ENDIAN);
        final int oldTtlWord = buffer.getShort(ttlAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newTtlWord = oldTtlWord - 0x0100;
        final boolean addressChanges = oldAddress != address;
        int ipSum = buffer.getShort(ipSumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (addressChanges)
        {
            buffer.putInt(addressAt, address, ByteOrder.BIG_ENDIAN);
            ipSum = Checksums.update32(ipSum, oldAddress, address);
        }
        buffer.putShort(ttlAt, (short)newTtlWord, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ipSumAt, (short)Checksums.update16(ipSum, oldTtlWord, newTtlWord), ByteOrder.BIG_ENDIAN);
        if (IpProtocol.TCP != protocol && IpProtocol.UDP != protocol)
        {
            // ICMP: no pseudo-header, so only the identifier counts (and any other protocol has no port).
            port(buffer, l4, protocol, source, port, partial);
            return;
        }
        final boolean tcp = IpProtocol.TCP == protocol;
        final int portAt = l4 + (source ? TcpFlyweight.SOURCE_PORT_OFFSET : TcpFlyweight.DESTINATION_PORT_OFFSET);
        final int oldPort = buffer.getShort(portAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final boolean portChanges = oldPort != port;
        if (!addressChanges && !portChanges)
        {
            return;
        }
        final int sumAt = l4 + (tcp ? TcpFlyweight.CHECKSUM_OFFSET : UdpFlyweight.CHECKSUM_OFFSET);
        int sum = buffer.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (addressChanges)
        {
            sum = partial ? Checksums.updatePartial32(sum, oldAddress, address) :
                tcp ? Checksums.update32(sum, oldAddress, address) : Checksums.updateUdp32(sum, oldAddress, address);
        }
        if (portChanges)
        {
            buffer.putShort(portAt, (short)port, ByteOrder.BIG_ENDIAN);
            if (!partial)
            {
                sum = tcp ? Checksums.update16(sum, oldPort, port) : Checksums.updateUdp16(sum, oldPort, port);
            }
        }
        buffer.putShort(sumAt, (short)sum, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Replace the source or destination port (for ICMP echo: the identifier, whichever side is asked).
     *
     * @param buffer         frame.
     * @param l4             offset of the transport header.
     * @param protocol       IP protocol.
     * @param source         true for the source port, false for the destination port.
     * @param port           new port or identifier.
     * @param partial        true if the transport checksum is partial.
     */
    public static void port(
        final MutableDirectBuffer buffer,
        final int l4,
        final int protocol,
        final boolean source,
        final int port,
        final boolean partial)
    {
        if (IpProtocol.ICMP == protocol)
        {
            final int at = l4 + Icmpv4Flyweight.IDENTIFIER_OFFSET;
            final int old = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (old != port)
            {
                buffer.putShort(at, (short)port, ByteOrder.BIG_ENDIAN);
                final int sumAt = l4 + Icmpv4Flyweight.CHECKSUM_OFFSET;
                final int sum = buffer.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                buffer.putShort(sumAt, (short)Checksums.update16(sum, old, port), ByteOrder.BIG_ENDIAN);
            }
            return;
        }
        final int at = l4 + (source ? TcpFlyweight.SOURCE_PORT_OFFSET : TcpFlyweight.DESTINATION_PORT_OFFSET);
        final int old = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (old == port)
        {
            return;
        }
        buffer.putShort(at, (short)port, ByteOrder.BIG_ENDIAN);
        if (partial)
        {
            return;
        }
        if (IpProtocol.TCP == protocol)
        {
            final int sumAt = l4 + TcpFlyweight.CHECKSUM_OFFSET;
            final int sum = buffer.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            buffer.putShort(sumAt, (short)Checksums.update16(sum, old, port), ByteOrder.BIG_ENDIAN);
        }
        else if (IpProtocol.UDP == protocol)
        {
            final int sumAt = l4 + UdpFlyweight.CHECKSUM_OFFSET;
            final int sum = buffer.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            buffer.putShort(sumAt, (short)Checksums.updateUdp16(sum, old, port), ByteOrder.BIG_ENDIAN);
        }
    }

    /**
     * Decrement the TTL by one and update the header checksum (RFC 1624 on the TTL/protocol word).
     *
     * @param buffer frame.
     * @param l3     offset of the IPv4 header.
     */
    public static void decrementTtl(final MutableDirectBuffer buffer, final int l3)
    {
        final int at = l3 + Ipv4Flyweight.TTL_OFFSET;
        final int oldWord = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newWord = oldWord - 0x0100;
        buffer.putShort(at, (short)newWord, ByteOrder.BIG_ENDIAN);
        final int sum = buffer.getShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buffer.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, (short)Checksums.update16(sum, oldWord, newWord),
            ByteOrder.BIG_ENDIAN);
    }

    /**
     * Lower a TCP MSS option in place if it exceeds the limit (MSS clamping, RFC 4459 section 3.2).
     *
     * @param buffer    frame.
     * @param l4        offset of the TCP header.
     * @param mssOffset offset of the MSS option's kind byte, or -1 if the segment has none.
     * @param maxMss    largest MSS the path carries.
     * @param partial   true if the TCP checksum is partial (then the options are summed by the kernel later).
     * @return true if the option was lowered.
     */
    static boolean clampMss(
        final MutableDirectBuffer buffer, final int l4, final int mssOffset, final int maxMss, final boolean partial)
    {
        if (mssOffset < 0)
        {
            return false;
        }
        final int at = mssOffset + 2;
        final int mss = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (mss <= maxMss)
        {
            return false;
        }
        buffer.putShort(at, (short)maxMss, ByteOrder.BIG_ENDIAN);
        if (!partial)
        {
            final int sumAt = l4 + TcpFlyweight.CHECKSUM_OFFSET;
            final int sum = buffer.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            // The MSS value is 16-bit aligned relative to the TCP header whenever the option starts on an even
            // offset; an odd start shifts it across two words, handled by updating both byte pairs.
            if (0 == ((at - l4) & 1))
            {
                buffer.putShort(sumAt, (short)Checksums.update16(sum, mss, maxMss), ByteOrder.BIG_ENDIAN);
            }
            else
            {
                final int oldA = ((buffer.getByte(at - 1) & 0xFF) << 8) | (mss >>> 8);
                final int newA = ((buffer.getByte(at - 1) & 0xFF) << 8) | (maxMss >>> 8);
                final int oldB = ((mss & 0xFF) << 8) | (buffer.getByte(at + 2) & 0xFF);
                final int newB = ((maxMss & 0xFF) << 8) | (buffer.getByte(at + 2) & 0xFF);
                buffer.putShort(sumAt, (short)Checksums.update16(Checksums.update16(sum, oldA, newA), oldB, newB),
                    ByteOrder.BIG_ENDIAN);
            }
        }
        return true;
    }
}

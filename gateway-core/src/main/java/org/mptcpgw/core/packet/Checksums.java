package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Internet checksums: the full one's-complement sum of RFC 1071, the IPv4 and IPv6 pseudo-header sums of
 * RFC 793 / RFC 768 / RFC 8200 section 8.1, and incremental updates after a NAT rewrites a field.
 * <p>
 * Conventions used by every method:
 * <ul>
 *     <li>A <em>sum</em> is a folded 16-bit one's-complement sum, not inverted (0..0xFFFF).</li>
 *     <li>A <em>checksum</em> is what goes on the wire: the inverted sum.</li>
 *     <li>A <em>partial</em> checksum is what Linux leaves in a CHECKSUM_PARTIAL packet (veth, virtio-net
 *     {@code NEEDS_CSUM}): the non-inverted pseudo-header sum; the device adds the segment bytes and inverts.
 *     </li>
 * </ul>
 * Incremental updates use RFC 1624 equation 3, {@code HC' = ~(~HC + ~m + m')}, which never produces the
 * "minus zero" 0xFFFF result of the older RFC 1141 form for a checksum that a full computation would give as
 * 0x0000. A 32-bit field (an IPv4 address, or two adjacent 16-bit fields) counts as two 16-bit words.
 * <p>
 * UDP over IPv4 (RFC 768): a zero checksum means "no checksum" and stays zero through an update; a computed
 * zero is sent as 0xFFFF. TCP has no such rule.
 * <p>
 * Stateless and allocation-free.
 */
public final class Checksums
{
    /** The UDP "no checksum" value (RFC 768). */
    public static final int UDP_NO_CHECKSUM = 0;

    private Checksums()
    {
    }

    /**
     * Fold a wide one's-complement accumulator to 16 bits.
     *
     * @param sum accumulator (sum of 16-bit words, any carry bits above bit 15).
     * @return folded sum in 0..0xFFFF.
     */
    public static int fold(final long sum)
    {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int)s;
    }

    /**
     * One's-complement sum of a byte range, taken as big-endian 16-bit words from {@code offset} (an odd
     * trailing byte is padded with a zero low byte, RFC 1071 section 4.1).
     *
     * @param buffer  buffer holding the bytes.
     * @param offset  first byte.
     * @param length  number of bytes.
     * @param initial folded sum to start from (e.g. a pseudo-header sum), 0 for none.
     * @return folded sum in 0..0xFFFF.
     */
    public static int sum(final DirectBuffer buffer, final int offset, final int length, final int initial)
    {
        long acc = initial & 0xFFFF;
        int i = offset;
        final int end = offset + length;
        // Eight bytes at a time: adding the two 32-bit halves keeps every word's carries for the final fold.
        while (end - i >= 8)
        {
            final long v = buffer.getLong(i, ByteOrder.BIG_ENDIAN);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
            i += 8;
        }
        if (end - i >= 4)
        {
            acc += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (end - i >= 2)
        {
            acc += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (end - i == 1)
        {
            acc += (buffer.getByte(i) & 0xFF) << 8;
        }
        return fold(acc);
    }

    /**
     * Internet checksum (RFC 1071) of a byte range: the inverted one's-complement sum.
     *
     * @param buffer buffer holding the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the checksum as it would be written into a zeroed checksum field.
     */
    public static int checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        return ~sum(buffer, offset, length, 0) & 0xFFFF;
    }

    /**
     * Sum of the IPv4 pseudo-header (RFC 793 section 3.1): source, destination, zero, protocol, length.
     *
     * @param source      source address.
     * @param destination destination address.
     * @param protocol    transport protocol number.
     * @param l4Length    length of the transport header plus payload.
     * @return folded, non-inverted sum: this is what a partial checksum field holds.
     */
    public static int ipv4PseudoHeaderSum(
        final int source, final int destination, final int protocol, final int l4Length)
    {
        final long acc = (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) +
            (protocol & 0xFF) + (l4Length & 0xFFFF);
        return fold(acc);
    }

    /**
     * Sum of the IPv6 pseudo-header (RFC 8200 section 8.1): source, destination, upper-layer length, next header.
     *
     * @param buffer            buffer holding the addresses.
     * @param sourceOffset      offset of the 16-byte source address.
     * @param destinationOffset offset of the 16-byte destination address.
     * @param protocol          upper-layer protocol number.
     * @param l4Length          upper-layer packet length.
     * @return folded, non-inverted sum.
     */
    public static int ipv6PseudoHeaderSum(
        final DirectBuffer buffer,
        final int sourceOffset,
        final int destinationOffset,
        final int protocol,
        final int l4Length)
    {
        final int s = sum(buffer, sourceOffset, 16, 0);
        final int d = sum(buffer, destinationOffset, 16, s);
        return fold((long)d + (l4Length >>> 16) + (l4Length & 0xFFFF) + (protocol & 0xFF));
    }

    /**
     * Compute the IPv4 header checksum, treating the checksum field as zero.
     *
     * @param buffer       buffer holding the header.
     * @param offset       offset of the IPv4 header.
     * @param headerLength IHL * 4.
     * @return checksum to write into the header.
     */
    public static int ipv4HeaderChecksum(final DirectBuffer buffer, final int offset, final int headerLength)
    {
        final int all = sum(buffer, offset, headerLength, 0);
        final int field = buffer.getShort(offset + Ipv4Flyweight.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        // Subtract the field in one's complement: add its complement.
        return ~fold((long)all + (~field & 0xFFFF)) & 0xFFFF;
    }

    /**
     * Verify an IPv4 header checksum: the sum over the whole header, checksum included, must be 0xFFFF.
     * The caller must have checked that {@code headerLength} bytes are readable.
     *
     * @param buffer       buffer holding the header.
     * @param offset       offset of the IPv4 header.
     * @param headerLength IHL * 4.
     * @return true when the checksum is correct.
     */
    public static boolean ipv4HeaderValid(final DirectBuffer buffer, final int offset, final int headerLength)
    {
        return 0xFFFF == sum(buffer, offset, headerLength, 0);
    }

    /**
     * Full TCP or UDP checksum over IPv4, treating the checksum field as zero.
     *
     * @param buffer              buffer holding the segment.
     * @param l4Offset            offset of the transport header.
     * @param l4Length            transport header plus payload length.
     * @param checksumFieldOffset offset of the checksum field from the transport header (16 TCP, 6 UDP).
     * @param source              IPv4 source address.
     * @param destination         IPv4 destination address.
     * @param protocol            6 or 17.
     * @return the checksum (for UDP a computed zero is returned as 0xFFFF).
     */
    public static int transportChecksumIpv4(
        final DirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int checksumFieldOffset,
        final int source,
        final int destination,
        final int protocol)
    {
        final int pseudo = ipv4PseudoHeaderSum(source, destination, protocol, l4Length);
        return finishTransport(buffer, l4Offset, l4Length, checksumFieldOffset, pseudo, protocol);
    }

    /**
     * Full TCP, UDP or ICMPv6 checksum over IPv6, treating the checksum field as zero.
     *
     * @param buffer              buffer holding the packet.
     * @param sourceOffset        offset of the IPv6 source address.
     * @param destinationOffset   offset of the IPv6 destination address.
     * @param l4Offset            offset of the upper-layer header.
     * @param l4Length            upper-layer length.
     * @param checksumFieldOffset offset of the checksum field from the upper-layer header.
     * @param protocol            6, 17 or 58.
     * @return the checksum (for UDP a computed zero is returned as 0xFFFF).
     */
    public static int transportChecksumIpv6(
        final DirectBuffer buffer,
        final int sourceOffset,
        final int destinationOffset,
        final int l4Offset,
        final int l4Length,
        final int checksumFieldOffset,
        final int protocol)
    {
        final int pseudo = ipv6PseudoHeaderSum(buffer, sourceOffset, destinationOffset, protocol, l4Length);
        return finishTransport(buffer, l4Offset, l4Length, checksumFieldOffset, pseudo, protocol);
    }

    private static int finishTransport(
        final DirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int checksumFieldOffset,
        final int pseudo,
        final int protocol)
    {
        final int all = sum(buffer, l4Offset, l4Length, pseudo);
        final int field = buffer.getShort(l4Offset + checksumFieldOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int checksum = ~fold((long)all + (~field & 0xFFFF)) & 0xFFFF;
        return IpProtocol.UDP == protocol && 0 == checksum ? 0xFFFF : checksum;
    }

    /**
     * RFC 1624 equation 3 for one changed 16-bit word: {@code HC' = ~(~HC + ~m + m')}.
     *
     * @param checksum old checksum field value.
     * @param oldWord  old value of the changed word.
     * @param newWord  new value of the changed word.
     * @return new checksum field value.
     */
    public static int update16(final int checksum, final int oldWord, final int newWord)
    {
        final int s = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * RFC 1624 equation 3 for a changed 32-bit value (two 16-bit words, e.g. an IPv4 address).
     *
     * @param checksum old checksum field value.
     * @param oldValue old 32-bit value.
     * @param newValue new 32-bit value.
     * @return new checksum field value.
     */
    public static int update32(final int checksum, final int oldValue, final int newValue)
    {
        final long s = (~checksum & 0xFFFF) + (~oldValue >>> 16) + (~oldValue & 0xFFFF) +
            (newValue >>> 16) + (newValue & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * {@link #update16(int, int, int)} with the UDP rules: a zero checksum (none) stays zero, a result of zero
     * becomes 0xFFFF.
     *
     * @param checksum old UDP checksum field value.
     * @param oldWord  old value of the changed word.
     * @param newWord  new value of the changed word.
     * @return new UDP checksum field value.
     */
    public static int updateUdp16(final int checksum, final int oldWord, final int newWord)
    {
        if (UDP_NO_CHECKSUM == checksum)
        {
            return UDP_NO_CHECKSUM;
        }
        final int c = update16(checksum, oldWord, newWord);
        return 0 == c ? 0xFFFF : c;
    }

    /**
     * {@link #update32(int, int, int)} with the UDP rules: a zero checksum (none) stays zero, a result of zero
     * becomes 0xFFFF.
     *
     * @param checksum old UDP checksum field value.
     * @param oldValue old 32-bit value.
     * @param newValue new 32-bit value.
     * @return new UDP checksum field value.
     */
    public static int updateUdp32(final int checksum, final int oldValue, final int newValue)
    {
        if (UDP_NO_CHECKSUM == checksum)
        {
            return UDP_NO_CHECKSUM;
        }
        final int c = update32(checksum, oldValue, newValue);
        return 0 == c ? 0xFFFF : c;
    }

    /**
     * Update a <em>partial</em> checksum (the non-inverted pseudo-header sum Linux leaves for the device to
     * finish) after a pseudo-header word changed: {@code P' = fold(P + ~old + new)}. Only pseudo-header fields
     * (addresses, protocol, length) are in a partial sum; a port change needs no update of the partial sum
     * because the device sums the ports when it finishes the checksum.
     *
     * @param partial partial checksum field value.
     * @param oldWord old 16-bit word.
     * @param newWord new 16-bit word.
     * @return new partial checksum field value.
     */
    public static int updatePartial16(final int partial, final int oldWord, final int newWord)
    {
        return fold((partial & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF));
    }

    /**
     * {@link #updatePartial16(int, int, int)} for a 32-bit value (an IPv4 address).
     *
     * @param partial  partial checksum field value.
     * @param oldValue old 32-bit value.
     * @param newValue new 32-bit value.
     * @return new partial checksum field value.
     */
    public static int updatePartial32(final int partial, final int oldValue, final int newValue)
    {
        return fold((long)(partial & 0xFFFF) + (~oldValue >>> 16) + (~oldValue & 0xFFFF) +
            (newValue >>> 16) + (newValue & 0xFFFF));
    }

    /**
     * Finish a partial transport checksum in software, as a device would (for ports without a virtio-net
     * header): the field holds the pseudo-header sum, so the one's-complement sum over the segment with the
     * field as it is already includes the pseudo-header; its inverse is the checksum.
     *
     * @param buffer              buffer holding the segment; the checksum field is overwritten.
     * @param l4Offset            offset of the transport header (csum_start).
     * @param l4Length            transport header plus payload length.
     * @param checksumFieldOffset offset of the checksum field from the transport header (csum_offset).
     * @param udp                 true for UDP: a computed zero is written as 0xFFFF.
     * @return the checksum written.
     */
    public static int completePartial(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int checksumFieldOffset,
        final boolean udp)
    {
        int checksum = ~sum(buffer, l4Offset, l4Length, 0) & 0xFFFF;
        if (udp && 0 == checksum)
        {
            checksum = 0xFFFF;
        }
        buffer.putShort(l4Offset + checksumFieldOffset, (short)checksum, ByteOrder.BIG_ENDIAN);
        return checksum;
    }
}

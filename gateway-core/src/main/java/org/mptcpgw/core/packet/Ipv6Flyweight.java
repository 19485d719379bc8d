package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an IPv6 fixed header (RFC 8200 section 3).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +                         Source Address                        +
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +                      Destination Address                      +
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Addresses are exposed as two longs (high and low 64 bits, in wire order) so that reading them allocates
 * nothing. Extension headers are read with {@link Ipv6ExtensionFlyweight}; the bounded walk over them is done
 * by {@link PacketParser}.
 */
public final class Ipv6Flyweight
{
    /** Offset of the version/traffic class/flow label word. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 8;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 24;
    /** Length of an address. */
    public static final int ADDRESS_LENGTH = 16;
    /** Length of the fixed header. */
    public static final int MIN_HEADER_LENGTH = DESTINATION_OFFSET + ADDRESS_LENGTH;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a header.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the version byte.
     * @return this.
     */
    public Ipv6Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @return offset of the header in the buffer.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv6 header.
     * @return payload length field.
     */
    public static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv6 header.
     * @return next header field.
     */
    public static int nextHeader(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /**
     * @return version (6 for a valid header).
     */
    public int version()
    {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    /**
     * @return traffic class.
     */
    public int trafficClass()
    {
        return (buffer.getInt(offset + VERSION_CLASS_FLOW_OFFSET, ByteOrder.BIG_ENDIAN) >>> 20) & 0xFF;
    }

    /**
     * @return flow label (20 bits).
     */
    public int flowLabel()
    {
        return buffer.getInt(offset + VERSION_CLASS_FLOW_OFFSET, ByteOrder.BIG_ENDIAN) & 0xF_FFFF;
    }

    /**
     * Write version 6, the traffic class and the flow label.
     *
     * @param trafficClass traffic class.
     * @param flowLabel    flow label (20 bits).
     * @return this.
     */
    public Ipv6Flyweight versionClassFlow(final int trafficClass, final int flowLabel)
    {
        buffer.putInt(offset + VERSION_CLASS_FLOW_OFFSET,
            (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF), ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return payload length (everything after the fixed header, extension headers included).
     */
    public int payloadLength()
    {
        return payloadLength(buffer, offset);
    }

    /**
     * @param payloadLength payload length.
     * @return this.
     */
    public Ipv6Flyweight payloadLength(final int payloadLength)
    {
        buffer.putShort(offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return next header.
     */
    public int nextHeader()
    {
        return nextHeader(buffer, offset);
    }

    /**
     * @param nextHeader next header.
     * @return this.
     */
    public Ipv6Flyweight nextHeader(final int nextHeader)
    {
        buffer.putByte(offset + NEXT_HEADER_OFFSET, (byte)nextHeader);
        return this;
    }

    /**
     * @return hop limit.
     */
    public int hopLimit()
    {
        return buffer.getByte(offset + HOP_LIMIT_OFFSET) & 0xFF;
    }

    /**
     * @param hopLimit hop limit.
     * @return this.
     */
    public Ipv6Flyweight hopLimit(final int hopLimit)
    {
        buffer.putByte(offset + HOP_LIMIT_OFFSET, (byte)hopLimit);
        return this;
    }

    /**
     * @return high 64 bits of the source address.
     */
    public long sourceHigh()
    {
        return buffer.getLong(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return low 64 bits of the source address.
     */
    public long sourceLow()
    {
        return buffer.getLong(offset + SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param high high 64 bits of the address.
     * @param low  low 64 bits of the address.
     * @return this.
     */
    public Ipv6Flyweight source(final long high, final long low)
    {
        buffer.putLong(offset + SOURCE_OFFSET, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + SOURCE_OFFSET + 8, low, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return high 64 bits of the destination address.
     */
    public long destinationHigh()
    {
        return buffer.getLong(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return low 64 bits of the destination address.
     */
    public long destinationLow()
    {
        return buffer.getLong(offset + DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param high high 64 bits of the address.
     * @param low  low 64 bits of the address.
     * @return this.
     */
    public Ipv6Flyweight destination(final long high, final long low)
    {
        buffer.putLong(offset + DESTINATION_OFFSET, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + DESTINATION_OFFSET + 8, low, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Format an IPv6 address in the RFC 5952 text form (allocates; for debugging and tools).
     *
     * @param buffer buffer holding the address.
     * @param index  offset of the first byte.
     * @return the text form.
     */
    public static String addressToString(final DirectBuffer buffer, final int index)
    {
        final int[] words = new int[8];
        for (int i = 0; i < 8; i++)
        {
            words[i] = buffer.getShort(index + 2 * i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        // RFC 5952 section 4.2: compress the longest run (first if tied) of two or more zero words.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++)
        {
            int j = i;
            while (j < 8 && 0 == words[j])
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && ':' != sb.charAt(sb.length() - 1))
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Ipv6{version=" + version() + ", trafficClass=" + trafficClass() + ", flowLabel=" + flowLabel() +
            ", payloadLength=" + payloadLength() + ", nextHeader=" + nextHeader() + ", hopLimit=" + hopLimit() +
            ", src=" + addressToString(buffer, offset + SOURCE_OFFSET) +
            ", dst=" + addressToString(buffer, offset + DESTINATION_OFFSET) + '}';
    }
}

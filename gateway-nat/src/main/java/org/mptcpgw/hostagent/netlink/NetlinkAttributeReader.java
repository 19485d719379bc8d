package org.mptcpgw.hostagent.netlink;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Walks the attributes ({@code struct nlattr}, RFC 3549 section 2.3.2.1) of a region of a buffer, one at a time,
 * the way the kernel's {@code nla_for_each_attr} does: an attribute whose length is below its own header or runs
 * past the region, or bytes left over that cannot hold a header, end the walk and mark the region malformed; it
 * never throws and never reads outside the region.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------------------------------+-+-+---------------------------+
 *   |   nla_len (header included)   |N|O|         nla_type          |
 *   +-------------------------------+-+-+---------------------------+
 *   |   value (nla_len - 4 bytes), then padding to a 4-byte boundary  |
 *   +---------------------------------------------------------------+
 *   N = NLA_F_NESTED (the value is attributes), O = NLA_F_NET_BYTEORDER
 * </pre>
 * nla_len and nla_type are in the host's byte order; the byte order of a value is the attribute's own (the accessors
 * name it). Reuse one reader per nesting level; wrapping allocates nothing.
 */
public final class NetlinkAttributeReader
{
    /** Length of {@code struct nlattr}. */
    public static final int HEADER_LENGTH = 4;
    /** Offset of nla_len (u16). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of nla_type (u16). */
    public static final int TYPE_OFFSET = 2;

    private DirectBuffer buffer;
    private int limit;
    private int cursor;
    private int attributeOffset;
    private int attributeLength;
    private int rawType;
    private boolean malformed;

    /**
     * Walk the attributes in {@code [offset, offset + length)}.
     *
     * @param buffer buffer holding them.
     * @param offset offset of the first attribute.
     * @param length length of the region in bytes.
     * @return this for a fluent API.
     */
    public NetlinkAttributeReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.cursor = offset;
        this.limit = offset + Math.max(0, length);
        this.attributeOffset = -1;
        this.attributeLength = 0;
        this.rawType = 0;
        this.malformed = false;
        return this;
    }

    /**
     * Walk the value of the current attribute of another reader (a nested attribute).
     *
     * @param outer reader positioned on the nesting attribute.
     * @return this for a fluent API.
     */
    public NetlinkAttributeReader wrapNested(final NetlinkAttributeReader outer)
    {
        return wrap(outer.buffer, outer.valueOffset(), outer.valueLength());
    }

    /**
     * Move to the next attribute.
     *
     * @return true when positioned on an attribute; false at the end of the region or when the next attribute is
     * malformed (then {@link #malformed()} is true).
     */
    public boolean next()
    {
        final int remaining = limit - cursor;
        if (remaining <= 0)
        {
            attributeOffset = -1;
            return false;
        }
        // The padding of an attribute is skipped with it, so 1 to 3 bytes left over are a cut header.
        final int length =
            remaining < HEADER_LENGTH ? 0 : buffer.getShort(cursor + LENGTH_OFFSET, Netlink.ORDER) & 0xFFFF;
        if (length < HEADER_LENGTH || length > remaining)
        {
            malformed = true;
            attributeOffset = -1;
            cursor = limit;
            return false;
        }
        attributeOffset = cursor;
        attributeLength = length;
        rawType = buffer.getShort(cursor + TYPE_OFFSET, Netlink.ORDER) & 0xFFFF;
        cursor = Math.min(limit, cursor + Netlink.align(length));
        return true;
    }

    /**
     * @return true if the walk stopped at an attribute whose length does not fit its header or the region.
     */
    public boolean malformed()
    {
        return malformed;
    }

    /**
     * @return the attribute type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits.
     */
    public int type()
    {
        return rawType & Netlink.NLA_TYPE_MASK;
    }

    /**
     * @return nla_type as sent, flag bits included.
     */
    public int rawType()
    {
        return rawType;
    }

    /**
     * @return true if the sender set NLA_F_NESTED.
     */
    public boolean nestedFlag()
    {
        return 0 != (rawType & Netlink.NLA_F_NESTED);
    }

    /**
     * @return offset of the current attribute's header.
     */
    public int attributeOffset()
    {
        return attributeOffset;
    }

    /**
     * @return offset of the current attribute's value.
     */
    public int valueOffset()
    {
        return attributeOffset + HEADER_LENGTH;
    }

    /**
     * @return length of the current attribute's value in bytes (padding excluded).
     */
    public int valueLength()
    {
        return attributeLength - HEADER_LENGTH;
    }

    /**
     * @return the value as an unsigned byte (check {@link #valueLength()} first).
     */
    public int u8()
    {
        return buffer.getByte(valueOffset()) & 0xFF;
    }

    /**
     * @return the value as an unsigned 16-bit number in the host's byte order.
     */
    public int u16()
    {
        return buffer.getShort(valueOffset(), Netlink.ORDER) & 0xFFFF;
    }

    /**
     * @return the value as an unsigned 16-bit number in network byte order (a be16 such as a port in an event).
     */
    public int u16BigEndian()
    {
        return buffer.getShort(valueOffset(), ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return the value as a 32-bit number in the host's byte order.
     */
    public int u32()
    {
        return buffer.getInt(valueOffset(), Netlink.ORDER);
    }

    /**
     * Copy the value's bytes.
     *
     * @param destination where to copy to.
     * @param length      number of bytes, at most {@link #valueLength()}.
     */
    public void copyValue(final byte[] destination, final int length)
    {
        buffer.getBytes(valueOffset(), destination, 0, length);
    }

    /**
     * The value as a NUL-terminated ASCII string (control plane only: allocates).
     *
     * @return the text up to the first NUL or the end of the value.
     */
    public String string()
    {
        final int start = valueOffset();
        final int end = start + valueLength();
        int i = start;
        while (i < end && 0 != buffer.getByte(i))
        {
            i++;
        }
        final byte[] bytes = new byte[i - start];
        buffer.getBytes(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Whether the value is exactly a given ASCII text followed by a NUL, without allocating.
     *
     * @param text the text.
     * @return true if it matches.
     */
    public boolean stringEquals(final String text)
    {
        final int start = valueOffset();
        final int n = text.length();
        if (valueLength() < n + 1 || 0 != buffer.getByte(start + n))
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (buffer.getByte(start + i) != (byte)text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Debug form of the current position.
     *
     * @return the current attribute.
     */
    @Override
    public String toString()
    {
        return "NetlinkAttribute{offset=" + attributeOffset + ", type=" + type() + ", nested=" + nestedFlag() +
            ", valueLength=" + (attributeOffset < 0 ? -1 : valueLength()) + ", malformed=" + malformed + '}';
    }
}

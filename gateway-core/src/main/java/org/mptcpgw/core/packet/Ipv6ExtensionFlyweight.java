package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an IPv6 extension header (RFC 8200 section 4): the generic layout shared by Hop-by-Hop
 * Options (4.3), Routing (4.4) and Destination Options (4.6), and the fixed layout of the Fragment header (4.5).
 * <pre>
 * Generic (length in 8-byte units, not counting the first 8 bytes):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * .                    type-specific data                         .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment (always 8 bytes):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The Authentication Header (RFC 4302 section 2.2) shares the first two bytes but counts its length in 4-byte
 * units minus 2; {@link #headerLength(DirectBuffer, int, int)} knows both rules.
 */
public final class Ipv6ExtensionFlyweight
{
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 0;
    /** Offset of the header extension length. */
    public static final int LENGTH_OFFSET = 1;
    /** Offset of the fragment offset/M word in a fragment header. */
    public static final int FRAGMENT_OFFSET_FLAGS_OFFSET = 2;
    /** Offset of the identification in a fragment header. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Shortest extension header (and the length of a fragment header). */
    public static final int MIN_HEADER_LENGTH = 8;
    /** Length of a fragment header. */
    public static final int FRAGMENT_HEADER_LENGTH = IDENTIFICATION_OFFSET + 4;
    /** Mask of the fragment offset (in 8-byte units, shifted left by 3) in the offset/M word. */
    public static final int FRAGMENT_OFFSET_MASK = 0xFFF8;
    /** M (more fragments) flag in the offset/M word. */
    public static final int FLAG_M = 1;

    private MutableDirectBuffer buffer;
    private int offset;
    private int type;

    /**
     * Point the flyweight at an extension header.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the extension header.
     * @param type   the protocol number that announced this header (the previous next header).
     * @return this.
     */
    public Ipv6ExtensionFlyweight wrap(final MutableDirectBuffer buffer, final int offset, final int type)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.type = type;
        return this;
    }

    /**
     * Length of an extension header; the caller must have checked that two bytes are readable.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the extension header.
     * @param type   the protocol number that announced the header.
     * @return length in bytes.
     */
    public static int headerLength(final DirectBuffer buffer, final int offset, final int type)
    {
        if (IpProtocol.FRAGMENT == type)
        {
            return FRAGMENT_HEADER_LENGTH;
        }
        final int units = buffer.getByte(offset + LENGTH_OFFSET) & 0xFF;
        return IpProtocol.AH == type ? (units + 2) << 2 : (units + 1) << 3;
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the extension header.
     * @return next header.
     */
    public static int nextHeader(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /**
     * @return the protocol number of this header.
     */
    public int type()
    {
        return type;
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
    public Ipv6ExtensionFlyweight nextHeader(final int nextHeader)
    {
        buffer.putByte(offset + NEXT_HEADER_OFFSET, (byte)nextHeader);
        return this;
    }

    /**
     * @return length of this header in bytes.
     */
    public int headerLength()
    {
        return headerLength(buffer, offset, type);
    }

    /**
     * @return fragment offset in bytes (fragment header only).
     */
    public int fragmentOffsetBytes()
    {
        return buffer.getShort(offset + FRAGMENT_OFFSET_FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & FRAGMENT_OFFSET_MASK;
    }

    /**
     * @return true when M is set (fragment header only).
     */
    public boolean moreFragments()
    {
        return 0 != (buffer.getShort(offset + FRAGMENT_OFFSET_FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & FLAG_M);
    }

    /**
     * Write the fragment offset and M flag (fragment header only).
     *
     * @param offsetBytes fragment offset in bytes (a multiple of 8).
     * @param more        M flag.
     * @return this.
     */
    public Ipv6ExtensionFlyweight fragment(final int offsetBytes, final boolean more)
    {
        buffer.putShort(offset + FRAGMENT_OFFSET_FLAGS_OFFSET,
            (short)((offsetBytes & FRAGMENT_OFFSET_MASK) | (more ? FLAG_M : 0)), ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return identification (fragment header only).
     */
    public int identification()
    {
        return buffer.getInt(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param identification identification (fragment header only).
     * @return this.
     */
    public Ipv6ExtensionFlyweight identification(final int identification)
    {
        buffer.putInt(offset + IDENTIFICATION_OFFSET, identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        if (IpProtocol.FRAGMENT == type)
        {
            return "Ipv6Fragment{nextHeader=" + nextHeader() + ", offset=" + fragmentOffsetBytes() +
                ", m=" + moreFragments() + ", id=0x" + Integer.toHexString(identification()) + '}';
        }
        return "Ipv6Extension{type=" + type + ", nextHeader=" + nextHeader() + ", length=" + headerLength() + '}';
    }
}

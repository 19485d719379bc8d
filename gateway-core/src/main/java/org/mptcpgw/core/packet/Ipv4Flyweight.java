package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an IPv4 header (RFC 791 section 3.1; DSCP/ECN per RFC 2474 and RFC 3168).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Flags (3 bits): reserved (must be zero), DF (don't fragment), MF (more fragments). The fragment offset is in
 * 8-byte units. IHL is in 4-byte units (5..15).
 */
public final class Ipv4Flyweight
{
    /** Offset of the version/IHL byte. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the type of service (DSCP/ECN) byte. */
    public static final int TOS_OFFSET = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the flags and fragment offset word. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of the time to live. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = DESTINATION_OFFSET + 4;
    /** Longest header (IHL 15). */
    public static final int MAX_HEADER_LENGTH = 60;

    /** DF flag in the flags/fragment word. */
    public static final int FLAG_DF = 0x4000;
    /** MF flag in the flags/fragment word. */
    public static final int FLAG_MF = 0x2000;
    /** Reserved (evil) bit in the flags/fragment word. */
    public static final int FLAG_RESERVED = 0x8000;
    /** Mask of the fragment offset (8-byte units) in the flags/fragment word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a header.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the version/IHL byte.
     * @return this.
     */
    public Ipv4Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
     * @param offset offset of the IPv4 header.
     * @return header length in bytes (IHL * 4).
     */
    public static int headerLength(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset + VERSION_IHL_OFFSET) & 0x0F) << 2;
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv4 header.
     * @return total length field.
     */
    public static int totalLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv4 header.
     * @return source address.
     */
    public static int source(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv4 header.
     * @return destination address.
     */
    public static int destination(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer buffer holding the packet.
     * @param offset offset of the IPv4 header.
     * @return protocol field.
     */
    public static int protocol(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /**
     * @return version field (4 for a valid header).
     */
    public int version()
    {
        return (buffer.getByte(offset + VERSION_IHL_OFFSET) & 0xF0) >>> 4;
    }

    /**
     * @return header length in bytes (IHL * 4).
     */
    public int headerLength()
    {
        return headerLength(buffer, offset);
    }

    /**
     * Write version 4 and the header length.
     *
     * @param headerLength header length in bytes, a multiple of 4 from 20 to 60.
     * @return this.
     */
    public Ipv4Flyweight versionAndHeaderLength(final int headerLength)
    {
        buffer.putByte(offset + VERSION_IHL_OFFSET, (byte)(0x40 | (headerLength >>> 2)));
        return this;
    }

    /**
     * @return type of service byte (DSCP in the high 6 bits, ECN in the low 2).
     */
    public int tos()
    {
        return buffer.getByte(offset + TOS_OFFSET) & 0xFF;
    }

    /**
     * @param tos type of service byte.
     * @return this.
     */
    public Ipv4Flyweight tos(final int tos)
    {
        buffer.putByte(offset + TOS_OFFSET, (byte)tos);
        return this;
    }

    /**
     * @return total length of the datagram in bytes.
     */
    public int totalLength()
    {
        return totalLength(buffer, offset);
    }

    /**
     * @param totalLength total length of the datagram in bytes.
     * @return this.
     */
    public Ipv4Flyweight totalLength(final int totalLength)
    {
        buffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return identification.
     */
    public int identification()
    {
        return buffer.getShort(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param identification identification.
     * @return this.
     */
    public Ipv4Flyweight identification(final int identification)
    {
        buffer.putShort(offset + IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return the flags and fragment offset word.
     */
    public int flagsAndFragmentOffset()
    {
        return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param word the flags and fragment offset word.
     * @return this.
     */
    public Ipv4Flyweight flagsAndFragmentOffset(final int word)
    {
        buffer.putShort(offset + FLAGS_FRAGMENT_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return true when DF is set.
     */
    public boolean dontFragment()
    {
        return 0 != (flagsAndFragmentOffset() & FLAG_DF);
    }

    /**
     * @return true when MF is set.
     */
    public boolean moreFragments()
    {
        return 0 != (flagsAndFragmentOffset() & FLAG_MF);
    }

    /**
     * @return fragment offset in bytes.
     */
    public int fragmentOffsetBytes()
    {
        return (flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK) << 3;
    }

    /**
     * @return true when the datagram is a fragment (MF set or a non-zero offset).
     */
    public boolean isFragment()
    {
        return 0 != (flagsAndFragmentOffset() & (FLAG_MF | FRAGMENT_OFFSET_MASK));
    }

    /**
     * @return time to live.
     */
    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    /**
     * @param ttl time to live.
     * @return this.
     */
    public Ipv4Flyweight ttl(final int ttl)
    {
        buffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    /**
     * @return protocol.
     */
    public int protocol()
    {
        return protocol(buffer, offset);
    }

    /**
     * @param protocol protocol.
     * @return this.
     */
    public Ipv4Flyweight protocol(final int protocol)
    {
        buffer.putByte(offset + PROTOCOL_OFFSET, (byte)protocol);
        return this;
    }

    /**
     * @return header checksum field.
     */
    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param checksum header checksum field.
     * @return this.
     */
    public Ipv4Flyweight checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Compute and write the header checksum.
     *
     * @return this.
     */
    public Ipv4Flyweight updateChecksum()
    {
        return checksum(Checksums.ipv4HeaderChecksum(buffer, offset, headerLength()));
    }

    /**
     * @return true when the header checksum is correct (the header length must be readable).
     */
    public boolean checksumValid()
    {
        return Checksums.ipv4HeaderValid(buffer, offset, headerLength());
    }

    /**
     * @return source address.
     */
    public int source()
    {
        return source(buffer, offset);
    }

    /**
     * @param address source address.
     * @return this.
     */
    public Ipv4Flyweight source(final int address)
    {
        buffer.putInt(offset + SOURCE_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return destination address.
     */
    public int destination()
    {
        return destination(buffer, offset);
    }

    /**
     * @param address destination address.
     * @return this.
     */
    public Ipv4Flyweight destination(final int address)
    {
        buffer.putInt(offset + DESTINATION_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Format an IPv4 address in dotted-quad form (allocates; for debugging and tools).
     *
     * @param address the address.
     * @return the text form.
     */
    public static String addressToString(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Ipv4{version=" + version() + ", headerLength=" + headerLength() + ", tos=0x" +
            Integer.toHexString(tos()) + ", totalLength=" + totalLength() + ", id=" + identification() +
            ", df=" + dontFragment() + ", mf=" + moreFragments() + ", fragmentOffset=" + fragmentOffsetBytes() +
            ", ttl=" + ttl() + ", protocol=" + protocol() + ", checksum=0x" + Integer.toHexString(checksum()) +
            ", src=" + addressToString(source()) + ", dst=" + addressToString(destination()) + '}';
    }
}

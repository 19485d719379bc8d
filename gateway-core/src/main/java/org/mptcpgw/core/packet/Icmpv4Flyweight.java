package org.mptcpgw.core.packet;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ICMPv4 message (RFC 792; next-hop MTU of "fragmentation needed" from RFC 1191 section 4).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo: Identifier             |  echo: Sequence Number        |
 * |  dest unreachable: unused     |  code 4: Next-Hop MTU         |
 * |  parameter problem: Pointer   |  unused                       |
 * |  redirect: Gateway Internet Address                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  errors: Internet Header + 64 bits of Original Data Datagram  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum covers the whole ICMP message and has no pseudo-header.
 */
public final class Icmpv4Flyweight
{
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the parameter-problem pointer. */
    public static final int POINTER_OFFSET = 4;
    /** Offset of the next-hop MTU of "fragmentation needed". */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    /** Offset of the redirect gateway address. */
    public static final int GATEWAY_OFFSET = 4;
    /** Offset of the embedded (original) datagram of an error message. */
    public static final int EMBEDDED_OFFSET = 8;
    /** Length of the ICMP header. */
    public static final int MIN_HEADER_LENGTH = EMBEDDED_OFFSET;

    /** Echo reply. */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Destination unreachable. */
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    /** Source quench (deprecated by RFC 6633, still an error carrying a datagram). */
    public static final int TYPE_SOURCE_QUENCH = 4;
    /** Redirect. */
    public static final int TYPE_REDIRECT = 5;
    /** Echo request. */
    public static final int TYPE_ECHO_REQUEST = 8;
    /** Time exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Parameter problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** Destination unreachable code: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination unreachable code: fragmentation needed and DF set. */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Destination unreachable code: communication administratively prohibited (RFC 1812). */
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 13;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a message.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of the type byte.
     * @return this.
     */
    public Icmpv4Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param type an ICMPv4 type.
     * @return true for error messages that embed the offending datagram.
     */
    public static boolean isError(final int type)
    {
        return TYPE_DESTINATION_UNREACHABLE == type || TYPE_SOURCE_QUENCH == type || TYPE_REDIRECT == type ||
            TYPE_TIME_EXCEEDED == type || TYPE_PARAMETER_PROBLEM == type;
    }

    /**
     * @param type an ICMPv4 type.
     * @return true for echo request and reply (identifier and sequence number).
     */
    public static boolean isEcho(final int type)
    {
        return TYPE_ECHO_REQUEST == type || TYPE_ECHO_REPLY == type;
    }

    /**
     * @return type.
     */
    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * @param type type.
     * @return this.
     */
    public Icmpv4Flyweight type(final int type)
    {
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
        return this;
    }

    /**
     * @return code.
     */
    public int code()
    {
        return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
    }

    /**
     * @param code code.
     * @return this.
     */
    public Icmpv4Flyweight code(final int code)
    {
        buffer.putByte(offset + CODE_OFFSET, (byte)code);
        return this;
    }

    /**
     * @return checksum field.
     */
    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param checksum checksum field.
     * @return this.
     */
    public Icmpv4Flyweight checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Compute and write the checksum over the whole message.
     *
     * @param messageLength length of the ICMP message in bytes.
     * @return this.
     */
    public Icmpv4Flyweight updateChecksum(final int messageLength)
    {
        checksum(0);
        return checksum(Checksums.checksum(buffer, offset, messageLength));
    }

    /**
     * @return echo identifier.
     */
    public int identifier()
    {
        return buffer.getShort(offset + IDENTIFIER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param identifier echo identifier.
     * @return this.
     */
    public Icmpv4Flyweight identifier(final int identifier)
    {
        buffer.putShort(offset + IDENTIFIER_OFFSET, (short)identifier, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return echo sequence number.
     */
    public int sequence()
    {
        return buffer.getShort(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param sequence echo sequence number.
     * @return this.
     */
    public Icmpv4Flyweight sequence(final int sequence)
    {
        buffer.putShort(offset + SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return next-hop MTU of a "fragmentation needed" message.
     */
    public int nextHopMtu()
    {
        return buffer.getShort(offset + NEXT_HOP_MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param mtu next-hop MTU of a "fragmentation needed" message (also zeroes the unused word before it).
     * @return this.
     */
    public Icmpv4Flyweight nextHopMtu(final int mtu)
    {
        buffer.putShort(offset + IDENTIFIER_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + NEXT_HOP_MTU_OFFSET, (short)mtu, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return parameter-problem pointer.
     */
    public int pointer()
    {
        return buffer.getByte(offset + POINTER_OFFSET) & 0xFF;
    }

    /**
     * @return redirect gateway address.
     */
    public int gateway()
    {
        return buffer.getInt(offset + GATEWAY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final int type = type();
        final StringBuilder sb = new StringBuilder("Icmpv4{type=").append(type).append(", code=").append(code())
            .append(", checksum=0x").append(Integer.toHexString(checksum()));
        if (isEcho(type))
        {
            sb.append(", id=").append(identifier()).append(", seq=").append(sequence());
        }
        else if (TYPE_DESTINATION_UNREACHABLE == type && CODE_FRAGMENTATION_NEEDED == code())
        {
            sb.append(", mtu=").append(nextHopMtu());
        }
        else if (TYPE_PARAMETER_PROBLEM == type)
        {
            sb.append(", pointer=").append(pointer());
        }
        return sb.append('}').toString();
    }
}

package org.mptcpgw.core.packet;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ICMPv6 message (RFC 4443 sections 2.1, 3 and 4).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo: Identifier             |  echo: Sequence Number        |
 * |  packet too big: MTU                                          |
 * |  parameter problem: Pointer                                   |
 * |  unreachable, time exceeded: unused                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  errors: as much of the invoking packet as fits the min MTU   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Types below 128 are errors; the checksum includes the IPv6 pseudo-header (RFC 4443 section 2.3).
 */
public final class Icmpv6Flyweight
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
    /** Offset of the packet-too-big MTU. */
    public static final int MTU_OFFSET = 4;
    /** Offset of the parameter-problem pointer. */
    public static final int POINTER_OFFSET = 4;
    /** Offset of the embedded (invoking) packet of an error message. */
    public static final int EMBEDDED_OFFSET = 8;
    /** Length of the ICMPv6 header. */
    public static final int MIN_HEADER_LENGTH = EMBEDDED_OFFSET;

    /** Destination unreachable. */
    public static final int TYPE_DESTINATION_UNREACHABLE = 1;
    /** Packet too big. */
    public static final int TYPE_PACKET_TOO_BIG = 2;
    /** Time exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 3;
    /** Parameter problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    /** Echo request. */
    public static final int TYPE_ECHO_REQUEST = 128;
    /** Echo reply. */
    public static final int TYPE_ECHO_REPLY = 129;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a message.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of the type byte.
     * @return this.
     */
    public Icmpv6Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param type an ICMPv6 type.
     * @return true for error messages (types 0..127), which embed the invoking packet.
     */
    public static boolean isError(final int type)
    {
        return type < 128;
    }

    /**
     * @param type an ICMPv6 type.
     * @return true for echo request and reply.
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
    public Icmpv6Flyweight type(final int type)
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
    public Icmpv6Flyweight code(final int code)
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
    public Icmpv6Flyweight checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
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
    public Icmpv6Flyweight identifier(final int identifier)
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
    public Icmpv6Flyweight sequence(final int sequence)
    {
        buffer.putShort(offset + SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return MTU of a packet-too-big message.
     */
    public int mtu()
    {
        return buffer.getInt(offset + MTU_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param mtu MTU of a packet-too-big message.
     * @return this.
     */
    public Icmpv6Flyweight mtu(final int mtu)
    {
        buffer.putInt(offset + MTU_OFFSET, mtu, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return parameter-problem pointer.
     */
    public int pointer()
    {
        return buffer.getInt(offset + POINTER_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final int type = type();
        final StringBuilder sb = new StringBuilder("Icmpv6{type=").append(type).append(", code=").append(code())
            .append(", checksum=0x").append(Integer.toHexString(checksum()));
        if (isEcho(type))
        {
            sb.append(", id=").append(identifier()).append(", seq=").append(sequence());
        }
        else if (TYPE_PACKET_TOO_BIG == type)
        {
            sb.append(", mtu=").append(Integer.toUnsignedLong(mtu()));
        }
        else if (TYPE_PARAMETER_PROBLEM == type)
        {
            sb.append(", pointer=").append(Integer.toUnsignedLong(pointer()));
        }
        return sb.append('}').toString();
    }
}

package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a TCP header (RFC 9293 section 3.1; ECE/CWR from RFC 3168, AE from RFC 9768 / the former NS
 * bit of RFC 3540).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrv|E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #flags()} returns the 9 flag bits (AE included) as in the low bits of the data-offset word; sequence
 * and acknowledgment numbers are returned as {@code int} (use {@link Integer#toUnsignedLong(int)} to print).
 * Options are decoded by {@link TcpOptionWalker}.
 */
public final class TcpFlyweight
{
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    /** Offset of the data offset / flags word. */
    public static final int DATA_OFFSET_FLAGS_OFFSET = 12;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = URGENT_POINTER_OFFSET + 2;
    /** Longest header (data offset 15). */
    public static final int MAX_HEADER_LENGTH = 60;

    /** FIN flag. */
    public static final int FIN = 0x001;
    /** SYN flag. */
    public static final int SYN = 0x002;
    /** RST flag. */
    public static final int RST = 0x004;
    /** PSH flag. */
    public static final int PSH = 0x008;
    /** ACK flag. */
    public static final int ACK = 0x010;
    /** URG flag. */
    public static final int URG = 0x020;
    /** ECE flag. */
    public static final int ECE = 0x040;
    /** CWR flag. */
    public static final int CWR = 0x080;
    /** AE flag (formerly NS). */
    public static final int AE = 0x100;
    /** Mask of the 9 flag bits in the data-offset word. */
    public static final int FLAGS_MASK = 0x1FF;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a header.
     *
     * @param buffer buffer holding the segment.
     * @param offset offset of the source port.
     * @return this.
     */
    public TcpFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
     * @param buffer buffer holding the segment.
     * @param offset offset of the TCP header.
     * @return header length in bytes (data offset * 4).
     */
    public static int headerLength(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset + DATA_OFFSET_FLAGS_OFFSET) & 0xF0) >>> 2;
    }

    /**
     * @param buffer buffer holding the segment.
     * @param offset offset of the TCP header.
     * @return the 9 flag bits.
     */
    public static int flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + DATA_OFFSET_FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & FLAGS_MASK;
    }

    /**
     * @param buffer buffer holding the segment.
     * @param offset offset of the TCP header.
     * @return source port.
     */
    public static int sourcePort(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the segment.
     * @param offset offset of the TCP header.
     * @return destination port.
     */
    public static int destinationPort(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return source port.
     */
    public int sourcePort()
    {
        return sourcePort(buffer, offset);
    }

    /**
     * @param port source port.
     * @return this.
     */
    public TcpFlyweight sourcePort(final int port)
    {
        buffer.putShort(offset + SOURCE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return destination port.
     */
    public int destinationPort()
    {
        return destinationPort(buffer, offset);
    }

    /**
     * @param port destination port.
     * @return this.
     */
    public TcpFlyweight destinationPort(final int port)
    {
        buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return sequence number.
     */
    public int sequence()
    {
        return buffer.getInt(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param sequence sequence number.
     * @return this.
     */
    public TcpFlyweight sequence(final int sequence)
    {
        buffer.putInt(offset + SEQUENCE_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return acknowledgment number.
     */
    public int acknowledgment()
    {
        return buffer.getInt(offset + ACKNOWLEDGMENT_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param acknowledgment acknowledgment number.
     * @return this.
     */
    public TcpFlyweight acknowledgment(final int acknowledgment)
    {
        buffer.putInt(offset + ACKNOWLEDGMENT_OFFSET, acknowledgment, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return header length in bytes (data offset * 4).
     */
    public int headerLength()
    {
        return headerLength(buffer, offset);
    }

    /**
     * @return the 9 flag bits.
     */
    public int flags()
    {
        return flags(buffer, offset);
    }

    /**
     * Write the data offset and the flags.
     *
     * @param headerLength header length in bytes, a multiple of 4 from 20 to 60.
     * @param flags        the 9 flag bits.
     * @return this.
     */
    public TcpFlyweight headerLengthAndFlags(final int headerLength, final int flags)
    {
        buffer.putShort(offset + DATA_OFFSET_FLAGS_OFFSET,
            (short)(((headerLength >>> 2) << 12) | (flags & FLAGS_MASK)), ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return window.
     */
    public int window()
    {
        return buffer.getShort(offset + WINDOW_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param window window.
     * @return this.
     */
    public TcpFlyweight window(final int window)
    {
        buffer.putShort(offset + WINDOW_OFFSET, (short)window, ByteOrder.BIG_ENDIAN);
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
    public TcpFlyweight checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return urgent pointer.
     */
    public int urgentPointer()
    {
        return buffer.getShort(offset + URGENT_POINTER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param urgentPointer urgent pointer.
     * @return this.
     */
    public TcpFlyweight urgentPointer(final int urgentPointer)
    {
        buffer.putShort(offset + URGENT_POINTER_OFFSET, (short)urgentPointer, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Render flags as tcpdump does ({@code S}, {@code S.}, {@code P.}, {@code R.}, {@code F.}, ...); allocates.
     *
     * @param flags the 9 flag bits.
     * @return the text form.
     */
    public static String flagsToString(final int flags)
    {
        final StringBuilder sb = new StringBuilder(8);
        if (0 != (flags & FIN))
        {
            sb.append('F');
        }
        if (0 != (flags & SYN))
        {
            sb.append('S');
        }
        if (0 != (flags & RST))
        {
            sb.append('R');
        }
        if (0 != (flags & PSH))
        {
            sb.append('P');
        }
        if (0 != (flags & URG))
        {
            sb.append('U');
        }
        if (0 != (flags & ECE))
        {
            sb.append('E');
        }
        if (0 != (flags & CWR))
        {
            sb.append('W');
        }
        if (0 != (flags & AE))
        {
            sb.append('e');
        }
        if (0 != (flags & ACK))
        {
            sb.append('.');
        }
        return sb.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Tcp{srcPort=" + sourcePort() + ", dstPort=" + destinationPort() +
            ", seq=" + Integer.toUnsignedString(sequence()) + ", ack=" + Integer.toUnsignedString(acknowledgment()) +
            ", headerLength=" + headerLength() + ", flags=[" + flagsToString(flags()) + "], window=" + window() +
            ", checksum=0x" + Integer.toHexString(checksum()) + ", urgent=" + urgentPointer() + '}';
    }
}

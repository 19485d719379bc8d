package org.mptcpgw.hostagent.netlink;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a netlink message header, {@code struct nlmsghdr} (RFC 3549 section 2.3.2), followed for
 * generic netlink by {@code struct genlmsghdr} ({@code linux/genetlink.h}). All fields are in the host's byte order.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                  nlmsg_len (header included)                  |  0
 *   +-------------------------------+-------------------------------+
 *   |          nlmsg_type           |          nlmsg_flags          |  4
 *   +-------------------------------+-------------------------------+
 *   |                           nlmsg_seq                           |  8
 *   +---------------------------------------------------------------+
 *   |                  nlmsg_pid (sender's port id)                 | 12
 *   +---------------+---------------+-------------------------------+
 *   |      cmd      |    version    |           reserved            | 16  genlmsghdr
 *   +---------------+---------------+-------------------------------+
 *   |        attributes (see NetlinkAttributeReader) ...               20
 * </pre>
 * For generic netlink, nlmsg_type is the family id the controller assigned ({@link Netlink#GENL_ID_CTRL} for the
 * controller itself).
 */
public final class NetlinkHeaderFlyweight
{
    /** Length of {@code struct nlmsghdr}. */
    public static final int HEADER_LENGTH = 16;
    /** Length of {@code struct genlmsghdr}. */
    public static final int GENL_HEADER_LENGTH = 4;
    /** Offset of the attributes of a generic netlink message. */
    public static final int GENL_ATTRIBUTES_OFFSET = HEADER_LENGTH + GENL_HEADER_LENGTH;

    /** Offset of nlmsg_len (u32). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of nlmsg_type (u16). */
    public static final int TYPE_OFFSET = 4;
    /** Offset of nlmsg_flags (u16). */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of nlmsg_seq (u32). */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of nlmsg_pid (u32). */
    public static final int PORT_ID_OFFSET = 12;
    /** Offset of genlmsghdr.cmd (u8). */
    public static final int COMMAND_OFFSET = 16;
    /** Offset of genlmsghdr.version (u8). */
    public static final int VERSION_OFFSET = 17;
    /** Offset of genlmsghdr.reserved (u16). */
    public static final int RESERVED_OFFSET = 18;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /**
     * Read the header at an offset.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of the message.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        return this;
    }

    /**
     * @return offset of the message in the buffer.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return nlmsg_len: length of the whole message including this header, unsigned.
     */
    public long length()
    {
        return buffer.getInt(offset + LENGTH_OFFSET, Netlink.ORDER) & 0xFFFF_FFFFL;
    }

    /**
     * @param length nlmsg_len.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight length(final int length)
    {
        mutableBuffer.putInt(offset + LENGTH_OFFSET, length, Netlink.ORDER);
        return this;
    }

    /**
     * @return nlmsg_type.
     */
    public int type()
    {
        return buffer.getShort(offset + TYPE_OFFSET, Netlink.ORDER) & 0xFFFF;
    }

    /**
     * @param type nlmsg_type.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight type(final int type)
    {
        mutableBuffer.putShort(offset + TYPE_OFFSET, (short)type, Netlink.ORDER);
        return this;
    }

    /**
     * @return nlmsg_flags.
     */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, Netlink.ORDER) & 0xFFFF;
    }

    /**
     * @param flags nlmsg_flags.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight flags(final int flags)
    {
        mutableBuffer.putShort(offset + FLAGS_OFFSET, (short)flags, Netlink.ORDER);
        return this;
    }

    /**
     * @return nlmsg_seq.
     */
    public int sequence()
    {
        return buffer.getInt(offset + SEQUENCE_OFFSET, Netlink.ORDER);
    }

    /**
     * @param sequence nlmsg_seq.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight sequence(final int sequence)
    {
        mutableBuffer.putInt(offset + SEQUENCE_OFFSET, sequence, Netlink.ORDER);
        return this;
    }

    /**
     * @return nlmsg_pid: port id of the sender (0 for the kernel).
     */
    public int portId()
    {
        return buffer.getInt(offset + PORT_ID_OFFSET, Netlink.ORDER);
    }

    /**
     * @param portId nlmsg_pid.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight portId(final int portId)
    {
        mutableBuffer.putInt(offset + PORT_ID_OFFSET, portId, Netlink.ORDER);
        return this;
    }

    /**
     * @return genlmsghdr.cmd (only for generic netlink messages at least {@link #GENL_ATTRIBUTES_OFFSET} long).
     */
    public int command()
    {
        return buffer.getByte(offset + COMMAND_OFFSET) & 0xFF;
    }

    /**
     * @param command genlmsghdr.cmd.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight command(final int command)
    {
        mutableBuffer.putByte(offset + COMMAND_OFFSET, (byte)command);
        return this;
    }

    /**
     * @return genlmsghdr.version.
     */
    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    /**
     * @param version genlmsghdr.version.
     * @return this for a fluent API.
     */
    public NetlinkHeaderFlyweight version(final int version)
    {
        mutableBuffer.putByte(offset + VERSION_OFFSET, (byte)version);
        mutableBuffer.putShort(offset + RESERVED_OFFSET, (short)0, Netlink.ORDER);
        return this;
    }

    /**
     * Debug form of the netlink header (off the data path).
     *
     * @return the header fields.
     */
    @Override
    public String toString()
    {
        if (null == buffer)
        {
            return "NetlinkHeader{unwrapped}";
        }
        return "NetlinkHeader{len=" + length() + ", type=" + type() + ", flags=0x" + Integer.toHexString(flags()) +
            ", seq=" + Integer.toUnsignedString(sequence()) + ", pid=" + Integer.toUnsignedString(portId()) + '}';
    }
}

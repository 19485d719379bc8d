package org.mptcpgw.hostagent.netlink;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Builds one generic netlink request into a buffer: the headers of {@link NetlinkHeaderFlyweight}, then attributes
 * (see {@link NetlinkAttributeReader} for the layout), each padded with zeros to a 4-byte boundary, with nesting.
 * <pre>{@code
 * writer.wrap(buffer, 0).begin(familyId, NLM_F_REQUEST | NLM_F_ACK, seq, command, version);
 * writer.putU32(TOKEN, token);
 * final int nest = writer.beginNested(ADDR);
 * writer.putU16(FAMILY, 2).putBytes(ADDR4, address, 4);
 * writer.endNested(nest);
 * final int length = writer.finish();
 * }</pre>
 * Building a message larger than the buffer is a programming error (requests are small and fixed in shape) and
 * throws {@link IllegalStateException}.
 */
public final class NetlinkMessageWriter
{
    private final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight();
    private MutableDirectBuffer buffer;
    private int start;
    private int position;
    private int pendingValueLength;

    /**
     * Write at an offset of a buffer.
     *
     * @param buffer destination.
     * @param offset where the message starts.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        return this;
    }

    /**
     * Write the netlink and generic netlink headers; the length is filled in by {@link #finish()}.
     *
     * @param type     nlmsg_type: the generic netlink family id.
     * @param flags    NLM_F_* flags.
     * @param sequence nlmsg_seq.
     * @param command  genlmsghdr.cmd.
     * @param version  genlmsghdr.version.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter begin(
        final int type, final int flags, final int sequence, final int command, final int version)
    {
        position = start;
        reserve(NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET);
        header.wrap(buffer, start).length(0).type(type).flags(flags).sequence(sequence).portId(0)
            .command(command).version(version);
        position = start + NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET;
        return this;
    }

    /**
     * Add an attribute holding one byte.
     *
     * @param type  attribute type.
     * @param value the byte.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putU8(final int type, final int value)
    {
        final int value0 = attribute(type, 1);
        buffer.putByte(value0, (byte)value);
        return pad();
    }

    /**
     * Add an attribute holding a 16-bit number in the host's byte order.
     *
     * @param type  attribute type.
     * @param value the number.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putU16(final int type, final int value)
    {
        final int value0 = attribute(type, 2);
        buffer.putShort(value0, (short)value, Netlink.ORDER);
        return pad();
    }

    /**
     * Add an attribute holding a 16-bit number in network byte order.
     *
     * @param type  attribute type.
     * @param value the number.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putU16BigEndian(final int type, final int value)
    {
        final int value0 = attribute(type, 2);
        buffer.putShort(value0, (short)value, ByteOrder.BIG_ENDIAN);
        return pad();
    }

    /**
     * Add an attribute holding a 32-bit number in the host's byte order.
     *
     * @param type  attribute type.
     * @param value the number.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putU32(final int type, final int value)
    {
        final int value0 = attribute(type, 4);
        buffer.putInt(value0, value, Netlink.ORDER);
        return pad();
    }

    /**
     * Add an attribute holding raw bytes (an address, for example).
     *
     * @param type   attribute type.
     * @param bytes  source.
     * @param length number of bytes to copy from the start of {@code bytes}.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putBytes(final int type, final byte[] bytes, final int length)
    {
        final int value0 = attribute(type, length);
        buffer.putBytes(value0, bytes, 0, length);
        return pad();
    }

    /**
     * Add an attribute holding an ASCII string with its terminating NUL.
     *
     * @param type attribute type.
     * @param text the string.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter putString(final int type, final String text)
    {
        final int n = text.length();
        final int value0 = attribute(type, n + 1);
        for (int i = 0; i < n; i++)
        {
            buffer.putByte(value0 + i, (byte)text.charAt(i));
        }
        buffer.putByte(value0 + n, (byte)0);
        return pad();
    }

    /**
     * Open a nested attribute (NLA_F_NESTED set): the attributes added until {@link #endNested(int)} form its value.
     *
     * @param type attribute type, without the flag.
     * @return a handle for {@link #endNested(int)}.
     */
    public int beginNested(final int type)
    {
        final int nest = position;
        attribute(type | Netlink.NLA_F_NESTED, 0);
        return nest;
    }

    /**
     * Close a nested attribute: its length now covers everything added since {@link #beginNested(int)}.
     *
     * @param nest handle from {@link #beginNested(int)}.
     * @return this for a fluent API.
     */
    public NetlinkMessageWriter endNested(final int nest)
    {
        buffer.putShort(nest + NetlinkAttributeReader.LENGTH_OFFSET, (short)(position - nest), Netlink.ORDER);
        return this;
    }

    /**
     * Fill in nlmsg_len.
     *
     * @return the message length in bytes (a multiple of 4).
     */
    public int finish()
    {
        final int length = position - start;
        header.wrap(buffer, start).length(length);
        return length;
    }

    /**
     * @return bytes written so far.
     */
    public int length()
    {
        return position - start;
    }

    private int attribute(final int rawType, final int valueLength)
    {
        final int total = NetlinkAttributeReader.HEADER_LENGTH + valueLength;
        if (total > 0xFFFF)
        {
            throw new IllegalStateException("netlink attribute too long: " + total);
        }
        reserve(Netlink.align(total));
        buffer.putShort(position + NetlinkAttributeReader.LENGTH_OFFSET, (short)total, Netlink.ORDER);
        buffer.putShort(position + NetlinkAttributeReader.TYPE_OFFSET, (short)rawType, Netlink.ORDER);
        final int value0 = position + NetlinkAttributeReader.HEADER_LENGTH;
        position = value0;
        pendingValueLength = valueLength;
        return value0;
    }

    private NetlinkMessageWriter pad()
    {
        final int end = position + pendingValueLength;
        final int aligned = start + Netlink.align(end - start);
        for (int i = end; i < aligned; i++)
        {
            buffer.putByte(i, (byte)0);
        }
        position = aligned;
        pendingValueLength = 0;
        return this;
    }

    private void reserve(final int length)
    {
        if (position + length > buffer.capacity())
        {
            throw new IllegalStateException("netlink message does not fit its buffer: capacity " + buffer.capacity() +
                ", need " + (position + length - start) + " bytes from offset " + start);
        }
    }
}

package org.mptcpgw.hostagent.netlink;

import org.agrona.DirectBuffer;

/**
 * Walks the messages of one received netlink datagram (a datagram may hold several, e.g. the parts of a
 * multipart answer), like the kernel's {@code nlmsg_ok}/{@code nlmsg_next}: a message whose nlmsg_len is below its
 * header or runs past the datagram ends the walk and marks the datagram malformed. Never throws.
 */
public final class NetlinkMessageIterator
{
    private final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight();
    private DirectBuffer buffer;
    private int limit;
    private int cursor;
    private int messageOffset;
    private int messageLength;
    private boolean malformed;

    /**
     * Walk a datagram.
     *
     * @param buffer buffer holding it.
     * @param offset offset of its first byte.
     * @param length its length as received.
     * @return this for a fluent API.
     */
    public NetlinkMessageIterator wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.cursor = offset;
        this.limit = offset + Math.max(0, length);
        this.messageOffset = -1;
        this.messageLength = 0;
        this.malformed = false;
        return this;
    }

    /**
     * Move to the next message.
     *
     * @return true when positioned on a message whose whole length lies within the datagram; false at the end or on
     * a malformed header (then {@link #malformed()} is true).
     */
    public boolean next()
    {
        final int remaining = limit - cursor;
        if (remaining <= 0)
        {
            messageOffset = -1;
            return false;
        }
        if (remaining < NetlinkHeaderFlyweight.HEADER_LENGTH)
        {
            malformed = true;
            messageOffset = -1;
            cursor = limit;
            return false;
        }
        header.wrap(buffer, cursor);
        final long length = header.length();
        if (length < NetlinkHeaderFlyweight.HEADER_LENGTH || length > remaining)
        {
            malformed = true;
            messageOffset = -1;
            cursor = limit;
            return false;
        }
        messageOffset = cursor;
        messageLength = (int)length;
        cursor = Math.min(limit, cursor + Netlink.align(messageLength));
        return true;
    }

    /**
     * @return true if the walk stopped at a truncated or impossible message header.
     */
    public boolean malformed()
    {
        return malformed;
    }

    /**
     * @return the current message's header (valid until the next call to {@link #next()}).
     */
    public NetlinkHeaderFlyweight header()
    {
        return header.wrap(buffer, messageOffset);
    }

    /**
     * @return offset of the current message.
     */
    public int messageOffset()
    {
        return messageOffset;
    }

    /**
     * @return nlmsg_len of the current message.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * @return the buffer being walked.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}

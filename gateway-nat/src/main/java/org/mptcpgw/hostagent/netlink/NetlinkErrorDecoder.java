package org.mptcpgw.hostagent.netlink;

import org.agrona.DirectBuffer;

/**
 * Decodes an {@link Netlink#NLMSG_ERROR} message: the kernel's answer to a request sent with NLM_F_ACK (error 0)
 * or to a failed request (a negative errno), {@code struct nlmsgerr} in {@code linux/netlink.h}.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |              nlmsghdr, type NLMSG_ERROR (16 bytes)            |  0
 *   +---------------------------------------------------------------+
 *   |                error: 0 or -errno (host order)                | 16
 *   +---------------------------------------------------------------+
 *   |   the request's nlmsghdr (16 bytes); with NLM_F_CAPPED clear,  | 20
 *   |   the rest of the request follows it                           |
 *   +---------------------------------------------------------------+
 *   |   with NLM_F_ACK_TLVS: extended-ack attributes                 |
 *   |   (NLMSGERR_ATTR_MSG text, NLMSGERR_ATTR_OFFS offset ...)       |
 *   +---------------------------------------------------------------+
 * </pre>
 * One instance per socket; {@link #decode} overwrites the previous result. Malformed input gives false, never an
 * exception.
 */
public final class NetlinkErrorDecoder
{
    /** Offset of the error code in the message. */
    public static final int ERROR_OFFSET = NetlinkHeaderFlyweight.HEADER_LENGTH;
    /** Offset of the echoed request header in the message. */
    public static final int REQUEST_OFFSET = ERROR_OFFSET + 4;
    /** Smallest valid NLMSG_ERROR message: header, error code and the echoed request header. */
    public static final int MIN_LENGTH = REQUEST_OFFSET + NetlinkHeaderFlyweight.HEADER_LENGTH;

    private final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight();
    private final NetlinkHeaderFlyweight request = new NetlinkHeaderFlyweight();
    private final NetlinkAttributeReader attributes = new NetlinkAttributeReader();
    private int errno;
    private int requestSequence;
    private int requestType;
    private String message;
    private int attributeOffset;

    /**
     * Decode the NLMSG_ERROR message at an offset.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of its nlmsghdr.
     * @param length bytes of the message available (its nlmsg_len, already checked against the datagram).
     * @return true if it is a well-formed NLMSG_ERROR message.
     */
    public boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        errno = 0;
        requestSequence = 0;
        requestType = 0;
        message = null;
        attributeOffset = -1;
        if (length < MIN_LENGTH)
        {
            return false;
        }
        header.wrap(buffer, offset);
        if (Netlink.NLMSG_ERROR != header.type())
        {
            return false;
        }
        errno = -buffer.getInt(offset + ERROR_OFFSET, Netlink.ORDER);
        request.wrap(buffer, offset + REQUEST_OFFSET);
        requestSequence = request.sequence();
        requestType = request.type();
        final int flags = header.flags();
        if (0 != (flags & Netlink.NLM_F_ACK_TLVS))
        {
            final long echoed = 0 != (flags & Netlink.NLM_F_CAPPED) ?
                NetlinkHeaderFlyweight.HEADER_LENGTH : Math.max(NetlinkHeaderFlyweight.HEADER_LENGTH, request.length());
            final long tlvStart = REQUEST_OFFSET + Netlink.align((int)Math.min(echoed, length));
            if (tlvStart < length)
            {
                attributes.wrap(buffer, offset + (int)tlvStart, length - (int)tlvStart);
                while (attributes.next())
                {
                    if (Netlink.NLMSGERR_ATTR_MSG == attributes.type() && attributes.valueLength() > 0)
                    {
                        message = attributes.string();
                    }
                    else if (Netlink.NLMSGERR_ATTR_OFFS == attributes.type() && attributes.valueLength() >= 4)
                    {
                        attributeOffset = attributes.u32();
                    }
                }
            }
        }
        return true;
    }

    /**
     * @return 0 for an acknowledgement, otherwise the (positive) errno of the failed request.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * @return nlmsg_seq of the request this answers.
     */
    public int requestSequence()
    {
        return requestSequence;
    }

    /**
     * @return nlmsg_type of the request this answers.
     */
    public int requestType()
    {
        return requestType;
    }

    /**
     * @return the kernel's extended-ack text, or null when it sent none.
     */
    public String message()
    {
        return message;
    }

    /**
     * @return offset of the offending attribute in the request (extended ack), or -1.
     */
    public int attributeOffset()
    {
        return attributeOffset;
    }

    /**
     * Debug form of the last result.
     *
     * @return errno, sequence and message.
     */
    @Override
    public String toString()
    {
        return "NetlinkError{errno=" + errno + ", requestSeq=" + Integer.toUnsignedString(requestSequence) +
            ", requestType=" + requestType + ", message=" + message + ", attributeOffset=" + attributeOffset + '}';
    }
}

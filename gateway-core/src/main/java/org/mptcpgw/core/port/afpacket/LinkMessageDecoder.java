package org.mptcpgw.core.port.afpacket;

import org.agrona.DirectBuffer;
import org.mptcpgw.core.nativeio.LinuxConstants;

import java.nio.ByteOrder;

/**
 * Decodes a datagram read from an rtnetlink socket into {@link LinkEvent}s. Netlink is in host byte order.
 * <pre>
 * struct nlmsghdr (16): 0 nlmsg_len u32 | 4 nlmsg_type u16 | 6 nlmsg_flags u16 | 8 nlmsg_seq u32 |
 *                      12 nlmsg_pid u32                     messages padded to 4 bytes (NLMSG_ALIGN)
 * struct ifinfomsg (16): 0 ifi_family u8 | 1 pad | 2 ifi_type u16 | 4 ifi_index s32 | 8 ifi_flags u32 |
 *                       12 ifi_change u32                   then attributes
 * struct rtattr (4):    0 rta_len u16 | 2 rta_type u16     then payload, padded to 4 bytes (RTA_ALIGN)
 * </pre>
 * Robust against malformed input: a length field that is too small or runs past its container stops the walk
 * of that container, is counted, and nothing is delivered for it; nothing throws. Messages other than links,
 * errors and dump ends are counted and skipped.
 */
public final class LinkMessageDecoder
{
    /** Callback for decoded link messages. */
    @FunctionalInterface
    public interface LinkListener
    {
        /**
         * @param event the decoded message, valid during the call only.
         */
        void onLink(LinkEvent event);
    }

    /** sizeof(struct nlmsghdr). */
    public static final int NLMSG_HDRLEN = 16;
    /** sizeof(struct ifinfomsg). */
    public static final int IFINFOMSG_LENGTH = 16;
    /** sizeof(struct rtattr). */
    public static final int RTA_HDRLEN = 4;
    private static final int NLA_TYPE_MASK = 0x3FFF;
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final LinkEvent event = new LinkEvent();
    private long linkMessages;
    private long malformed;
    private long errorMessages;
    private long dumpsDone;
    private long ignored;

    /**
     * Decode every message of one datagram.
     *
     * @param buffer   buffer holding the datagram.
     * @param offset   offset of the first message.
     * @param length   datagram length.
     * @param listener receives each well-formed link message.
     * @return number of link messages delivered.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final LinkListener listener)
    {
        int delivered = 0;
        int position = offset;
        final int end = offset + length;
        while (end - position >= NLMSG_HDRLEN)
        {
            final int messageLength = buffer.getInt(position, HOST);
            if (messageLength < NLMSG_HDRLEN || messageLength > end - position)
            {
                malformed++;
                return delivered;
            }
            final int type = buffer.getShort(position + 4, HOST) & 0xFFFF;
            if (LinuxConstants.RTM_NEWLINK == type || LinuxConstants.RTM_DELLINK == type)
            {
                if (decodeLink(buffer, position + NLMSG_HDRLEN, messageLength - NLMSG_HDRLEN, type))
                {
                    linkMessages++;
                    delivered++;
                    listener.onLink(event);
                }
                else
                {
                    malformed++;
                }
            }
            else if (LinuxConstants.NLMSG_ERROR == type)
            {
                errorMessages++;
            }
            else if (LinuxConstants.NLMSG_DONE == type)
            {
                dumpsDone++;
            }
            else
            {
                ignored++;
            }
            position += align4(messageLength);
        }
        if (position < end)
        {
            malformed++;
        }
        return delivered;
    }

    private boolean decodeLink(final DirectBuffer buffer, final int offset, final int length, final int type)
    {
        if (length < IFINFOMSG_LENGTH)
        {
            return false;
        }
        event.reset(type, buffer.getInt(offset + 4, HOST), buffer.getInt(offset + 8, HOST));
        int position = offset + IFINFOMSG_LENGTH;
        final int end = offset + length;
        while (end - position >= RTA_HDRLEN)
        {
            final int attributeLength = buffer.getShort(position, HOST) & 0xFFFF;
            if (attributeLength < RTA_HDRLEN || attributeLength > end - position)
            {
                return false;
            }
            final int attributeType = buffer.getShort(position + 2, HOST) & NLA_TYPE_MASK;
            decodeAttribute(buffer, position + RTA_HDRLEN, attributeLength - RTA_HDRLEN, attributeType);
            position += align4(attributeLength);
        }
        return true;
    }

    private void decodeAttribute(final DirectBuffer buffer, final int offset, final int length, final int type)
    {
        switch (type)
        {
            case LinuxConstants.IFLA_IFNAME:
                final int max = Math.min(length, LinuxConstants.IFNAMSIZ - 1);
                for (int i = 0; i < max; i++)
                {
                    final byte b = buffer.getByte(offset + i);
                    if (0 == b)
                    {
                        break;
                    }
                    event.name.append((char)(b & 0xFF));
                }
                break;
            case LinuxConstants.IFLA_OPERSTATE:
                if (length >= 1)
                {
                    event.operState = buffer.getByte(offset) & 0xFF;
                }
                break;
            case LinuxConstants.IFLA_CARRIER:
                if (length >= 1)
                {
                    event.carrier = buffer.getByte(offset) & 0xFF;
                }
                break;
            case LinuxConstants.IFLA_MTU:
                if (length >= 4)
                {
                    event.mtu = buffer.getInt(offset, HOST);
                }
                break;
            default:
                break;
        }
    }

    static int align4(final int length)
    {
        return (length + 3) & ~3;
    }

    /**
     * @return link messages delivered.
     */
    public long linkMessages()
    {
        return linkMessages;
    }

    /**
     * @return messages or datagram tails skipped as malformed.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return NLMSG_ERROR messages seen (answers to our own requests).
     */
    public long errorMessages()
    {
        return errorMessages;
    }

    /**
     * @return NLMSG_DONE messages seen (ends of dumps).
     */
    public long dumpsDone()
    {
        return dumpsDone;
    }

    /**
     * @return other message types skipped.
     */
    public long ignored()
    {
        return ignored;
    }
}

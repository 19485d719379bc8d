package org.mptcpgw.hostagent;

import org.agrona.DirectBuffer;
import org.mptcpgw.hostagent.netlink.NetlinkAttributeReader;
import org.mptcpgw.hostagent.netlink.NetlinkHeaderFlyweight;

/**
 * Decodes one {@code mptcp_pm} event message into a reused {@link MptcpEvent}. Bad input is classified, never
 * thrown: the caller counts the {@link Result} and skips the message. Attributes of unknown type are skipped and
 * counted on the event (newer kernels add attributes). Per event type the attributes the agent needs are checked:
 * <pre>
 *   CREATED, ESTABLISHED         token, family, saddr, daddr, sport, dport
 *   SUB_ESTABLISHED, SUB_CLOSED  token, family, saddr, daddr, sport, dport
 *   CLOSED and the others        token (listener events: nothing)
 * </pre>
 * Decoding allocates nothing.
 */
public final class MptcpEventDecoder
{
    /**
     * How a message decoded.
     */
    public enum Result
    {
        /** A well-formed event. */
        OK,
        /** Shorter than the netlink and generic netlink headers. */
        TRUNCATED,
        /** nlmsg_type is not the mptcp_pm family id. */
        WRONG_FAMILY,
        /** An attribute's length is below its header or runs past the message. */
        MALFORMED_ATTRIBUTE,
        /** A known attribute has a length its type does not allow (a 3-byte address, a 1-byte token...). */
        BAD_ATTRIBUTE_LENGTH,
        /** An attribute the event type needs is absent, or the address family is neither IPv4 nor IPv6. */
        MISSING_ATTRIBUTE
    }

    private final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight();
    private final NetlinkAttributeReader attributes = new NetlinkAttributeReader();
    private final int familyId;

    /**
     * @param familyId the mptcp_pm family id the controller reported.
     */
    public MptcpEventDecoder(final int familyId)
    {
        this.familyId = familyId;
    }

    /**
     * Decode one message.
     *
     * @param buffer buffer holding the message.
     * @param offset offset of its nlmsghdr.
     * @param length its nlmsg_len, already checked against the datagram.
     * @param event  where to decode to (overwritten).
     * @return {@link Result#OK} or why the message is unusable.
     */
    public Result decode(final DirectBuffer buffer, final int offset, final int length, final MptcpEvent event)
    {
        if (length < NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET)
        {
            event.reset(0);
            return Result.TRUNCATED;
        }
        header.wrap(buffer, offset);
        event.reset(header.command());
        if (familyId != header.type())
        {
            return Result.WRONG_FAMILY;
        }
        attributes.wrap(buffer, offset + NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET,
            length - NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET);
        while (attributes.next())
        {
            if (!decodeAttribute(event))
            {
                return Result.BAD_ATTRIBUTE_LENGTH;
            }
        }
        if (attributes.malformed())
        {
            return Result.MALFORMED_ATTRIBUTE;
        }
        return complete(event) ? Result.OK : Result.MISSING_ATTRIBUTE;
    }

    private boolean decodeAttribute(final MptcpEvent event)
    {
        final int type = attributes.type();
        final int minimum = minimumLength(type);
        if (minimum < 0)
        {
            event.countUnknownAttribute();
            return true;
        }
        if (attributes.valueLength() < minimum)
        {
            return false;
        }
        switch (type)
        {
            case MptcpPm.ATTR_TOKEN:
                event.token(attributes.u32());
                break;
            case MptcpPm.ATTR_FAMILY:
                event.family(attributes.u16());
                break;
            case MptcpPm.ATTR_LOC_ID:
                event.localId(attributes.u8());
                break;
            case MptcpPm.ATTR_REM_ID:
                event.remoteId(attributes.u8());
                break;
            case MptcpPm.ATTR_SADDR4:
            case MptcpPm.ATTR_DADDR4:
            case MptcpPm.ATTR_SADDR6:
            case MptcpPm.ATTR_DADDR6:
                if (attributes.valueLength() != minimum)
                {
                    return false;
                }
                final boolean source = MptcpPm.ATTR_SADDR4 == type || MptcpPm.ATTR_SADDR6 == type;
                attributes.copyValue(source ? event.sourceAddress() : event.destinationAddress(), minimum);
                break;
            case MptcpPm.ATTR_SPORT:
                event.sourcePort(attributes.u16BigEndian());
                break;
            case MptcpPm.ATTR_DPORT:
                event.destinationPort(attributes.u16BigEndian());
                break;
            case MptcpPm.ATTR_BACKUP:
                event.backup(attributes.u8());
                break;
            case MptcpPm.ATTR_ERROR:
                event.error(attributes.u8());
                break;
            case MptcpPm.ATTR_FLAGS:
                event.flags(attributes.u16());
                break;
            case MptcpPm.ATTR_IF_IDX:
                event.ifIndex(attributes.u32());
                break;
            case MptcpPm.ATTR_RESET_REASON:
                event.resetReason(attributes.u32());
                break;
            case MptcpPm.ATTR_RESET_FLAGS:
                event.resetFlags(attributes.u32());
                break;
            case MptcpPm.ATTR_SERVER_SIDE:
                event.serverSideAttribute(attributes.u8());
                break;
            default:
                // MPTCP_ATTR_TIMEOUT: known, not used by the agent.
                break;
        }
        event.markPresent(type);
        return true;
    }

    /**
     * Smallest value length of a known attribute (addresses must match exactly), or -1 for an unknown type.
     */
    private static int minimumLength(final int type)
    {
        switch (type)
        {
            case MptcpPm.ATTR_LOC_ID:
            case MptcpPm.ATTR_REM_ID:
            case MptcpPm.ATTR_BACKUP:
            case MptcpPm.ATTR_ERROR:
            case MptcpPm.ATTR_SERVER_SIDE:
                return 1;
            case MptcpPm.ATTR_FAMILY:
            case MptcpPm.ATTR_SPORT:
            case MptcpPm.ATTR_DPORT:
            case MptcpPm.ATTR_FLAGS:
                return 2;
            case MptcpPm.ATTR_TOKEN:
            case MptcpPm.ATTR_SADDR4:
            case MptcpPm.ATTR_DADDR4:
            case MptcpPm.ATTR_TIMEOUT:
            case MptcpPm.ATTR_IF_IDX:
            case MptcpPm.ATTR_RESET_REASON:
            case MptcpPm.ATTR_RESET_FLAGS:
                return 4;
            case MptcpPm.ATTR_SADDR6:
            case MptcpPm.ATTR_DADDR6:
                return 16;
            default:
                return -1;
        }
    }

    private static boolean complete(final MptcpEvent event)
    {
        switch (event.type())
        {
            case MptcpPm.EVENT_CREATED:
            case MptcpPm.EVENT_ESTABLISHED:
            case MptcpPm.EVENT_SUB_ESTABLISHED:
            case MptcpPm.EVENT_SUB_CLOSED:
                return event.has(MptcpPm.ATTR_TOKEN) && hasEndpoints(event);
            case MptcpPm.EVENT_LISTENER_CREATED:
            case MptcpPm.EVENT_LISTENER_CLOSED:
                return true;
            default:
                return event.has(MptcpPm.ATTR_TOKEN);
        }
    }

    private static boolean hasEndpoints(final MptcpEvent event)
    {
        if (!event.has(MptcpPm.ATTR_FAMILY) || !event.has(MptcpPm.ATTR_SPORT) || !event.has(MptcpPm.ATTR_DPORT))
        {
            return false;
        }
        if (MptcpPm.AF_INET == event.family())
        {
            return event.has(MptcpPm.ATTR_SADDR4) && event.has(MptcpPm.ATTR_DADDR4);
        }
        if (MptcpPm.AF_INET6 == event.family())
        {
            return event.has(MptcpPm.ATTR_SADDR6) && event.has(MptcpPm.ATTR_DADDR6);
        }
        return false;
    }
}

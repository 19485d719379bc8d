package org.mptcpgw.hostagent;

import org.agrona.DirectBuffer;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkErrorDecoder;
import org.mptcpgw.hostagent.netlink.NetlinkHeaderFlyweight;
import org.mptcpgw.hostagent.netlink.NetlinkMessageIterator;

/**
 * Turns received netlink datagrams into calls on the {@link HostAgent}: events from the mptcp_pm_events group, and
 * the kernel's answers to SUBFLOW_CREATE. Every message is counted; a malformed one is counted and skipped, and the
 * rest of its datagram too when the message header itself is broken (its length cannot be trusted). Nothing here
 * throws on input. No socket: the run loop passes what it received.
 */
public final class HostAgentInbox
{
    private final HostAgent agent;
    private final HostAgentCounters counters;
    private final MptcpEventDecoder decoder;
    private final MptcpEvent event = new MptcpEvent();
    private final NetlinkMessageIterator messages = new NetlinkMessageIterator();
    private final NetlinkErrorDecoder errors = new NetlinkErrorDecoder();

    /**
     * @param agent    the agent to drive.
     * @param familyId the mptcp_pm family id.
     */
    public HostAgentInbox(final HostAgent agent, final int familyId)
    {
        this.agent = agent;
        this.counters = agent.counters();
        this.decoder = new MptcpEventDecoder(familyId);
    }

    /**
     * Handle one datagram from the events socket.
     *
     * @param buffer buffer holding it.
     * @param length its length as received.
     * @param nowNs  the time.
     * @return number of events the agent acted on.
     */
    public int onEventDatagram(final DirectBuffer buffer, final int length, final long nowNs)
    {
        int handled = 0;
        messages.wrap(buffer, 0, length);
        while (messages.next())
        {
            counters.increment(HostAgentCounter.EVENTS_RECEIVED);
            final MptcpEventDecoder.Result result =
                decoder.decode(buffer, messages.messageOffset(), messages.messageLength(), event);
            switch (result)
            {
                case OK:
                    agent.onEvent(event, nowNs);
                    handled++;
                    break;
                case WRONG_FAMILY:
                    counters.increment(HostAgentCounter.EVENTS_WRONG_FAMILY);
                    break;
                default:
                    counters.increment(HostAgentCounter.EVENTS_MALFORMED);
                    break;
            }
        }
        if (messages.malformed())
        {
            counters.increment(HostAgentCounter.EVENTS_RECEIVED);
            counters.increment(HostAgentCounter.EVENTS_MALFORMED);
        }
        return handled;
    }

    /**
     * Handle one datagram from the request socket: acknowledgements and errors.
     *
     * @param buffer buffer holding it.
     * @param length its length as received.
     * @param nowNs  the time.
     * @return number of answers matched to the agent.
     */
    public int onAnswerDatagram(final DirectBuffer buffer, final int length, final long nowNs)
    {
        int handled = 0;
        messages.wrap(buffer, 0, length);
        while (messages.next())
        {
            final NetlinkHeaderFlyweight header = messages.header();
            if (Netlink.NLMSG_ERROR == header.type() &&
                errors.decode(buffer, messages.messageOffset(), messages.messageLength()))
            {
                agent.onRequestAnswer(errors.requestSequence(), errors.errno(), errors.message(), nowNs);
                handled++;
            }
            else
            {
                counters.increment(HostAgentCounter.ANSWERS_UNMATCHED);
            }
        }
        if (messages.malformed())
        {
            counters.increment(HostAgentCounter.ANSWERS_UNMATCHED);
        }
        return handled;
    }
}

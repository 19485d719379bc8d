package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkHeaderFlyweight;

class HostAgentInboxTest
{
    private static final long NOW_NS = 42_000_000_000L;

    private final RecordingRequester requester = new RecordingRequester();
    private final HostAgentCounters counters = new HostAgentCounters();
    private final HostAgent agent = new HostAgent(
        HostAgentSettings.of(1, ConnectionFilter.ALL, TimeUnit.SECONDS.toNanos(5)), requester, counters);
    private final HostAgentInbox inbox = new HostAgentInbox(agent, KernelCaptures.FAMILY_ID);
    private final UnsafeBuffer datagram = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private int length;

    private void append(final String hex)
    {
        final byte[] bytes = KernelCaptures.bytes(hex);
        datagram.putBytes(length, bytes);
        length += Netlink.align(bytes.length);
    }

    private void append(final byte[] bytes, final int declaredLength)
    {
        datagram.putBytes(length, bytes);
        new NetlinkHeaderFlyweight().wrap(datagram, length).length(declaredLength);
        length += Netlink.align(bytes.length);
    }

    @Test
    void shouldActOnTheKernelsEventsAndRequestASubflow()
    {
        append(KernelCaptures.EVENT_CREATED_CLIENT);
        append(KernelCaptures.EVENT_ESTABLISHED_CLIENT);

        assertEquals(2, inbox.onEventDatagram(datagram, length, NOW_NS));

        assertEquals(1, requester.count());
        assertEquals(0x33042304, requester.last().token);
        assertEquals(5201, requester.last().remotePort);
        assertEquals(2, counters.get(HostAgentCounter.EVENTS_RECEIVED));
    }

    @Test
    void shouldCountAndSkipBadMessagesAndKeepTheGoodOnes()
    {
        final byte[] wrongFamily = KernelCaptures.bytes(KernelCaptures.EVENT_CLOSED_CLIENT);
        wrongFamily[4] = 0x33;
        final byte[] badAttribute = KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT);
        badAttribute[28] = (byte)0xF0; // FAMILY attribute claims 240 bytes
        // An ESTABLISHED event without any attribute.
        final byte[] noAttributes = new byte[20];
        noAttributes[4] = (byte)KernelCaptures.FAMILY_ID;
        noAttributes[16] = MptcpPm.EVENT_ESTABLISHED;

        append(wrongFamily, wrongFamily.length);
        append(KernelCaptures.EVENT_CREATED_CLIENT);
        append(badAttribute, badAttribute.length);
        append(noAttributes, 20);
        // A listener event from the server capture: well-formed, not for the agent.
        append(KernelCaptures.EVENT_LISTENER_CREATED_SERVER);
        append(KernelCaptures.EVENT_ESTABLISHED_CLIENT);

        assertEquals(3, inbox.onEventDatagram(datagram, length, NOW_NS));

        assertEquals(1, requester.count(), "the good events still act");
        assertEquals(6, counters.get(HostAgentCounter.EVENTS_RECEIVED));
        assertEquals(1, counters.get(HostAgentCounter.EVENTS_WRONG_FAMILY));
        assertEquals(2, counters.get(HostAgentCounter.EVENTS_MALFORMED));
        assertEquals(1, counters.get(HostAgentCounter.EVENTS_IGNORED));
    }

    @Test
    void shouldStopAtAMessageWhoseLengthRunsPastTheDatagram()
    {
        append(KernelCaptures.EVENT_CREATED_CLIENT);
        final byte[] cut = KernelCaptures.bytes(KernelCaptures.EVENT_ESTABLISHED_CLIENT);
        append(cut, cut.length + 100);

        assertEquals(1, inbox.onEventDatagram(datagram, length, NOW_NS));

        assertEquals(0, requester.count(), "the ESTABLISHED event was cut off");
        assertEquals(2, counters.get(HostAgentCounter.EVENTS_RECEIVED));
        assertEquals(1, counters.get(HostAgentCounter.EVENTS_MALFORMED));
    }

    @Test
    void shouldCountATruncatedHeader()
    {
        append(new byte[12], 12);

        assertEquals(0, inbox.onEventDatagram(datagram, 12, NOW_NS));
        assertEquals(1, counters.get(HostAgentCounter.EVENTS_MALFORMED));
    }

    @Test
    void shouldPassTheKernelsAnswersToTheAgent()
    {
        append(KernelCaptures.EVENT_ESTABLISHED_CLIENT);
        inbox.onEventDatagram(datagram, length, NOW_NS);
        assertEquals(1, requester.last().sequence, "the agent numbers its requests from 1");
        length = 0;
        // The kernel's refusal of a request with sequence 0x65, renumbered to the agent's request.
        final byte[] refusal = KernelCaptures.bytes(KernelCaptures.ERROR_INVALID_TOKEN);
        append(refusal, refusal.length);
        datagram.putInt(NetlinkHeaderFlyweight.HEADER_LENGTH + 4 + NetlinkHeaderFlyweight.SEQUENCE_OFFSET, 1,
            Netlink.ORDER);
        append(KernelCaptures.EVENT_CLOSED_CLIENT);

        assertEquals(1, inbox.onAnswerDatagram(datagram, length, NOW_NS));

        assertEquals(1, counters.get(HostAgentCounter.SUBFLOW_REQUESTS_REFUSED));
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_FORGOTTEN), "EINVAL: invalid token");
        assertEquals(1, counters.get(HostAgentCounter.ANSWERS_UNMATCHED), "an event is no answer");
    }

    @Test
    void shouldTellAliveFromGoneInTheKernelsAnswersToProbes()
    {
        final HostAgent probing = new HostAgent(new HostAgentSettings(1, ConnectionFilter.ALL, 250_000_000L,
            5_000_000_000L, 1_000_000_000L, 60_000_000_000L, 1, 16), requester, counters);
        final HostAgentInbox probingInbox = new HostAgentInbox(probing, KernelCaptures.FAMILY_ID);
        append(KernelCaptures.EVENT_ESTABLISHED_CLIENT);
        probingInbox.onEventDatagram(datagram, length, NOW_NS);
        probingInbox.onEventDatagram(datagram, length, NOW_NS);
        length = 0;
        final long later = NOW_NS + 120_000_000_000L;
        probing.onRequestAnswer(requester.last().sequence, 0, null, NOW_NS);
        probing.doWork(later);
        final int probe = requester.probes.get(0).sequence;

        answer(KernelCaptures.PROBE_ANSWER_ALIVE, probe);
        probingInbox.onAnswerDatagram(datagram, length, later);
        assertEquals(true, probing.tracks(0x33042304), "ESRCH: subflow not found, the connection lives");

        probing.doWork(later + 60_000_000_000L);
        answer(KernelCaptures.PROBE_ANSWER_GONE, requester.probes.get(1).sequence);
        probingInbox.onAnswerDatagram(datagram, length, later);
        assertEquals(false, probing.tracks(0x33042304), "EINVAL: invalid token");
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_EXPIRED));
    }

    private void answer(final String hex, final int sequence)
    {
        length = 0;
        final byte[] bytes = KernelCaptures.bytes(hex);
        append(bytes, bytes.length);
        // Renumber the captured answer to the agent's request.
        datagram.putInt(NetlinkHeaderFlyweight.HEADER_LENGTH + 4 + NetlinkHeaderFlyweight.SEQUENCE_OFFSET, sequence,
            Netlink.ORDER);
    }
}

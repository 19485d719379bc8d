package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class HostAgentTest
{
    private static final int TOKEN = 0x7A11_C0DE;
    private static final int OTHER_TOKEN = 0x0B0E_5EED;
    private static final int INITIAL_PORT = 40_001;
    private static final int EXTRA_PORT_1 = 40_101;
    private static final int EXTRA_PORT_2 = 40_102;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START_NS = 1_000_000 * MS;
    private static final int ECONNREFUSED = 111;
    private static final int ENOMEM = 12;
    private static final int ENOBUFS = 105;

    private final TestEvents events = new TestEvents();
    private final RecordingRequester requester = new RecordingRequester();
    private final HostAgentCounters counters = new HostAgentCounters();
    private long nowNs = START_NS;
    private HostAgent agent = agent(2, ConnectionFilter.ALL);

    private HostAgent agent(final int subflows, final ConnectionFilter filter)
    {
        return new HostAgent(HostAgentSettings.of(subflows, filter, TimeUnit.SECONDS.toNanos(5)), requester, counters);
    }

    private void established(final int token, final int port)
    {
        agent.onEvent(events.connection(MptcpPm.EVENT_CREATED, token, port, false).decoded(), nowNs);
        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, token, port, false).decoded(), nowNs);
    }

    private void subflowUp(final int token, final int port)
    {
        agent.onEvent(events.subflow(MptcpPm.EVENT_SUB_ESTABLISHED, token, port, 0).decoded(), nowNs);
    }

    private void subflowClosed(final int token, final int port, final int error)
    {
        agent.onEvent(events.subflow(MptcpPm.EVENT_SUB_CLOSED, token, port, error).decoded(), nowNs);
    }

    private void advanceMs(final long ms)
    {
        nowNs += ms * MS;
    }

    /** Milliseconds from now until the agent sends its next request, stepping 1 ms at a time (bounded). */
    private long msUntilNextRequest()
    {
        final int before = requester.count();
        for (long waited = 0; waited <= 60_000; waited++)
        {
            agent.doWork(nowNs);
            if (requester.count() > before)
            {
                return waited;
            }
            advanceMs(1);
        }
        return -1;
    }

    @Test
    void shouldRequestNSubflowsFromTheSameAddressWhenAnOutgoingConnectionIsEstablished()
    {
        agent.onEvent(events.connection(MptcpPm.EVENT_CREATED, TOKEN, INITIAL_PORT, false).decoded(), nowNs);
        assertEquals(0, requester.count(), "CREATED is too early: the connection cannot open subflows yet");

        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, TOKEN, INITIAL_PORT, false).decoded(), nowNs);

        assertEquals(2, requester.count());
        for (final RecordingRequester.Request request : requester.requests)
        {
            assertEquals(TOKEN, request.token);
            assertEquals(MptcpPm.AF_INET, request.family);
            assertArrayEquals(TestEvents.HOST, request.localAddress);
            assertEquals(1, request.localId, "a non-zero local id, no port: the kernel picks a new source port");
            assertArrayEquals(TestEvents.SERVICE, request.remoteAddress);
            assertEquals(TestEvents.SERVICE_PORT, request.remotePort);
        }
        assertEquals(1, agent.liveSubflows(TOKEN));
        assertEquals(2, agent.pendingRequests(TOKEN));
        assertEquals(2, counters.get(HostAgentCounter.SUBFLOW_REQUESTS));
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_TRACKED));
    }

    @Test
    void shouldNotAskAgainOnceTheSubflowsAreUp()
    {
        established(TOKEN, INITIAL_PORT);
        agent.onRequestAnswer(requester.requests.get(0).sequence, 0, null, nowNs);
        agent.onRequestAnswer(requester.requests.get(1).sequence, 0, null, nowNs);
        subflowUp(TOKEN, EXTRA_PORT_1);
        subflowUp(TOKEN, EXTRA_PORT_2);
        subflowUp(TOKEN, EXTRA_PORT_2);

        advanceMs(30_000);
        assertEquals(0, agent.doWork(nowNs));
        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, TOKEN, INITIAL_PORT, false).decoded(), nowNs);

        assertEquals(2, requester.count());
        assertEquals(3, agent.liveSubflows(TOKEN));
        assertEquals(0, agent.pendingRequests(TOKEN));
        assertEquals(2, counters.get(HostAgentCounter.SUBFLOWS_ESTABLISHED));
    }

    @Test
    void shouldLeaveServerSideConnectionsAlone()
    {
        agent.onEvent(events.connection(MptcpPm.EVENT_CREATED, TOKEN, 5201, true).decoded(), nowNs);
        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, TOKEN, 5201, true).decoded(), nowNs);
        agent.onEvent(events.subflow(MptcpPm.EVENT_SUB_CLOSED, TOKEN, 5201, 0).decoded(), nowNs);
        advanceMs(10_000);
        agent.doWork(nowNs);

        assertEquals(0, requester.count());
        assertFalse(agent.tracks(TOKEN));
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_SERVER_SIDE));
    }

    @Test
    void shouldApplyTheDestinationAndPortFilters()
    {
        agent = agent(1, new ConnectionFilter(List.of(IpPrefix.parse("203.0.113.0/25")), new int[]{5201, 443}));

        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, TOKEN, INITIAL_PORT, false).decoded(), nowNs);
        agent.onEvent(events.connection(MptcpPm.EVENT_CREATED, OTHER_TOKEN, TestEvents.HOST, 40_002,
            TestEvents.SERVICE, 80, false).decoded(), nowNs);
        agent.onEvent(events.connection(MptcpPm.EVENT_CREATED, 0x3, TestEvents.HOST, 40_003,
            new byte[]{(byte)203, 0, 113, (byte)200}, 5201, false).decoded(), nowNs);

        assertEquals(1, requester.count());
        assertEquals(TOKEN, requester.last().token);
        assertEquals(2, counters.get(HostAgentCounter.CONNECTIONS_FILTERED));
    }

    @Test
    void shouldRecreateALostSubflowAfterTheInitialBackoff()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(30_000);

        subflowClosed(TOKEN, EXTRA_PORT_1, 104);
        agent.doWork(nowNs);
        assertEquals(1, requester.count(), "no request at once: the path may still be dead");
        assertEquals(nowNs + 250 * MS, agent.nextDeadlineNs());

        assertEquals(250, msUntilNextRequest());
        assertEquals(TOKEN, requester.last().token);
        assertEquals(1, counters.get(HostAgentCounter.SUBFLOWS_LOST));
        assertEquals(0, counters.get(HostAgentCounter.SUBFLOWS_LOST_EARLY));
    }

    @Test
    void shouldDoubleTheBackoffWhileAttemptsFailUpToTheMaximum()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(30_000);
        subflowClosed(TOKEN, EXTRA_PORT_1, 104);

        final long[] expectedMs = {250, 500, 1000, 2000, 4000, 5000, 5000};
        for (int attempt = 0; attempt < expectedMs.length; attempt++)
        {
            assertEquals(expectedMs[attempt], msUntilNextRequest(), "attempt " + attempt);
            // The join is refused (RST): the kernel reports a SUB_CLOSED for a port the agent never saw established.
            subflowClosed(TOKEN, 50_000 + attempt, ECONNREFUSED);
        }
        assertEquals(expectedMs.length, counters.get(HostAgentCounter.SUBFLOW_ATTEMPTS_FAILED));
        assertEquals(0, agent.pendingRequests(TOKEN));
    }

    @Test
    void shouldStartTheBackoffOverAfterASubflowStayedUp()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(30_000);
        subflowClosed(TOKEN, EXTRA_PORT_1, 104);
        for (int attempt = 0; attempt < 4; attempt++)
        {
            msUntilNextRequest();
            subflowClosed(TOKEN, 50_000 + attempt, ECONNREFUSED);
        }
        assertEquals(4000, msUntilNextRequest(), "escalated while the path was down");

        subflowUp(TOKEN, EXTRA_PORT_2);
        advanceMs(1_500);
        subflowClosed(TOKEN, EXTRA_PORT_2, 104);

        assertEquals(250, msUntilNextRequest(), "the path worked again in between");
    }

    @Test
    void shouldKeepBackingOffWhenThePeerResetsEveryJoinAtOnce()
    {
        // The server's subflow limit: the TCP handshake of the join completes, then the server resets it.
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        final long[] expectedMs = {250, 500, 1000, 2000};
        for (int attempt = 0; attempt < expectedMs.length; attempt++)
        {
            subflowUp(TOKEN, 50_000 + attempt);
            advanceMs(10);
            subflowClosed(TOKEN, 50_000 + attempt, 104);
            assertEquals(expectedMs[attempt], msUntilNextRequest(), "attempt " + attempt);
        }
        assertEquals(4, counters.get(HostAgentCounter.SUBFLOWS_LOST_EARLY));
    }

    @Test
    void shouldReplaceALostInitialSubflowToo()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(30_000);

        subflowClosed(TOKEN, INITIAL_PORT, 110);

        assertEquals(250, msUntilNextRequest());
        assertEquals(2, requester.count());
    }

    @Test
    void shouldStopWhenTheConnectionCloses()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(30_000);
        subflowClosed(TOKEN, EXTRA_PORT_1, 104);

        agent.onEvent(events.closed(TOKEN).decoded(), nowNs);
        advanceMs(60_000);
        agent.doWork(nowNs);
        subflowClosed(TOKEN, EXTRA_PORT_2, 104);
        agent.doWork(nowNs + 60_000 * MS);

        assertEquals(1, requester.count());
        assertFalse(agent.tracks(TOKEN));
        assertEquals(0, agent.connectionCount());
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_CLOSED));
    }

    @Test
    void shouldForgetAConnectionWhoseTokenTheKernelRefuses()
    {
        established(TOKEN, INITIAL_PORT);

        agent.onRequestAnswer(requester.requests.get(0).sequence, HostAgent.EINVAL, "invalid token", nowNs);
        agent.onRequestAnswer(requester.requests.get(1).sequence, HostAgent.EINVAL, "invalid token", nowNs);
        advanceMs(60_000);
        agent.doWork(nowNs);

        assertEquals(2, requester.count());
        assertFalse(agent.tracks(TOKEN));
        assertEquals(2, counters.get(HostAgentCounter.SUBFLOW_REQUESTS_REFUSED));
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_FORGOTTEN));
    }

    @Test
    void shouldRetryAfterOtherRefusals()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);

        agent.onRequestAnswer(requester.last().sequence, ENOMEM, null, nowNs);

        assertTrue(agent.tracks(TOKEN));
        assertEquals(250, msUntilNextRequest());
    }

    @Test
    void shouldRetryWhenTheRequestCannotBeSent()
    {
        agent = agent(1, ConnectionFilter.ALL);
        requester.sendErrno = ENOBUFS;
        established(TOKEN, INITIAL_PORT);
        assertEquals(0, requester.count());
        assertEquals(1, counters.get(HostAgentCounter.SUBFLOW_REQUESTS_UNSENT));

        requester.sendErrno = 0;
        assertEquals(250, msUntilNextRequest());
        assertEquals(1, agent.pendingRequests(TOKEN));
    }

    @Test
    void shouldCountAnswersThatMatchNoRequest()
    {
        established(TOKEN, INITIAL_PORT);
        final int sequence = requester.last().sequence;

        agent.onRequestAnswer(sequence, 0, null, nowNs);
        agent.onRequestAnswer(sequence, 0, null, nowNs);
        agent.onRequestAnswer(sequence + 1000, 0, null, nowNs);

        assertEquals(2, counters.get(HostAgentCounter.ANSWERS_UNMATCHED));
    }

    @Test
    void shouldIgnoreEventsOfConnectionsItDoesNotTrack()
    {
        subflowUp(OTHER_TOKEN, EXTRA_PORT_1);
        subflowClosed(OTHER_TOKEN, EXTRA_PORT_1, 104);
        agent.onEvent(events.closed(OTHER_TOKEN).decoded(), nowNs);
        advanceMs(10_000);
        agent.doWork(nowNs);

        assertEquals(0, requester.count());
        assertEquals(0, agent.connectionCount());
    }

    @Test
    void shouldTrackAConnectionItSawOnlyFromEstablished()
    {
        agent.onEvent(events.connection(MptcpPm.EVENT_ESTABLISHED, TOKEN, INITIAL_PORT, false).decoded(), nowNs);

        assertEquals(2, requester.count());
        assertTrue(agent.tracks(TOKEN));
    }

    @Test
    void shouldBoundTheConnectionTable()
    {
        agent = new HostAgent(new HostAgentSettings(1, ConnectionFilter.ALL, 250 * MS, 5_000 * MS,
            1_000 * MS, 60_000 * MS, 1, 2), requester, counters);

        for (int i = 0; i < 3; i++)
        {
            established(TOKEN + i, INITIAL_PORT + i);
        }

        assertEquals(2, agent.connectionCount());
        assertEquals(2, requester.count());
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_TABLE_FULL));
    }

    @Test
    void shouldCountEventsItDoesNotActOn()
    {
        established(TOKEN, INITIAL_PORT);
        agent.onEvent(events.subflow(MptcpPm.EVENT_SUB_PRIORITY, TOKEN, INITIAL_PORT, 0).decoded(), nowNs);

        assertEquals(1, counters.get(HostAgentCounter.EVENTS_IGNORED));
    }

    @Test
    void shouldProbeAConnectionWithoutEventsAndForgetItWhenTheKernelNoLongerKnowsIt()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(59_000);
        agent.doWork(nowNs);
        assertEquals(0, requester.probes.size(), "not idle long enough");

        advanceMs(16_000);
        agent.doWork(nowNs);
        assertEquals(1, requester.probes.size());
        final RecordingRequester.Request probe = requester.probes.get(0);
        assertEquals(TOKEN, probe.token);
        assertArrayEquals(TestEvents.HOST, probe.localAddress);
        assertArrayEquals(TestEvents.SERVICE, probe.remoteAddress);

        agent.onRequestAnswer(probe.sequence, HostAgent.EINVAL, HostAgent.INVALID_TOKEN, nowNs);

        assertFalse(agent.tracks(TOKEN));
        assertEquals(1, counters.get(HostAgentCounter.CONNECTIONS_EXPIRED));
        assertEquals(1, requester.count(), "a probe is not a subflow request");
    }

    @Test
    void shouldKeepALiveConnectionAndProbeItAgainOnlyAfterAnotherIdlePeriod()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(75_000);
        agent.doWork(nowNs);
        agent.onRequestAnswer(requester.probes.get(0).sequence, HostAgent.ESRCH, "subflow not found", nowNs);

        for (int i = 0; i < 50; i++)
        {
            advanceMs(1_000);
            agent.doWork(nowNs);
        }
        assertTrue(agent.tracks(TOKEN));
        assertEquals(1, requester.probes.size(), "probed again only 60 s after the last probe");

        advanceMs(25_000);
        agent.doWork(nowNs);
        assertEquals(2, requester.probes.size());
        assertEquals(0, counters.get(HostAgentCounter.CONNECTIONS_EXPIRED));
    }

    @Test
    void shouldNotProbeAConnectionThatHadEventsRecently()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        for (int i = 0; i < 10; i++)
        {
            advanceMs(30_000);
            subflowUp(TOKEN, EXTRA_PORT_1 + i);
            agent.doWork(nowNs);
        }

        assertEquals(0, requester.probes.size());
    }

    @Test
    void shouldKeepTheConnectionOnAnUnexpectedProbeAnswer()
    {
        agent = agent(1, ConnectionFilter.ALL);
        established(TOKEN, INITIAL_PORT);
        subflowUp(TOKEN, EXTRA_PORT_1);
        advanceMs(75_000);
        agent.doWork(nowNs);

        agent.onRequestAnswer(requester.probes.get(0).sequence, HostAgent.EINVAL, "missing local port", nowNs);

        assertTrue(agent.tracks(TOKEN), "only \"invalid token\" means the connection is gone");
    }
}

package org.mptcpgw.hostagent;

import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The host agent's state machine, driven by decoded path-manager events, the kernel's answers to its requests and
 * the time, all passed in (no clock, no socket: tests drive it with a {@code long} they advance).
 * <p>
 * For every outgoing connection that matches the filter it keeps {@code 1 + N} subflows: when the connection is
 * ESTABLISHED it requests N subflows at once; afterwards, whenever established subflows plus open requests fall
 * below {@code 1 + N} (a subflow closed, an attempt failed, a request was refused) it requests the difference again,
 * but not before a backoff delay: 250 ms after the first failure, doubling up to the maximum. The backoff starts
 * again from its initial value once a subflow has stayed established for the stable period (1 s), which a peer
 * that resets every join at once (its subflow limit) never achieves. CLOSED ends the tracking. Connections accepted
 * by a local listener (server side) are never touched. Because the kernel does not always send CLOSED (seen on
 * 6.18 for about one iperf3 connection in five), a connection without events for a while is probed (see
 * {@link MptcpPmRequestEncoder}) and forgotten when the kernel no longer knows its token.
 * <pre>
 *   ESTABLISHED ─► request N ─► SUB_ESTABLISHED (live+1, request done)
 *                     │
 *                     └──────► SUB_CLOSED, unknown port (attempt failed) ─┐
 *   SUB_CLOSED, live port (subflow lost) ─────────────────────────────────┼─► wait backoff ─► request the deficit
 *   answer with an error (refused; EINVAL: forget the connection) ────────┘
 *   CLOSED, or a probe answered "invalid token" ─► forget
 * </pre>
 * Single-threaded: every method runs on the agent's thread.
 */
public final class HostAgent
{
    /** EINVAL: the kernel does not know the token (the connection is gone) or the request is not acceptable. */
    public static final int EINVAL = 22;
    /** ESRCH: the answer to a liveness probe of a connection that lives ("subflow not found"). */
    public static final int ESRCH = 3;
    /** The kernel's text for an unknown token. */
    public static final String INVALID_TOKEN = "invalid token";
    /** Most probes sent in one scan, so a large table is probed over several scans. */
    public static final int MAX_PROBES_PER_SCAN = 256;

    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    private static final int REQUEST_RING = 1024;

    private final HostAgentSettings settings;
    private final SubflowRequester requester;
    private final HostAgentCounters counters;
    private final int targetSubflows;
    private final Int2ObjectHashMap<TrackedConnection> connections = new Int2ObjectHashMap<>();
    private final int[] requestSequences = new int[REQUEST_RING];
    private final int[] requestTokens = new int[REQUEST_RING];
    private final boolean[] requestOpen = new boolean[REQUEST_RING];
    private final boolean[] requestIsProbe = new boolean[REQUEST_RING];
    private final long probeScanIntervalNs;
    private int nextSequence = 1;
    private long nextDueNs = Long.MAX_VALUE;
    private long nextProbeScanNs = Long.MIN_VALUE;

    /**
     * @param settings  what to do.
     * @param requester where requests go.
     * @param counters  where to count.
     */
    public HostAgent(
        final HostAgentSettings settings, final SubflowRequester requester, final HostAgentCounters counters)
    {
        this.settings = settings;
        this.requester = requester;
        this.counters = counters;
        this.targetSubflows = 1 + settings.subflows();
        this.probeScanIntervalNs = Math.max(1, settings.probeIdleNs() / 4);
    }

    /**
     * Act on one well-formed event.
     *
     * @param event the decoded event.
     * @param nowNs the time.
     */
    public void onEvent(final MptcpEvent event, final long nowNs)
    {
        counters.add(HostAgentCounter.UNKNOWN_ATTRIBUTES, event.unknownAttributes());
        if (event.has(MptcpPm.ATTR_TOKEN))
        {
            final TrackedConnection known = connections.get(event.token());
            if (null != known)
            {
                known.lastActivityNs(nowNs);
            }
        }
        switch (event.type())
        {
            case MptcpPm.EVENT_CREATED:
                track(event, nowNs);
                break;
            case MptcpPm.EVENT_ESTABLISHED:
                onEstablished(event, nowNs);
                break;
            case MptcpPm.EVENT_CLOSED:
                onClosed(event);
                break;
            case MptcpPm.EVENT_SUB_ESTABLISHED:
                onSubflowEstablished(event, nowNs);
                break;
            case MptcpPm.EVENT_SUB_CLOSED:
                onSubflowClosed(event, nowNs);
                break;
            default:
                counters.increment(HostAgentCounter.EVENTS_IGNORED);
                break;
        }
    }

    /**
     * Act on the kernel's answer to a request.
     *
     * @param sequence the request's sequence number.
     * @param errno    0 for success, otherwise the errno of the refusal.
     * @param message  the kernel's extended-ack text, or null.
     * @param nowNs    the time.
     */
    public void onRequestAnswer(final int sequence, final int errno, final String message, final long nowNs)
    {
        final int index = sequence & (REQUEST_RING - 1);
        if (!requestOpen[index] || requestSequences[index] != sequence)
        {
            counters.increment(HostAgentCounter.ANSWERS_UNMATCHED);
            return;
        }
        requestOpen[index] = false;
        if (requestIsProbe[index])
        {
            onProbeAnswer(requestTokens[index], errno, message);
            return;
        }
        final TrackedConnection answered = connections.get(requestTokens[index]);
        if (null != answered)
        {
            answered.lastActivityNs(nowNs);
        }
        if (0 == errno)
        {
            // Accepted: the kernel is connecting; the outcome arrives as SUB_ESTABLISHED or SUB_CLOSED.
            return;
        }
        counters.increment(HostAgentCounter.SUBFLOW_REQUESTS_REFUSED);
        final TrackedConnection connection = connections.get(requestTokens[index]);
        if (null == connection)
        {
            return;
        }
        connection.resolvePending();
        if (EINVAL == errno)
        {
            // "invalid token" (gone, or its CLOSED event was lost) or a connection the userspace PM does not
            // manage (created before the path manager was switched): retrying cannot help.
            LOG.warn("{}: kernel refused SUBFLOW_CREATE (errno {}{}); no longer tracking this connection",
                connection, errno, null == message ? "" : ": " + message);
            connections.remove(connection.token);
            counters.increment(HostAgentCounter.CONNECTIONS_FORGOTTEN);
            return;
        }
        LOG.warn("{}: kernel refused SUBFLOW_CREATE (errno {}{})", connection, errno,
            null == message ? "" : ": " + message);
        failed(connection, nowNs, false);
    }

    /**
     * Send the requests whose backoff has expired.
     *
     * @param nowNs the time.
     * @return number of requests sent.
     */
    public int doWork(final long nowNs)
    {
        if (nowNs < nextDueNs)
        {
            return 0;
        }
        nextDueNs = Long.MAX_VALUE;
        final boolean probeScan = nowNs >= nextProbeScanNs;
        if (probeScan)
        {
            nextProbeScanNs = nowNs + probeScanIntervalNs;
        }
        int sent = 0;
        int probes = 0;
        for (final TrackedConnection connection : connections.values())
        {
            if (connection.established() && deficit(connection) > 0)
            {
                if (nowNs >= connection.notBeforeNs())
                {
                    sent += request(connection, nowNs);
                }
                else
                {
                    due(connection.notBeforeNs());
                }
            }
            if (probeScan && probes < MAX_PROBES_PER_SCAN && probeDue(connection, nowNs))
            {
                probes += probe(connection, nowNs);
            }
        }
        if (!connections.isEmpty())
        {
            due(nextProbeScanNs);
        }
        return sent + probes;
    }

    /**
     * @return the earliest time at which {@link #doWork(long)} has something to send, or {@link Long#MAX_VALUE}.
     */
    public long nextDeadlineNs()
    {
        return nextDueNs;
    }

    /**
     * @return number of connections tracked.
     */
    public int connectionCount()
    {
        return connections.size();
    }

    /**
     * @param token a connection token.
     * @return true if the connection is tracked.
     */
    public boolean tracks(final int token)
    {
        return connections.containsKey(token);
    }

    /**
     * @param token a connection token.
     * @return its established subflows known to the agent (the initial one included), or -1 if not tracked.
     */
    public int liveSubflows(final int token)
    {
        final TrackedConnection connection = connections.get(token);
        return null == connection ? -1 : connection.liveSubflows();
    }

    /**
     * @param token a connection token.
     * @return its requests whose outcome is open, or -1 if not tracked.
     */
    public int pendingRequests(final int token)
    {
        final TrackedConnection connection = connections.get(token);
        return null == connection ? -1 : connection.pending();
    }

    /**
     * @param token a connection token.
     * @return when its next request may be sent ({@link Long#MIN_VALUE} if at once), or -1 if not tracked.
     */
    public long notBeforeNs(final int token)
    {
        final TrackedConnection connection = connections.get(token);
        return null == connection ? -1 : connection.notBeforeNs();
    }

    /**
     * @return the counters.
     */
    public HostAgentCounters counters()
    {
        return counters;
    }

    private TrackedConnection track(final MptcpEvent event, final long nowNs)
    {
        final TrackedConnection known = connections.get(event.token());
        if (null != known)
        {
            return known;
        }
        if (event.serverSide())
        {
            if (MptcpPm.EVENT_CREATED == event.type())
            {
                counters.increment(HostAgentCounter.CONNECTIONS_SERVER_SIDE);
            }
            return null;
        }
        if (!settings.filter().matches(event.family(), event.destinationAddress(), event.destinationPort()))
        {
            if (MptcpPm.EVENT_CREATED == event.type())
            {
                counters.increment(HostAgentCounter.CONNECTIONS_FILTERED);
            }
            return null;
        }
        if (connections.size() >= settings.maxConnections())
        {
            if (MptcpPm.EVENT_CREATED == event.type())
            {
                counters.increment(HostAgentCounter.CONNECTIONS_TABLE_FULL);
            }
            return null;
        }
        final TrackedConnection connection = new TrackedConnection(event, settings.initialBackoffNs(), nowNs);
        connections.put(connection.token, connection);
        counters.increment(HostAgentCounter.CONNECTIONS_TRACKED);
        due(nextProbeScanNs);
        return connection;
    }

    private void onEstablished(final MptcpEvent event, final long nowNs)
    {
        // Usually CREATED came first; an agent started in between sees only ESTABLISHED, which carries the same.
        final TrackedConnection connection = track(event, nowNs);
        if (null == connection || connection.established())
        {
            return;
        }
        connection.established(true);
        connection.addLive(event.sourcePort(), nowNs);
        LOG.info("{}: established, requesting {} subflow(s)", connection, settings.subflows());
        request(connection, nowNs);
    }

    private void onClosed(final MptcpEvent event)
    {
        final TrackedConnection connection = connections.remove(event.token());
        if (null != connection)
        {
            counters.increment(HostAgentCounter.CONNECTIONS_CLOSED);
            LOG.debug("{}: closed", connection);
        }
    }

    private void onSubflowEstablished(final MptcpEvent event, final long nowNs)
    {
        final TrackedConnection connection = connections.get(event.token());
        if (null == connection || !connection.addLive(event.sourcePort(), nowNs))
        {
            return;
        }
        connection.resolvePending();
        counters.increment(HostAgentCounter.SUBFLOWS_ESTABLISHED);
        final int failures = connection.takeFailures();
        if (failures > 0)
        {
            LOG.info("{}: subflow from port {} established ({} of {}) after {} failure(s)", connection,
                event.sourcePort(), connection.liveSubflows(), targetSubflows, failures);
        }
        else
        {
            LOG.debug("{}: subflow from port {} established ({} of {})", connection, event.sourcePort(),
                connection.liveSubflows(), targetSubflows);
        }
    }

    private void onSubflowClosed(final MptcpEvent event, final long nowNs)
    {
        final TrackedConnection connection = connections.get(event.token());
        if (null == connection)
        {
            return;
        }
        final long livedNs = connection.removeLive(event.sourcePort(), nowNs);
        if (TrackedConnection.NONE == livedNs)
        {
            // Never established: a join that got a RST (ECONNREFUSED), an ICMP error (EHOSTUNREACH), a timeout.
            connection.resolvePending();
            counters.increment(HostAgentCounter.SUBFLOW_ATTEMPTS_FAILED);
            LOG.debug("{}: subflow attempt from port {} failed (error {})", connection, event.sourcePort(),
                event.error());
            failed(connection, nowNs, false);
            return;
        }
        counters.increment(HostAgentCounter.SUBFLOWS_LOST);
        final boolean stable = livedNs >= settings.stableNs();
        if (!stable)
        {
            counters.increment(HostAgentCounter.SUBFLOWS_LOST_EARLY);
            if (!connection.warnedEarlyLoss())
            {
                connection.warnedEarlyLoss(true);
                LOG.warn("{}: subflow from port {} closed {} ms after it was established; if this repeats, the " +
                    "server probably refuses joins (raise its `ip mptcp limits set subflows` to at least {})",
                    connection, event.sourcePort(), TimeUnit.NANOSECONDS.toMillis(livedNs), settings.subflows());
            }
        }
        failed(connection, nowNs, stable);
        LOG.info("{}: subflow from port {} closed (error {}), {} of {} left; re-creating in {} ms", connection,
            event.sourcePort(), event.error(), connection.liveSubflows(), targetSubflows,
            TimeUnit.NANOSECONDS.toMillis(Math.max(0, connection.notBeforeNs() - nowNs)));
    }

    /**
     * Something went wrong for a connection: schedule a re-creation after the backoff, unless one is already
     * waiting. The backoff starts over when the lost subflow, or the last one established since the previous
     * failure, stayed up for the stable period.
     */
    private void failed(final TrackedConnection connection, final long nowNs, final boolean lostSubflowWasStable)
    {
        final long establishedNs = connection.lastEstablishedNs();
        final boolean succeededSince = TrackedConnection.NONE != establishedNs &&
            establishedNs > connection.lastFailureNs() && nowNs - establishedNs >= settings.stableNs();
        if (lostSubflowWasStable || succeededSince)
        {
            connection.backoffNs(settings.initialBackoffNs());
        }
        connection.lastFailureNs(nowNs);
        connection.countFailure();
        if (!connection.established() || deficit(connection) <= 0)
        {
            return;
        }
        if (connection.notBeforeNs() > nowNs)
        {
            // A re-creation is already waiting; it will ask for the whole deficit.
            return;
        }
        final long delayNs = connection.backoffNs();
        connection.notBeforeNs(nowNs + delayNs);
        connection.backoffNs(Math.min(settings.maxBackoffNs(), delayNs * 2));
        counters.increment(HostAgentCounter.RETRIES_SCHEDULED);
        due(connection.notBeforeNs());
    }

    private int deficit(final TrackedConnection connection)
    {
        return targetSubflows - connection.liveSubflows() - connection.pending();
    }

    private int request(final TrackedConnection connection, final long nowNs)
    {
        int sent = 0;
        for (int missing = deficit(connection); missing > 0; missing--)
        {
            final int sequence = nextSequence++;
            final int errno = requester.createSubflow(sequence, connection.token, connection.family,
                connection.localAddress, settings.localId(), connection.remoteAddress, connection.remotePort);
            if (0 != errno)
            {
                counters.increment(HostAgentCounter.SUBFLOW_REQUESTS_UNSENT);
                LOG.warn("{}: cannot send SUBFLOW_CREATE (errno {})", connection, errno);
                failed(connection, nowNs, false);
                break;
            }
            remember(sequence, connection.token, false);
            connection.addPending();
            counters.increment(HostAgentCounter.SUBFLOW_REQUESTS);
            sent++;
        }
        return sent;
    }

    private boolean probeDue(final TrackedConnection connection, final long nowNs)
    {
        return nowNs - connection.lastActivityNs() >= settings.probeIdleNs() &&
            (TrackedConnection.NONE == connection.lastProbeNs() ||
            nowNs - connection.lastProbeNs() >= settings.probeIdleNs());
    }

    private int probe(final TrackedConnection connection, final long nowNs)
    {
        connection.lastProbeNs(nowNs);
        final int sequence = nextSequence++;
        final int errno = requester.probeConnection(sequence, connection.token, connection.family,
            connection.localAddress, connection.remoteAddress);
        if (0 != errno)
        {
            counters.increment(HostAgentCounter.SUBFLOW_REQUESTS_UNSENT);
            return 0;
        }
        remember(sequence, connection.token, true);
        counters.increment(HostAgentCounter.PROBES_SENT);
        return 1;
    }

    private void onProbeAnswer(final int token, final int errno, final String message)
    {
        final TrackedConnection connection = connections.get(token);
        if (null == connection || ESRCH == errno)
        {
            // Alive: the kernel found the connection but, as intended, no such subflow.
            return;
        }
        if (EINVAL == errno && (null == message || INVALID_TOKEN.equals(message)))
        {
            connections.remove(token);
            counters.increment(HostAgentCounter.CONNECTIONS_EXPIRED);
            LOG.debug("{}: gone without a CLOSED event (the kernel no longer knows its token)", connection);
            return;
        }
        LOG.warn("{}: unexpected answer to a liveness probe (errno {}{}); keeping the connection", connection, errno,
            null == message ? "" : ": " + message);
    }

    private void remember(final int sequence, final int token, final boolean probe)
    {
        final int index = sequence & (REQUEST_RING - 1);
        requestSequences[index] = sequence;
        requestTokens[index] = token;
        requestOpen[index] = true;
        requestIsProbe[index] = probe;
    }

    private void due(final long atNs)
    {
        if (atNs < nextDueNs)
        {
            nextDueNs = atNs;
        }
    }
}

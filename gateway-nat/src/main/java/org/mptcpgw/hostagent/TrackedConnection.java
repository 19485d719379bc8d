package org.mptcpgw.hostagent;

/**
 * The agent's view of one outgoing MPTCP connection: its endpoints, the subflows known to be established (by local
 * port), the SUBFLOW_CREATE requests whose outcome is still open, and the re-creation backoff. Owned by the
 * {@link HostAgent}'s thread.
 */
final class TrackedConnection
{
    /** Most subflows tracked by port; more (created by someone else) are counted but not remembered. */
    static final int MAX_TRACKED_SUBFLOWS = 32;
    /** No time set. */
    static final long NONE = Long.MIN_VALUE;

    final int token;
    final int family;
    final byte[] localAddress = new byte[MptcpEvent.MAX_ADDRESS_LENGTH];
    final byte[] remoteAddress = new byte[MptcpEvent.MAX_ADDRESS_LENGTH];
    final int localPort;
    final int remotePort;

    private final int[] subflowPorts = new int[MAX_TRACKED_SUBFLOWS];
    private final long[] subflowSinceNs = new long[MAX_TRACKED_SUBFLOWS];
    private int liveSubflows;
    private int pending;
    private boolean established;
    private long notBeforeNs = NONE;
    private long backoffNs;
    private long lastEstablishedNs = NONE;
    private long lastFailureNs = NONE;
    private boolean warnedEarlyLoss;
    private int failuresSinceEstablished;
    private long lastActivityNs;
    private long lastProbeNs = NONE;

    TrackedConnection(final MptcpEvent event, final long initialBackoffNs, final long nowNs)
    {
        lastActivityNs = nowNs;
        token = event.token();
        family = event.family();
        System.arraycopy(event.sourceAddress(), 0, localAddress, 0, MptcpEvent.MAX_ADDRESS_LENGTH);
        System.arraycopy(event.destinationAddress(), 0, remoteAddress, 0, MptcpEvent.MAX_ADDRESS_LENGTH);
        localPort = event.sourcePort();
        remotePort = event.destinationPort();
        backoffNs = initialBackoffNs;
    }

    boolean established()
    {
        return established;
    }

    void established(final boolean established)
    {
        this.established = established;
    }

    int liveSubflows()
    {
        return liveSubflows;
    }

    int pending()
    {
        return pending;
    }

    void addPending()
    {
        pending++;
    }

    /**
     * An outstanding request ended (answered with an error, or its subflow established or failed).
     *
     * @return true if a request was outstanding.
     */
    boolean resolvePending()
    {
        if (pending > 0)
        {
            pending--;
            return true;
        }
        return false;
    }

    /**
     * @param port local port of a subflow.
     * @return true if the subflow is known to be established.
     */
    boolean isLive(final int port)
    {
        return indexOf(port) >= 0;
    }

    /**
     * Record an established subflow.
     *
     * @param port  its local port.
     * @param nowNs when.
     * @return false if it was already known.
     */
    boolean addLive(final int port, final long nowNs)
    {
        if (indexOf(port) >= 0)
        {
            return false;
        }
        lastEstablishedNs = nowNs;
        if (liveSubflows < MAX_TRACKED_SUBFLOWS)
        {
            subflowPorts[liveSubflows] = port;
            subflowSinceNs[liveSubflows] = nowNs;
        }
        liveSubflows++;
        return true;
    }

    /**
     * Forget an established subflow.
     *
     * @param port  its local port.
     * @param nowNs when it closed.
     * @return how long it lived, or {@link #NONE} if it was not known.
     */
    long removeLive(final int port, final long nowNs)
    {
        final int index = indexOf(port);
        if (index < 0)
        {
            return NONE;
        }
        final long lived = nowNs - subflowSinceNs[index];
        final int last = Math.min(liveSubflows, MAX_TRACKED_SUBFLOWS) - 1;
        subflowPorts[index] = subflowPorts[last];
        subflowSinceNs[index] = subflowSinceNs[last];
        liveSubflows--;
        return lived;
    }

    private int indexOf(final int port)
    {
        for (int i = 0, n = Math.min(liveSubflows, MAX_TRACKED_SUBFLOWS); i < n; i++)
        {
            if (subflowPorts[i] == port)
            {
                return i;
            }
        }
        return -1;
    }

    long notBeforeNs()
    {
        return notBeforeNs;
    }

    void notBeforeNs(final long notBeforeNs)
    {
        this.notBeforeNs = notBeforeNs;
    }

    long backoffNs()
    {
        return backoffNs;
    }

    void backoffNs(final long backoffNs)
    {
        this.backoffNs = backoffNs;
    }

    long lastEstablishedNs()
    {
        return lastEstablishedNs;
    }

    long lastFailureNs()
    {
        return lastFailureNs;
    }

    void lastFailureNs(final long lastFailureNs)
    {
        this.lastFailureNs = lastFailureNs;
    }

    /**
     * Count a failure (a lost subflow, a failed attempt, a refused request) since the last established subflow.
     */
    void countFailure()
    {
        failuresSinceEstablished++;
    }

    /**
     * @return failures since the last established subflow, then start counting again.
     */
    int takeFailures()
    {
        final int failures = failuresSinceEstablished;
        failuresSinceEstablished = 0;
        return failures;
    }

    /**
     * @return when the kernel last said something about this connection (an event or an answer).
     */
    long lastActivityNs()
    {
        return lastActivityNs;
    }

    void lastActivityNs(final long lastActivityNs)
    {
        this.lastActivityNs = lastActivityNs;
    }

    long lastProbeNs()
    {
        return lastProbeNs;
    }

    void lastProbeNs(final long lastProbeNs)
    {
        this.lastProbeNs = lastProbeNs;
    }

    boolean warnedEarlyLoss()
    {
        return warnedEarlyLoss;
    }

    void warnedEarlyLoss(final boolean warnedEarlyLoss)
    {
        this.warnedEarlyLoss = warnedEarlyLoss;
    }

    /**
     * @return endpoints for logs, e.g. "token=0a1b2c3d 192.0.2.2:40000 -> 203.0.113.100:5201".
     */
    @Override
    public String toString()
    {
        final int length = MptcpEvent.addressLength(family);
        final String open = MptcpPm.AF_INET6 == family ? "[" : "";
        final String close = MptcpPm.AF_INET6 == family ? "]" : "";
        return "token=" + MptcpEvent.tokenHex(token) + ' ' + open + MptcpEvent.addressText(localAddress, length) +
            close + ':' + localPort + " -> " + open + MptcpEvent.addressText(remoteAddress, length) + close + ':' +
            remotePort;
    }
}

package org.mptcpgw.hostagent;

/**
 * What the host agent counts. Each counter has a stable id, a label (used in logs and tests) and says what it
 * counts; bad netlink input is counted here and skipped, never fatal.
 */
public enum HostAgentCounter
{
    /** Event messages received from the mptcp_pm_events group (well-formed or not). */
    EVENTS_RECEIVED(0, "events_received"),
    /** Event messages skipped because they were malformed (truncated, bad attribute lengths, missing attributes). */
    EVENTS_MALFORMED(1, "events_malformed"),
    /** Event messages skipped because their nlmsg_type was not the mptcp_pm family (or a netlink control type). */
    EVENTS_WRONG_FAMILY(2, "events_wrong_family"),
    /** Attributes of a type the decoder does not know, skipped inside otherwise good events. */
    UNKNOWN_ATTRIBUTES(3, "unknown_attributes"),
    /** Times the kernel dropped events because the agent's socket buffer was full (ENOBUFS on receive). */
    EVENTS_LOST(4, "events_lost"),
    /** Events of types the agent does not act on (ANNOUNCED, LISTENER_CREATED, SUB_PRIORITY ...). */
    EVENTS_IGNORED(5, "events_ignored"),
    /** Connections accepted by a local listener, which the agent leaves alone. */
    CONNECTIONS_SERVER_SIDE(6, "connections_server_side"),
    /** Outgoing connections that did not match --dst / --port. */
    CONNECTIONS_FILTERED(7, "connections_filtered"),
    /** Outgoing connections the agent tracks (added). */
    CONNECTIONS_TRACKED(8, "connections_tracked"),
    /** Tracked connections that closed. */
    CONNECTIONS_CLOSED(9, "connections_closed"),
    /** Connections the agent stopped tracking because the kernel refused their token (EINVAL). */
    CONNECTIONS_FORGOTTEN(10, "connections_forgotten"),
    /** New connections not tracked because the table was full. */
    CONNECTIONS_TABLE_FULL(11, "connections_table_full"),
    /** SUBFLOW_CREATE requests sent. */
    SUBFLOW_REQUESTS(12, "subflow_requests"),
    /** SUBFLOW_CREATE requests the kernel refused (an error in its answer). */
    SUBFLOW_REQUESTS_REFUSED(13, "subflow_requests_refused"),
    /** SUBFLOW_CREATE requests that could not be sent (socket error). */
    SUBFLOW_REQUESTS_UNSENT(14, "subflow_requests_unsent"),
    /** Subflows (other than the initial one) established on tracked connections. */
    SUBFLOWS_ESTABLISHED(15, "subflows_established"),
    /** Subflow attempts that failed before establishing (SUB_CLOSED of an unknown subflow: RST, ICMP ...). */
    SUBFLOW_ATTEMPTS_FAILED(16, "subflow_attempts_failed"),
    /** Established subflows that closed while their connection lived. */
    SUBFLOWS_LOST(17, "subflows_lost"),
    /** Lost subflows that had lived less than the stable period (a peer refusing joins, e.g. its limits). */
    SUBFLOWS_LOST_EARLY(18, "subflows_lost_early"),
    /** Re-creations scheduled after a failure (each waits for the backoff). */
    RETRIES_SCHEDULED(19, "retries_scheduled"),
    /** Answers from the kernel that were malformed or matched no request. */
    ANSWERS_UNMATCHED(20, "answers_unmatched"),
    /** Liveness probes sent for connections without events for a while. */
    PROBES_SENT(21, "probes_sent"),
    /** Tracked connections the kernel no longer knew (their CLOSED event never came), found by a probe. */
    CONNECTIONS_EXPIRED(22, "connections_expired");

    private final int id;
    private final String label;

    HostAgentCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return stable id, the index in {@link HostAgentCounters}.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return label for logs.
     */
    public String label()
    {
        return label;
    }

    static
    {
        final HostAgentCounter[] all = values();
        for (int i = 0; i < all.length; i++)
        {
            if (all[i].id != i)
            {
                throw new IllegalStateException("counter ids must be 0..n-1 in order: " + all[i]);
            }
        }
    }
}

package org.mptcpgw.hostagent;

import java.util.concurrent.TimeUnit;

/**
 * What the host agent does: how many extra subflows per connection, for which connections, and how it backs off.
 */
public final class HostAgentSettings
{
    /** Default initial delay before re-creating a lost subflow. */
    public static final long DEFAULT_INITIAL_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * Default longest delay between re-creation attempts (--max-backoff). A path that comes back is found at the next
     * attempt, and a new subflow then needs about 2 s to carry its share (measured in the lab), so the worst case
     * from a path's return to full goodput is this plus about 2 s: 2 s keeps it within 5 s (with 5 s, 2.9 to 7.0 s
     * were measured, depending on when the path came back). The price while a path is down is one join attempt per
     * connection every 2 s, which the gateway refuses at once.
     */
    public static final long DEFAULT_MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);
    /**
     * Default time a subflow must stay established to count as a success that resets the backoff. A peer that
     * refuses a join at the MPTCP level (its subflow limit) lets the TCP handshake finish and resets the subflow at
     * once, which must not reset the backoff, or the agent would retry every 250 ms forever.
     */
    public static final long DEFAULT_STABLE_NS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Default time without any event after which a tracked connection is probed ({@link MptcpPmRequestEncoder}): on
     * 6.18 about one connection in five closes without a CLOSED event (seen with iperf3), and only a probe finds it.
     */
    public static final long DEFAULT_PROBE_IDLE_NS = TimeUnit.SECONDS.toNanos(60);
    /** Local address id used for the extra subflows (the kernel wants a non-zero one on older versions). */
    public static final int DEFAULT_LOCAL_ID = 1;
    /** Default bound of the connection table. */
    public static final int DEFAULT_MAX_CONNECTIONS = 65_536;
    /** Most extra subflows per connection the agent will ask for (the kernel's limits top out at 8). */
    public static final int MAX_SUBFLOWS = 8;

    private final int subflows;
    private final ConnectionFilter filter;
    private final long initialBackoffNs;
    private final long maxBackoffNs;
    private final long stableNs;
    private final long probeIdleNs;
    private final int localId;
    private final int maxConnections;

    /**
     * @param subflows         extra subflows per connection (1..{@link #MAX_SUBFLOWS}).
     * @param filter           which connections.
     * @param initialBackoffNs first delay before a re-creation.
     * @param maxBackoffNs     longest delay between re-creation attempts.
     * @param stableNs         how long a subflow must live to reset the backoff.
     * @param probeIdleNs      how long a connection may go without events before it is probed.
     * @param localId          local address id of the extra subflows (1..255).
     * @param maxConnections   bound of the connection table.
     */
    public HostAgentSettings(
        final int subflows,
        final ConnectionFilter filter,
        final long initialBackoffNs,
        final long maxBackoffNs,
        final long stableNs,
        final long probeIdleNs,
        final int localId,
        final int maxConnections)
    {
        if (subflows < 1 || subflows > MAX_SUBFLOWS)
        {
            throw new IllegalArgumentException("subflows must be 1.." + MAX_SUBFLOWS + ": " + subflows);
        }
        if (initialBackoffNs <= 0 || maxBackoffNs < initialBackoffNs)
        {
            throw new IllegalArgumentException("backoff must be > 0 and max backoff >= initial backoff (" +
                TimeUnit.NANOSECONDS.toMillis(initialBackoffNs) + " ms): " +
                TimeUnit.NANOSECONDS.toMillis(maxBackoffNs) + " ms");
        }
        if (localId < 1 || localId > 255)
        {
            throw new IllegalArgumentException("local id must be 1..255: " + localId);
        }
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("max connections must be positive: " + maxConnections);
        }
        this.subflows = subflows;
        this.filter = filter;
        this.initialBackoffNs = initialBackoffNs;
        this.maxBackoffNs = maxBackoffNs;
        this.stableNs = stableNs;
        this.probeIdleNs = probeIdleNs;
        this.localId = localId;
        this.maxConnections = maxConnections;
    }

    /**
     * Defaults with a given number of subflows, filter and maximum backoff.
     *
     * @param subflows     extra subflows per connection.
     * @param filter       which connections.
     * @param maxBackoffNs longest delay between re-creation attempts.
     * @return the settings.
     */
    public static HostAgentSettings of(final int subflows, final ConnectionFilter filter, final long maxBackoffNs)
    {
        return new HostAgentSettings(subflows, filter, Math.min(DEFAULT_INITIAL_BACKOFF_NS, maxBackoffNs),
            maxBackoffNs, DEFAULT_STABLE_NS, DEFAULT_PROBE_IDLE_NS, DEFAULT_LOCAL_ID, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * @return extra subflows per connection.
     */
    public int subflows()
    {
        return subflows;
    }

    /**
     * @return which connections.
     */
    public ConnectionFilter filter()
    {
        return filter;
    }

    /**
     * @return first delay before a re-creation.
     */
    public long initialBackoffNs()
    {
        return initialBackoffNs;
    }

    /**
     * @return longest delay between re-creation attempts.
     */
    public long maxBackoffNs()
    {
        return maxBackoffNs;
    }

    /**
     * @return how long a subflow must live to reset the backoff.
     */
    public long stableNs()
    {
        return stableNs;
    }

    /**
     * @return how long a connection may go without events before it is probed.
     */
    public long probeIdleNs()
    {
        return probeIdleNs;
    }

    /**
     * @return local address id of the extra subflows.
     */
    public int localId()
    {
        return localId;
    }

    /**
     * @return bound of the connection table.
     */
    public int maxConnections()
    {
        return maxConnections;
    }

    /**
     * @return the settings for logs.
     */
    @Override
    public String toString()
    {
        return "subflows=" + subflows + " " + filter + " backoff=" + TimeUnit.NANOSECONDS.toMillis(initialBackoffNs) +
            ".." + TimeUnit.NANOSECONDS.toMillis(maxBackoffNs) + "ms localId=" + localId;
    }
}

package org.mptcpgw.gateway.journal;

import org.agrona.concurrent.EpochNanoClock;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;

/**
 * Journals what the MPTCP connection table reports: "connection tracked" when the server's key is known and
 * "connection ended" with the table's cause, then passes each call on to another listener (or none).
 * <p>
 * Subflow placements are not journaled here: the table's callback knows neither the subflow's session nor its
 * outside tuple, so the stage that places the MP_JOIN calls {@link JournalPublisher#subflowPlaced} itself. For the
 * same reason the session of the initial subflow is a context the worker sets with {@link #initialSession(long)}
 * before it hands the SYN/ACK to the table; when it does not, the record carries {@link SessionIds#NONE} and replay
 * matches the initial subflow by its tuple.
 * <p>
 * Runs on the worker that owns the table: nothing allocates. The clock is read once per event (these events are a
 * few per connection, not per packet).
 */
public final class MptcpJournalListener implements MptcpConnectionTable.Listener
{
    private final JournalPublisher publisher;
    private final EpochNanoClock clock;
    private final MptcpConnectionTable.Listener next;
    private long initialSessionId = SessionIds.NONE;

    /**
     * @param publisher the worker's publisher.
     * @param clock     wall clock (epoch nanoseconds).
     * @param next      listener called after journaling, or null.
     */
    public MptcpJournalListener(
        final JournalPublisher publisher, final EpochNanoClock clock, final MptcpConnectionTable.Listener next)
    {
        this.publisher = publisher;
        this.clock = clock;
        this.next = next;
    }

    /**
     * Set the session of the subflow whose packet is being handed to the table (used by the next tracked event).
     *
     * @param sessionId the session, or {@link SessionIds#NONE}.
     * @return this for a fluent API.
     */
    public MptcpJournalListener initialSession(final long sessionId)
    {
        initialSessionId = sessionId;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onTracked(final MptcpConnectionTable table, final int conn)
    {
        publisher.mptcpTracked(clock.nanoTime(), table.version(conn), table.serverToken(conn),
            table.hostToken(conn), table.hostKey(conn), table.serverKey(conn), table.hostIp(conn),
            table.hostPort(conn), table.serverIp(conn), table.serverPort(conn), table.initialPath(conn),
            initialSessionId);
        initialSessionId = SessionIds.NONE;
        if (null != next)
        {
            next.onTracked(table, conn);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onSubflowAdded(final MptcpConnectionTable table, final int conn, final int path)
    {
        if (null != next)
        {
            next.onSubflowAdded(table, conn, path);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEnded(final MptcpConnectionTable table, final int conn, final int cause)
    {
        if (MptcpConnectionTable.CAUSE_FALLBACK != cause)
        {
            // A fallback ends a connection that was never tracked (no token): nothing for readers to close.
            publisher.mptcpEnded(clock.nanoTime(), table.serverToken(conn), table.hostIp(conn), cause);
        }
        if (null != next)
        {
            next.onEnded(table, conn, cause);
        }
    }
}

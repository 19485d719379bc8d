package org.mptcpgw.gateway.journal;

import java.nio.ByteOrder;

/**
 * A NAT session is still in use: written by the session table when it re-arms the expiry of a session that saw
 * traffic (at most once per idle timeout per session, so it costs nothing next to the traffic). It is the "sign of
 * life" that lets a warm restart keep long-lived sessions, such as an idle MPTCP backup subflow, whose creation is
 * older than the idle timeout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                          Session ID                           +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +          Last Activity (wall clock, epoch nanoseconds)        +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SessionRefreshedFlyweight extends JournalRecordFlyweight
{
    /** Offset of the session id. */
    public static final int SESSION_ID_OFFSET = HEADER_LENGTH;
    /** Offset of the last activity time. */
    public static final int LAST_ACTIVITY_OFFSET = SESSION_ID_OFFSET + 8;
    /** Length of the record. */
    public static final int LENGTH = LAST_ACTIVITY_OFFSET + 8;

    /**
     * @param sessionId session id.
     * @return this for a fluent API.
     */
    public SessionRefreshedFlyweight sessionId(final long sessionId)
    {
        buffer.putLong(offset + SESSION_ID_OFFSET, sessionId, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return session id.
     */
    public long sessionId()
    {
        return buffer.getLong(offset + SESSION_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param lastActivityNs time of the last packet of the session, epoch nanoseconds.
     * @return this for a fluent API.
     */
    public SessionRefreshedFlyweight lastActivityNs(final long lastActivityNs)
    {
        buffer.putLong(offset + LAST_ACTIVITY_OFFSET, lastActivityNs, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return time of the last packet of the session, epoch nanoseconds.
     */
    public long lastActivityNs()
    {
        return buffer.getLong(offset + LAST_ACTIVITY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return appendHeader(new StringBuilder()).append(" session=").append(SessionIds.toString(sessionId()))
            .append(" lastActivity=").append(lastActivityNs()).toString();
    }
}

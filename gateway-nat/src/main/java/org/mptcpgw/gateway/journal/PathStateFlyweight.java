package org.mptcpgw.gateway.journal;

import java.nio.ByteOrder;

/**
 * A path changed health state. States are {@code PathTable.DOWN} (0), {@code DEGRADED} (1) and {@code UP} (2); the
 * reason code is defined by the health checker (e.g. probes lost, carrier down, MPTCP stripped). Path names are in
 * the latest {@link GatewayStartedFlyweight} record.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------+---------------+---------------+---------------+
 *  |  Path Index   |   Old State   |   New State   |   Reserved    |
 *  +---------------+---------------+---------------+---------------+
 *  |                          Reason Code                          |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class PathStateFlyweight extends JournalRecordFlyweight
{
    /** Offset of the path index (u8). */
    public static final int PATH_OFFSET = HEADER_LENGTH;
    /** Offset of the old state (u8). */
    public static final int OLD_STATE_OFFSET = PATH_OFFSET + 1;
    /** Offset of the new state (u8). */
    public static final int NEW_STATE_OFFSET = OLD_STATE_OFFSET + 1;
    /** Offset of the reason code (i32). */
    public static final int REASON_OFFSET = NEW_STATE_OFFSET + 2;
    /** Length of the record. */
    public static final int LENGTH = REASON_OFFSET + 4;

    private static final String[] STATE_LABELS = {"down", "degraded", "up"};

    /**
     * @param state a path state.
     * @return {@code down}, {@code degraded}, {@code up} or {@code state-N}.
     */
    public static String stateLabel(final int state)
    {
        return state >= 0 && state < STATE_LABELS.length ? STATE_LABELS[state] : "state-" + state;
    }

    /**
     * @param path     path index.
     * @param oldState previous state.
     * @param newState new state.
     * @param reason   reason code.
     * @return this for a fluent API.
     */
    public PathStateFlyweight change(final int path, final int oldState, final int newState, final int reason)
    {
        buffer.putByte(offset + PATH_OFFSET, (byte)path);
        buffer.putByte(offset + OLD_STATE_OFFSET, (byte)oldState);
        buffer.putByte(offset + NEW_STATE_OFFSET, (byte)newState);
        buffer.putByte(offset + NEW_STATE_OFFSET + 1, (byte)0);
        buffer.putInt(offset + REASON_OFFSET, reason, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return path index.
     */
    public int path()
    {
        return buffer.getByte(offset + PATH_OFFSET) & 0xFF;
    }

    /**
     * @return previous state.
     */
    public int oldState()
    {
        return buffer.getByte(offset + OLD_STATE_OFFSET) & 0xFF;
    }

    /**
     * @return new state.
     */
    public int newState()
    {
        return buffer.getByte(offset + NEW_STATE_OFFSET) & 0xFF;
    }

    /**
     * @return reason code.
     */
    public int reason()
    {
        return buffer.getInt(offset + REASON_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return appendHeader(new StringBuilder()).append(" path=").append(path()).append(' ')
            .append(stateLabel(oldState())).append("->").append(stateLabel(newState())).append(" reason=")
            .append(reason()).toString();
    }
}

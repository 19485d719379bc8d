package org.mptcpgw.gateway.journal;

/**
 * Session ids as journaled: one {@code long} made of the owning worker, the session's index in that worker's table
 * and the generation of the slot, so that an id is not reused while the journal can still hold the previous session
 * with the same slot.
 * <pre>
 *   63        56 55                     32 31                              0
 *  +------------+-------------------------+--------------------------------+
 *  |   worker   |       table index       |           generation           |
 *  +------------+-------------------------+--------------------------------+
 * </pre>
 * A table gives each slot a generation counter that it increments on every reuse. {@link #NONE} (all ones) is never a
 * valid id because worker 255 does not exist (at most 64 workers). A warm restart must restore a session under its
 * journaled id (and keep counting generations above it), so that its later end record still matches; see
 * {@code docs/journal.md}.
 */
public final class SessionIds
{
    /** No session (unknown). */
    public static final long NONE = -1L;
    /** Largest table index representable. */
    public static final int MAX_INDEX = 0xFF_FFFF;

    private SessionIds()
    {
    }

    /**
     * @param worker     owning worker (0-254).
     * @param index      index in the worker's table (0-{@link #MAX_INDEX}).
     * @param generation generation of the slot.
     * @return the session id.
     */
    public static long encode(final int worker, final int index, final int generation)
    {
        return ((long)(worker & 0xFF) << 56) | ((long)(index & MAX_INDEX) << 32) | (generation & 0xFFFF_FFFFL);
    }

    /**
     * @param sessionId a session id.
     * @return the worker.
     */
    public static int worker(final long sessionId)
    {
        return (int)(sessionId >>> 56);
    }

    /**
     * @param sessionId a session id.
     * @return the table index.
     */
    public static int index(final long sessionId)
    {
        return (int)(sessionId >>> 32) & MAX_INDEX;
    }

    /**
     * @param sessionId a session id.
     * @return the generation.
     */
    public static int generation(final long sessionId)
    {
        return (int)sessionId;
    }

    /**
     * @param sessionId a session id.
     * @return {@code worker/index/generation}, or {@code none}.
     */
    public static String toString(final long sessionId)
    {
        if (NONE == sessionId)
        {
            return "none";
        }
        return worker(sessionId) + "/" + index(sessionId) + "/" + Integer.toUnsignedString(generation(sessionId));
    }
}

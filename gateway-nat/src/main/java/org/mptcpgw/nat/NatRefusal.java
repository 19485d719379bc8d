package org.mptcpgw.nat;

import org.mptcpgw.core.pipeline.DropReason;

/**
 * Negative results of the table's lookup and create methods. A non-negative result is a session index; a negative
 * one is one of these codes, which {@link #dropReason(int)} maps onto the gateway's {@link DropReason} so the
 * pipeline counts the drop without a branch per code. Codes, not exceptions: refusing a packet is normal.
 */
public final class NatRefusal
{
    /** Exact lookup found no session (lookups only; the pipeline decides whether to create). */
    public static final int MISS = -1;
    /** Inbound packet matches no mapping, or is a non-SYN TCP segment for a mapping without that session. */
    public static final int NO_SESSION = -2;
    /** Inbound packet refused by address-dependent filtering. */
    public static final int FILTERED = -3;
    /** No free outside port in the path's pool (or, on restore, the journalled port is taken). */
    public static final int OUT_OF_PORTS = -4;
    /** The session table is full. */
    public static final int MAX_SESSIONS = -5;
    /** The inside host holds its quota of mappings on the path, or the host table is full. */
    public static final int HOST_QUOTA = -6;
    /** The path index is out of range, or the path has no outside address for a translated session. */
    public static final int NO_PATH = -7;
    /** The protocol is not TCP, UDP or ICMP. */
    public static final int UNSUPPORTED_PROTOCOL = -8;
    /**
     * The session cannot be created as asked: the outside endpoint of a pass-through session is in use, or a
     * restored session contradicts an existing mapping or carries an invalid state. Counted as out of ports.
     */
    public static final int CONFLICT = -9;

    private static final DropReason[] DROP_REASONS =
    {
        null,
        DropReason.NO_SESSION,
        DropReason.NO_SESSION,
        DropReason.FILTERED,
        DropReason.OUT_OF_PORTS,
        DropReason.MAX_SESSIONS,
        DropReason.HOST_QUOTA,
        DropReason.NO_PATH,
        DropReason.UNSUPPORTED_PROTOCOL,
        DropReason.OUT_OF_PORTS,
    };

    private NatRefusal()
    {
    }

    /**
     * @param result a result of a table method.
     * @return true when the result is a refusal code rather than a session index.
     */
    public static boolean isRefusal(final int result)
    {
        return result < 0;
    }

    /**
     * @param code a refusal code (negative).
     * @return the drop reason the pipeline counts for it, or null for a non-negative result or unknown code.
     */
    public static DropReason dropReason(final int code)
    {
        final int i = -code;
        return i > 0 && i < DROP_REASONS.length ? DROP_REASONS[i] : null;
    }

    /**
     * @param code a result of a table method.
     * @return name for logs and test messages (not for the data path).
     */
    public static String name(final int code)
    {
        switch (code)
        {
            case MISS:
                return "MISS";
            case NO_SESSION:
                return "NO_SESSION";
            case FILTERED:
                return "FILTERED";
            case OUT_OF_PORTS:
                return "OUT_OF_PORTS";
            case MAX_SESSIONS:
                return "MAX_SESSIONS";
            case HOST_QUOTA:
                return "HOST_QUOTA";
            case NO_PATH:
                return "NO_PATH";
            case UNSUPPORTED_PROTOCOL:
                return "UNSUPPORTED_PROTOCOL";
            case CONFLICT:
                return "CONFLICT";
            default:
                return code >= 0 ? "session " + code : "unknown " + code;
        }
    }
}

package org.mptcpgw.nat;

/**
 * Why a session ended, passed to {@link SessionListener#onSessionEnded(NatSessionTable, int, SessionEndReason)}
 * for the journal and counted per reason. Ids are stable: add new reasons at the end.
 */
public enum SessionEndReason
{
    /** No packet refreshed the session for its idle timeout (opening, established, one FIN, UDP, ICMP). */
    IDLE_TIMEOUT(0, "idle_timeout"),
    /** The linger after a TCP RST passed with no further packet (RFC 7857 section 2.2). */
    RST_LINGER_OVER(1, "rst_linger_over"),
    /** FINs were seen in both directions and the closing timeout passed. */
    FIN_CLOSED(2, "fin_closed"),
    /** The pipeline evicted the session, e.g. because its path went down. */
    EVICTED(3, "evicted"),
    /** The pipeline removed the session explicitly, e.g. on MP_FASTCLOSE. */
    REMOVED(4, "removed");

    private static final SessionEndReason[] BY_ID = values();

    private final int id;
    private final String label;

    SessionEndReason(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return stable numeric id (equal to the ordinal; checked by a test).
     */
    public int id()
    {
        return id;
    }

    /**
     * @return label used as a metric tag value.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param id a reason id.
     * @return the reason with that id, or null.
     */
    public static SessionEndReason get(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}

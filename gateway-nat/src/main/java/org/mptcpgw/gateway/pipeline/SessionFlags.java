package org.mptcpgw.gateway.pipeline;

/**
 * The pipeline's bits in a session's {@code flags} field (the NAT table keeps them for the pipeline). When
 * {@link #SUBFLOW} is set, the session's user data is the index of its MPTCP connection.
 */
final class SessionFlags
{
    /** The session is a subflow of a tracked MPTCP connection (user data = connection index). */
    static final int SUBFLOW = 1;
    /** The session began with an MP_CAPABLE SYN; the SYN/ACK has not been seen yet. */
    static final int CAPABLE_SYN = 1 << 1;
    /** The session began with an MP_JOIN SYN; the SYN/ACK has not been seen yet. */
    static final int JOIN_SYN = 1 << 2;
    /** MPTCP v1: the host's key arrives with the third ACK (or first data); look for it on outbound ACKs. */
    static final int AWAIT_HOST_KEY = 1 << 3;
    /** The subflow's close (RST, or FIN both ways) was reported to the connection table. */
    static final int CLOSE_REPORTED = 1 << 4;
    /** The session was reset toward the host by failover. */
    static final int RESET_SENT = 1 << 5;

    private SessionFlags()
    {
    }
}

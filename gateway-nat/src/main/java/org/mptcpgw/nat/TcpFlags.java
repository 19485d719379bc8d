package org.mptcpgw.nat;

/**
 * The TCP header flag bits the session state machine looks at (RFC 9293 section 3.1, byte 13 of the header), so
 * the pipeline can pass the flags byte unchanged.
 */
public final class TcpFlags
{
    /** No more data from sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Acknowledgment field is significant. */
    public static final int ACK = 0x10;

    /** Flags that can change a session's state; a segment with none of them takes the fast path. */
    public static final int STATE_CHANGING = FIN | SYN | RST;

    private TcpFlags()
    {
    }
}

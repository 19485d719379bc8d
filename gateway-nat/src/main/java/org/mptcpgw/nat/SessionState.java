package org.mptcpgw.nat;

/**
 * The state byte of a session: a phase code in the low three bits, which decides the idle timeout, and for TCP
 * four bits remembering which SYNs and FINs were seen in which direction. The TCP phases are the reduced state
 * machine of RFC 7857 section 2.1 (adapted there from RFC 6146 section 3.5.2), enough for the timers of RFC 5382
 * REQ-5 and RFC 7857 sections 2.1 and 2.2:
 * <pre>
 *                 SYN both ways                FIN one way            FIN other way
 *   TCP_OPENING ----------------&gt; ESTABLISHED ------------&gt; CLOSING ----------------&gt; CLOSED
 *   (transitory, opening)        (established)              (transitory, closing)    (transitory, closing)
 *        |  any state: RST -&gt; RESET (lingers, still translating, RFC 7857 section 2.2)
 *        |  RESET: a packet without RST -&gt; back to the phase its SYN/FIN bits say (RFC 6146 TRANS state)
 *        |  CLOSED or RESET: a SYN without ACK (the tuple reused for a new connection) -&gt; TCP_OPENING
 * </pre>
 * A SYN in each direction (handshake or simultaneous open, RFC 5382 REQ-2) makes a connection established; a FIN
 * makes it closing (partially closed connections use the transitory timeout, RFC 5382 section 5). UDP and ICMP
 * echo sessions have one phase, {@link #ACTIVE}.
 */
public final class SessionState
{
    /** TCP: a SYN was seen in at most one direction. Transitory (opening) timeout. */
    public static final int TCP_OPENING = 1;
    /** TCP: SYNs were seen in both directions. Established timeout. */
    public static final int TCP_ESTABLISHED = 2;
    /** TCP: a FIN was seen in one direction. Transitory (closing) timeout. */
    public static final int TCP_CLOSING = 3;
    /** TCP: FINs were seen in both directions. Transitory (closing) timeout, then ends as FIN_CLOSED. */
    public static final int TCP_CLOSED = 4;
    /** TCP: a RST was seen. Kept (and translated) for the RST linger, then ends as RST_LINGER_OVER. */
    public static final int TCP_RESET = 5;
    /** UDP or ICMP echo: the only phase. */
    public static final int ACTIVE = 6;

    /** Mask of the phase code. */
    public static final int PHASE_MASK = 0x07;
    /** An outbound SYN was seen. */
    public static final int SYN_OUTBOUND = 0x08;
    /** An inbound SYN was seen. */
    public static final int SYN_INBOUND = 0x10;
    /** An outbound FIN was seen. */
    public static final int FIN_OUTBOUND = 0x20;
    /** An inbound FIN was seen. */
    public static final int FIN_INBOUND = 0x40;

    private static final int SYN_BOTH = SYN_OUTBOUND | SYN_INBOUND;
    private static final int FIN_BOTH = FIN_OUTBOUND | FIN_INBOUND;

    private SessionState()
    {
    }

    /**
     * @param state a state byte.
     * @return its phase code.
     */
    public static int phase(final int state)
    {
        return state & PHASE_MASK;
    }

    /**
     * @param state a state byte.
     * @return true when the state is one a session of the given protocol can be in (used to check restored state).
     */
    public static boolean isValid(final int state, final int protocol)
    {
        final int phase = phase(state);
        if (NatProtocol.TCP == protocol)
        {
            return phase >= TCP_OPENING && phase <= TCP_RESET && state == (state & 0x7F);
        }
        return ACTIVE == state;
    }

    /**
     * The state a new TCP session starts in, before its first segment is passed to the state machine.
     *
     * @return {@link #TCP_OPENING} with no SYN or FIN seen.
     */
    public static int tcpInitial()
    {
        return TCP_OPENING;
    }

    /**
     * Next TCP state after a segment. Pure function of its arguments; the table decides timers and refresh.
     *
     * @param state     current state byte.
     * @param direction {@link FlowDirection#OUTBOUND} or {@link FlowDirection#INBOUND}.
     * @param tcpFlags  the TCP flags byte of the segment.
     * @return the next state byte.
     */
    public static int nextTcp(final int state, final int direction, final int tcpFlags)
    {
        final int phase = state & PHASE_MASK;
        final int bits = state & ~PHASE_MASK;
        if (0 != (tcpFlags & TcpFlags.RST))
        {
            return bits | TCP_RESET;
        }

        final boolean outbound = FlowDirection.OUTBOUND == direction;
        final int synBit = outbound ? SYN_OUTBOUND : SYN_INBOUND;
        final int finBit = outbound ? FIN_OUTBOUND : FIN_INBOUND;
        final boolean syn = 0 != (tcpFlags & TcpFlags.SYN);
        final boolean newConnection = syn && 0 == (tcpFlags & TcpFlags.ACK);

        if ((TCP_CLOSED == phase || TCP_RESET == phase) && newConnection)
        {
            // The host reuses the 4-tuple for a new connection (e.g. after TIME_WAIT): start over.
            return synBit | TCP_OPENING;
        }

        int next = bits;
        if (syn)
        {
            next |= synBit;
        }
        if (0 != (tcpFlags & TcpFlags.FIN))
        {
            next |= finBit;
        }
        return next | phaseOf(next);
    }

    private static int phaseOf(final int bits)
    {
        if (FIN_BOTH == (bits & FIN_BOTH))
        {
            return TCP_CLOSED;
        }
        if (0 != (bits & FIN_BOTH))
        {
            return TCP_CLOSING;
        }
        if (SYN_BOTH == (bits & SYN_BOTH))
        {
            return TCP_ESTABLISHED;
        }
        return TCP_OPENING;
    }

    /**
     * @param state a state byte.
     * @return readable form for logs and tests, e.g. {@code ESTABLISHED[syn-out,syn-in]}.
     */
    public static String toString(final int state)
    {
        final StringBuilder sb = new StringBuilder();
        switch (phase(state))
        {
            case TCP_OPENING:
                sb.append("OPENING");
                break;
            case TCP_ESTABLISHED:
                sb.append("ESTABLISHED");
                break;
            case TCP_CLOSING:
                sb.append("CLOSING");
                break;
            case TCP_CLOSED:
                sb.append("CLOSED");
                break;
            case TCP_RESET:
                sb.append("RESET");
                break;
            case ACTIVE:
                sb.append("ACTIVE");
                break;
            default:
                sb.append("INVALID(").append(state).append(')');
                return sb.toString();
        }
        if (0 != (state & ~PHASE_MASK))
        {
            sb.append('[');
            appendBit(sb, state, SYN_OUTBOUND, "syn-out");
            appendBit(sb, state, SYN_INBOUND, "syn-in");
            appendBit(sb, state, FIN_OUTBOUND, "fin-out");
            appendBit(sb, state, FIN_INBOUND, "fin-in");
            sb.setLength(sb.length() - 1);
            sb.append(']');
        }
        return sb.toString();
    }

    private static void appendBit(final StringBuilder sb, final int state, final int bit, final String name)
    {
        if (0 != (state & bit))
        {
            sb.append(name).append(',');
        }
    }
}

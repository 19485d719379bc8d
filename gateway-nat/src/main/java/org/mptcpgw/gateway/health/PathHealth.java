package org.mptcpgw.gateway.health;

import org.mptcpgw.gateway.path.PathTable;

/**
 * Health of one path: a state machine fed by probe results, carrier changes and passive signals.
 * <pre>
 *            downAfter consecutive losses, lost carrier, or a passive failure
 *     UP ----------------------------------------------------------------&gt; DOWN
 *      |  ^                                                                  |
 *      |  | loss and RTT back under the thresholds                           |
 *      v  |                                                                  |
 *   DEGRADED --------------------------------------------------------------&gt;+
 *      ^                                                                     |
 *      +---- every probe answered for holdTime (at least upAfter of them), carrier up ----+
 * </pre>
 * Hysteresis: going down is fast (downAfter lost probes, or at once on lost carrier) because detection time is what
 * users feel; coming back is slow and strict: every probe must have been answered for a whole {@code holdTime}, so a
 * flapping link stays down instead of making the gateway flap with it, and a path is never declared up on stale
 * answers. Degrading and recovering from degraded also wait for the hold time. A path without a probe target is
 * judged on carrier and passive signals only; it comes back when its carrier has been up for the hold time or when
 * return traffic is seen again.
 * <p>
 * Several probes may be outstanding at once (the timeout may exceed the interval); each is judged on its own.
 * <p>
 * Not thread-safe: owned by the health agent. Time is passed in.
 */
public final class PathHealth
{
    /** Number of recent probes the loss percentage is computed over. */
    public static final int WINDOW = 10;

    /** Change reason: probes lost. */
    public static final int REASON_PROBES_LOST = 1;
    /** Change reason: probes answered again. */
    public static final int REASON_PROBES_ANSWERED = 2;
    /** Change reason: carrier lost. */
    public static final int REASON_CARRIER_DOWN = 3;
    /** Change reason: carrier back. */
    public static final int REASON_CARRIER_UP = 4;
    /** Change reason: loss or round-trip time over the degraded thresholds. */
    public static final int REASON_DEGRADED = 5;
    /** Change reason: outbound traffic without return traffic, or unanswered SYNs. */
    public static final int REASON_PASSIVE = 6;
    /** Change reason: return traffic seen again on a path without probes. */
    public static final int REASON_TRAFFIC_BACK = 7;
    /** Labels of the change reasons, by reason number. */
    public static final String[] REASON_LABELS = {
        "none", "probes lost", "probes answered", "carrier down", "carrier up", "degraded", "no return traffic",
        "return traffic back"};

    private final HealthSettings settings;
    private final boolean probed;
    private byte state = PathTable.UP;
    private long lastChangeNs;
    private int consecutiveLost;
    private int consecutiveAnswered;
    private final boolean[] window = new boolean[WINDOW];
    private int windowCount;
    private int windowNext;
    private long lastRttNs;
    private boolean carrierUp = true;
    private int lastReason;

    private static final int MAX_OUTSTANDING = 16;
    private final int[] outstandingSeq = new int[MAX_OUTSTANDING];
    private final long[] outstandingSentNs = new long[MAX_OUTSTANDING];
    private int outstandingCount;
    private long answeredSinceNs;
    private long carrierUpSinceNs;

    /**
     * @param settings tunables.
     * @param probed   true when the path has a probe target.
     * @param nowNs    current time.
     */
    public PathHealth(final HealthSettings settings, final boolean probed, final long nowNs)
    {
        this.settings = settings;
        this.probed = probed;
        this.lastChangeNs = nowNs - settings.holdTimeNs();
    }

    /**
     * @return current state (PathTable.UP, DEGRADED or DOWN).
     */
    public byte state()
    {
        return state;
    }

    /**
     * @return reason of the last change (REASON_*).
     */
    public int lastReason()
    {
        return lastReason;
    }

    /**
     * @return round-trip time of the last answered probe, 0 if none.
     */
    public long lastRttNs()
    {
        return lastRttNs;
    }

    /**
     * @return loss over the recent window, in percent.
     */
    public int lossPercent()
    {
        if (0 == windowCount)
        {
            return 0;
        }
        int lost = 0;
        for (int i = 0; i < windowCount; i++)
        {
            if (!window[i])
            {
                lost++;
            }
        }
        return lost * 100 / windowCount;
    }

    /**
     * A probe with this sequence number was sent.
     *
     * @param seq   sequence number.
     * @param nowNs time sent.
     * @return true if the state changed because the oldest outstanding probe had to be given up.
     */
    public boolean onProbeSent(final int seq, final long nowNs)
    {
        boolean changed = false;
        if (MAX_OUTSTANDING == outstandingCount)
        {
            removeOutstanding(0);
            changed = onProbeLost(nowNs);
        }
        outstandingSeq[outstandingCount] = seq;
        outstandingSentNs[outstandingCount] = nowNs;
        outstandingCount++;
        return changed;
    }

    /**
     * A reply arrived; its round-trip time is the time since the probe was scheduled.
     *
     * @param seq   sequence number of the reply.
     * @param nowNs time received.
     * @return true if the state changed.
     */
    public boolean onProbeReply(final int seq, final long nowNs)
    {
        return onProbeReply(seq, nowNs, -1);
    }

    /**
     * A reply arrived.
     *
     * @param seq   sequence number of the reply.
     * @param nowNs time received.
     * @param rttNs round-trip time measured where the probe left and came back, or -1 to use the time since the
     *              probe was scheduled.
     * @return true if the state changed.
     */
    public boolean onProbeReply(final int seq, final long nowNs, final long rttNs)
    {
        for (int i = 0; i < outstandingCount; i++)
        {
            if (outstandingSeq[i] == seq)
            {
                final long sentNs = outstandingSentNs[i];
                removeOutstanding(i);
                if (nowNs - sentNs > settings.probeTimeoutNs())
                {
                    return onProbeLost(nowNs);
                }
                lastRttNs = rttNs >= 0 ? rttNs : nowNs - sentNs;
                record(true);
                consecutiveLost = 0;
                if (0 == consecutiveAnswered++)
                {
                    answeredSinceNs = nowNs;
                }
                return evaluate(nowNs, true);
            }
        }
        return false; // late or unknown: the probe was already counted as lost
    }

    /**
     * Judge outstanding probes that timed out, and time-based transitions.
     *
     * @param nowNs current time.
     * @return true if the state changed.
     */
    public boolean onTick(final long nowNs)
    {
        boolean changed = false;
        while (outstandingCount > 0 && nowNs - outstandingSentNs[0] > settings.probeTimeoutNs())
        {
            removeOutstanding(0);
            changed |= onProbeLost(nowNs);
        }
        return changed | evaluate(nowNs, false);
    }

    private void removeOutstanding(final int i)
    {
        System.arraycopy(outstandingSeq, i + 1, outstandingSeq, i, outstandingCount - i - 1);
        System.arraycopy(outstandingSentNs, i + 1, outstandingSentNs, i, outstandingCount - i - 1);
        outstandingCount--;
    }

    private boolean onProbeLost(final long nowNs)
    {
        record(false);
        consecutiveAnswered = 0;
        consecutiveLost++;
        return evaluate(nowNs, false);
    }

    /**
     * The interface's carrier changed.
     *
     * @param up    true when the link has carrier.
     * @param nowNs current time.
     * @return true if the state changed.
     */
    public boolean onCarrier(final boolean up, final long nowNs)
    {
        if (up == carrierUp)
        {
            return false;
        }
        carrierUp = up;
        consecutiveAnswered = 0;
        if (!up)
        {
            // Lost carrier is definitive: no hysteresis delays going down.
            return change(PathTable.DOWN, REASON_CARRIER_DOWN, nowNs);
        }
        carrierUpSinceNs = nowNs;
        return evaluate(nowNs, false);
    }

    /**
     * A passive signal says the path does not carry traffic (outbound without return, unanswered SYNs).
     *
     * @param nowNs current time.
     * @return true if the state changed.
     */
    public boolean onPassiveFailure(final long nowNs)
    {
        consecutiveAnswered = 0;
        if (PathTable.DOWN != state && nowNs - lastChangeNs >= settings.holdTimeNs())
        {
            return change(PathTable.DOWN, REASON_PASSIVE, nowNs);
        }
        return false;
    }

    /**
     * Return traffic was seen on the path (used to bring back paths that have no probe target).
     *
     * @param nowNs current time.
     * @return true if the state changed.
     */
    public boolean onTrafficSeen(final long nowNs)
    {
        if (!probed && carrierUp && PathTable.DOWN == state && nowNs - lastChangeNs >= settings.holdTimeNs() &&
            nowNs - carrierUpSinceNs >= settings.holdTimeNs())
        {
            return change(PathTable.UP, REASON_TRAFFIC_BACK, nowNs);
        }
        return false;
    }

    private void record(final boolean answered)
    {
        window[windowNext] = answered;
        windowNext = (windowNext + 1) % WINDOW;
        if (windowCount < WINDOW)
        {
            windowCount++;
        }
    }

    private boolean evaluate(final long nowNs, final boolean onAnswer)
    {
        if (!carrierUp)
        {
            return PathTable.DOWN != state && change(PathTable.DOWN, REASON_CARRIER_DOWN, nowNs);
        }
        final long hold = settings.holdTimeNs();
        final boolean held = nowNs - lastChangeNs >= hold;
        if (PathTable.DOWN == state)
        {
            if (!probed)
            {
                return held && nowNs - carrierUpSinceNs >= hold && REASON_CARRIER_DOWN == lastReason &&
                    change(PathTable.UP, REASON_CARRIER_UP, nowNs);
            }
            // Only a fresh answer can bring a path up, and only after answers for a whole hold time.
            if (onAnswer && held && consecutiveAnswered >= settings.upAfter() && nowNs - answeredSinceNs >= hold)
            {
                return change(PathTable.UP, REASON_PROBES_ANSWERED, nowNs);
            }
            return false;
        }
        if (probed && consecutiveLost >= settings.downAfter())
        {
            // Losing probes takes a path down without waiting for the hold time: detection time matters most.
            return change(PathTable.DOWN, REASON_PROBES_LOST, nowNs);
        }
        final boolean bad = probed && windowCount >= settings.upAfter() &&
            (lossPercent() >= settings.degradedLossPercent() || lastRttNs >= settings.degradedRttNs());
        if (PathTable.UP == state && bad && held)
        {
            return change(PathTable.DEGRADED, REASON_DEGRADED, nowNs);
        }
        if (PathTable.DEGRADED == state && !bad && held)
        {
            return change(PathTable.UP, REASON_PROBES_ANSWERED, nowNs);
        }
        return false;
    }

    private boolean change(final byte newState, final int reason, final long nowNs)
    {
        if (newState == state)
        {
            return false;
        }
        final byte oldState = state;
        state = newState;
        lastReason = reason;
        lastChangeNs = nowNs;
        if (PathTable.DOWN == newState)
        {
            consecutiveAnswered = 0;
        }
        else if (PathTable.UP == newState)
        {
            consecutiveLost = 0;
            if (PathTable.DOWN == oldState)
            {
                // The outage's lost probes are history: judged on them, a path that just proved itself for a hold
                // time would be degraded at once (and new subflows would avoid it right when they should return).
                windowCount = 0;
                windowNext = 0;
            }
        }
        return true;
    }
}

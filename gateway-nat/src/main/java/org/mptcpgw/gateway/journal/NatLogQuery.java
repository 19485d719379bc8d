package org.mptcpgw.gateway.journal;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "who held outside address A, port P, at time T?" (and by inside host, and over time ranges) from the
 * journal: the NAT log that abuse reports and lawful requests need.
 * <p>
 * A session held its outside address and port during {@code [created, ended)}. The scan starts at the oldest
 * retained record (a session can start long before the time of interest, and its end comes after it) and keeps
 * only the sessions that match the address and protocol filters, so memory grows with the answer, not with the
 * journal. Intervals follow the restart rules (see {@code docs/journal.md}):
 * <ul>
 *   <li>an unended session is open-ended;
 *   <li>a "gateway started" record without the warm-restart flag ends every open session: at the preceding
 *       "gateway stopped" record if there is one since the previous start (a clean stop), else at the new start
 *       (after a crash the true end lies between the last record of the old process and the new start, so the
 *       reported end is an upper bound); the cause is {@value #CAUSE_RESTART};
 *   <li>one with the flag keeps the sessions the new process restored and ends, the same way, the ones with no sign
 *       of life within its restore idle limit (cause {@value #CAUSE_NOT_RESTORED});
 *   <li>an "ended" record of a session created before the oldest retained record gives an interval whose start is
 *       unknown ({@link Entry#startNs()} is {@link Long#MIN_VALUE}).
 * </ul>
 * The time filter keeps the sessions whose interval meets {@code [from, to)}; {@link #at(long)} is the range
 * {@code [T, T + 1 ns)}, i.e. {@code created <= T < ended}.
 */
public final class NatLogQuery
{
    /** End time of a session that has not ended. */
    public static final long OPEN_END = Long.MAX_VALUE;
    /** Start time of a session created before the oldest retained record. */
    public static final long UNKNOWN_START = Long.MIN_VALUE;
    /** End cause of sessions ended by a (cold) restart of the gateway. */
    public static final String CAUSE_RESTART = "restart";
    /** End cause of sessions a warm restart did not restore (no sign of life within the idle limit). */
    public static final String CAUSE_NOT_RESTORED = "not-restored";
    /** End cause of a session whose id was created again before its end was journaled (an end record was lost). */
    public static final String CAUSE_SUPERSEDED = "superseded";

    /**
     * One session that matched.
     *
     * @param startNs     creation, epoch nanoseconds ({@link #UNKNOWN_START} if before the retained journal).
     * @param endNs       end, epoch nanoseconds ({@link #OPEN_END} if not ended).
     * @param protocol    IP protocol.
     * @param insideIp    inside address.
     * @param insidePort  inside port.
     * @param outsideIp   outside address.
     * @param outsidePort outside port.
     * @param remoteIp    remote address.
     * @param remotePort  remote port.
     * @param pathName    name of its path.
     * @param endCause    why it ended, null while open.
     * @param sessionId   session id.
     * @param flags       {@code NatSessionFlyweight.FLAG_*}.
     */
    public record Entry(
        long startNs,
        long endNs,
        int protocol,
        int insideIp,
        int insidePort,
        int outsideIp,
        int outsidePort,
        int remoteIp,
        int remotePort,
        String pathName,
        String endCause,
        long sessionId,
        int flags)
    {
        /**
         * @return one line of text: start, end, protocol, inside, outside, remote, path and end cause.
         */
        public String text()
        {
            final StringBuilder b = new StringBuilder(160);
            b.append(UNKNOWN_START == startNs ? "before-journal" : time(startNs)).append(' ')
                .append(OPEN_END == endNs ? "open" : time(endNs)).append(' ')
                .append(NatSessionFlyweight.protocolName(protocol)).append(" inside ");
            JournalRecordFlyweight.appendEndpoint(b, insideIp, insidePort).append(" outside ");
            JournalRecordFlyweight.appendEndpoint(b, outsideIp, outsidePort).append(" remote ");
            JournalRecordFlyweight.appendEndpoint(b, remoteIp, remotePort).append(" path ").append(pathName)
                .append(" end ").append(null == endCause ? "-" : endCause);
            return b.toString();
        }

        /**
         * @return one JSON object (no line break).
         */
        public String json()
        {
            final StringBuilder b = new StringBuilder(256);
            b.append("{\"start\":").append(UNKNOWN_START == startNs ? "null" : quote(time(startNs)))
                .append(",\"end\":").append(OPEN_END == endNs ? "null" : quote(time(endNs)))
                .append(",\"protocol\":").append(quote(NatSessionFlyweight.protocolName(protocol)))
                .append(",\"inside\":\"");
            JournalRecordFlyweight.appendEndpoint(b, insideIp, insidePort).append("\",\"outside\":\"");
            JournalRecordFlyweight.appendEndpoint(b, outsideIp, outsidePort).append("\",\"remote\":\"");
            JournalRecordFlyweight.appendEndpoint(b, remoteIp, remotePort).append("\",\"path\":")
                .append(quote(pathName)).append(",\"cause\":").append(null == endCause ? "null" : quote(endCause))
                .append(",\"session\":").append(quote(SessionIds.toString(sessionId))).append(",\"flags\":[");
            final String[] names = {"passthrough", "inbound", "restored"};
            String separator = "";
            for (int i = 0; i < names.length; i++)
            {
                if (0 != (flags & (1 << i)))
                {
                    b.append(separator).append(quote(names[i]));
                    separator = ",";
                }
            }
            return b.append("]}").toString();
        }

        private static String time(final long epochNs)
        {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(
                Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)));
        }

        private static String quote(final String text)
        {
            final StringBuilder b = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if ('"' == c || '\\' == c)
                {
                    b.append('\\').append(c);
                }
                else if (c < 0x20)
                {
                    b.append(String.format("\\u%04x", (int)c));
                }
                else
                {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }

    /**
     * The answer.
     *
     * @param entries    matching sessions, by start time.
     * @param records    valid records read.
     * @param unknown    documents skipped: unknown record type.
     * @param malformed  documents skipped: too short, too long or inconsistent.
     * @param durationNs time the query took.
     */
    public record Result(List<Entry> entries, long records, long unknown, long malformed, long durationNs)
    {
    }

    private static final class Interval
    {
        long sessionId;
        long startNs;
        long endNs = OPEN_END;
        long lastSeenNs;
        int protocol;
        int insideIp;
        int insidePort;
        int outsideIp;
        int outsidePort;
        int remoteIp;
        int remotePort;
        int flags;
        String pathName;
        String endCause;
    }

    private int protocol = -1;
    private boolean byOutside;
    private int outsideIp;
    private int outsidePort = -1;
    private boolean byInside;
    private int insideIp;
    private int insidePort = -1;
    private long fromNs = Long.MIN_VALUE;
    private long toNs = Long.MAX_VALUE;

    /**
     * @param protocol IP protocol to match (6, 17, 1), or -1 for any.
     * @return this for a fluent API.
     */
    public NatLogQuery protocol(final int protocol)
    {
        this.protocol = protocol;
        return this;
    }

    /**
     * @param address outside address to match.
     * @param port    outside port, or -1 for any.
     * @return this for a fluent API.
     */
    public NatLogQuery outside(final int address, final int port)
    {
        byOutside = true;
        outsideIp = address;
        outsidePort = port;
        return this;
    }

    /**
     * @param address inside address to match.
     * @param port    inside port, or -1 for any.
     * @return this for a fluent API.
     */
    public NatLogQuery inside(final int address, final int port)
    {
        byInside = true;
        insideIp = address;
        insidePort = port;
        return this;
    }

    /**
     * Keep the sessions that held their mapping at an instant.
     *
     * @param epochNs the instant, epoch nanoseconds.
     * @return this for a fluent API.
     */
    public NatLogQuery at(final long epochNs)
    {
        return between(epochNs, epochNs + 1);
    }

    /**
     * Keep the sessions whose interval meets {@code [from, to)}.
     *
     * @param fromEpochNs start, epoch nanoseconds ({@link Long#MIN_VALUE} for no bound).
     * @param toEpochNs   end (exclusive), epoch nanoseconds ({@link Long#MAX_VALUE} for no bound).
     * @return this for a fluent API.
     */
    public NatLogQuery between(final long fromEpochNs, final long toEpochNs)
    {
        fromNs = fromEpochNs;
        toNs = toEpochNs;
        return this;
    }

    /**
     * Run the query over a journal directory.
     *
     * @param dir journal directory.
     * @return the matching sessions.
     */
    public Result run(final Path dir)
    {
        final long startNs = System.nanoTime();
        final Scan scan = new Scan();
        final JournalScanner scanner = new JournalScanner().scan(dir, scan);
        final List<Entry> entries = new ArrayList<>();
        for (final Interval s : scan.matched)
        {
            if (s.startNs < toNs && s.endNs > fromNs)
            {
                entries.add(new Entry(s.startNs, s.endNs, s.protocol, s.insideIp, s.insidePort, s.outsideIp,
                    s.outsidePort, s.remoteIp, s.remotePort, s.pathName, s.endCause, s.sessionId, s.flags));
            }
        }
        entries.sort((a, b) -> Long.compare(a.startNs(), b.startNs()));
        return new Result(entries, scanner.records(), scanner.unknown(), scanner.malformed(),
            System.nanoTime() - startNs);
    }

    private boolean matches(final NatSessionFlyweight record)
    {
        return (protocol < 0 || record.protocol() == protocol) &&
            (!byOutside || (record.outsideAddress() == outsideIp &&
                (outsidePort < 0 || record.outsidePort() == outsidePort))) &&
            (!byInside || (record.insideAddress() == insideIp &&
                (insidePort < 0 || record.insidePort() == insidePort)));
    }

    private final class Scan implements JournalScanner.Handler
    {
        final List<Interval> matched = new ArrayList<>();
        final Long2ObjectHashMap<Interval> open = new Long2ObjectHashMap<>();
        final LongHashSet seen = new LongHashSet();
        String[] pathNames = new String[0];
        long stoppedNs = Long.MIN_VALUE;

        @Override
        public void onGatewayStarted(final GatewayStartedFlyweight record)
        {
            final long startedNs = record.timestampNs();
            final long endNs = Long.MIN_VALUE != stoppedNs ? stoppedNs : startedNs;
            final long idleNs = record.restoreIdleNs();
            final boolean warm = record.warmRestart();
            for (final Long2ObjectHashMap<Interval>.EntryIterator it = open.entrySet().iterator(); it.hasNext();)
            {
                it.next();
                final Interval s = it.getValue();
                if (!warm || startedNs - s.lastSeenNs >= idleNs)
                {
                    s.endNs = Math.max(endNs, s.startNs);
                    s.endCause = warm ? CAUSE_NOT_RESTORED : CAUSE_RESTART;
                    it.remove();
                }
            }
            pathNames = record.pathNames();
            stoppedNs = Long.MIN_VALUE;
        }

        @Override
        public void onGatewayStopped(final JournalRecordFlyweight record)
        {
            stoppedNs = record.timestampNs();
        }

        @Override
        public void onSessionCreated(final NatSessionFlyweight record)
        {
            if (!matches(record))
            {
                return;
            }
            final long sessionId = record.sessionId();
            final Interval previous = open.get(sessionId);
            if (null != previous)
            {
                if (sameTuple(previous, record))
                {
                    return; // journaled again (e.g. by a restore): the same session goes on
                }
                previous.endNs = record.timestampNs();
                previous.endCause = CAUSE_SUPERSEDED;
            }
            final Interval s = interval(record);
            s.startNs = record.timestampNs();
            s.lastSeenNs = s.startNs;
            open.put(sessionId, s);
            seen.add(sessionId);
            matched.add(s);
        }

        @Override
        public void onSessionEnded(final NatSessionFlyweight record)
        {
            final long sessionId = record.sessionId();
            Interval s = open.remove(sessionId);
            if (null == s)
            {
                if (seen.contains(sessionId) || !matches(record))
                {
                    return;
                }
                s = interval(record);
                s.startNs = UNKNOWN_START;
                matched.add(s);
            }
            s.endNs = record.timestampNs();
            s.endCause = NatSessionFlyweight.causeLabel(record.cause());
        }

        @Override
        public void onSessionRefreshed(final SessionRefreshedFlyweight record)
        {
            final Interval s = open.get(record.sessionId());
            if (null != s)
            {
                s.lastSeenNs = Math.max(s.lastSeenNs, record.lastActivityNs());
            }
        }

        @Override
        public void onSubflowPlaced(final SubflowPlacedFlyweight record)
        {
            final Interval s = open.get(record.sessionId());
            if (null != s)
            {
                s.lastSeenNs = Math.max(s.lastSeenNs, record.timestampNs());
            }
        }

        private Interval interval(final NatSessionFlyweight record)
        {
            final Interval s = new Interval();
            s.sessionId = record.sessionId();
            s.protocol = record.protocol();
            s.insideIp = record.insideAddress();
            s.insidePort = record.insidePort();
            s.outsideIp = record.outsideAddress();
            s.outsidePort = record.outsidePort();
            s.remoteIp = record.remoteAddress();
            s.remotePort = record.remotePort();
            s.flags = record.flags();
            final int path = record.path();
            s.pathName = path < pathNames.length ? pathNames[path] : "path-" + path;
            return s;
        }

        private boolean sameTuple(final Interval s, final NatSessionFlyweight record)
        {
            return s.protocol == record.protocol() && s.insideIp == record.insideAddress() &&
                s.insidePort == record.insidePort() && s.outsideIp == record.outsideAddress() &&
                s.outsidePort == record.outsidePort() && s.remoteIp == record.remoteAddress() &&
                s.remotePort == record.remotePort();
        }
    }
}

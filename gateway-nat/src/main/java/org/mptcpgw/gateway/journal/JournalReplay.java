package org.mptcpgw.gateway.journal;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Warm restart: read the retained journal and rebuild the state that was live when the previous process stopped,
 * for the lead's wiring to feed into the NAT session table ({@code restore(...)}) and the MPTCP connection table.
 * Run it before the journal agent starts (the agent then writes a "gateway started" record with the warm-restart
 * flag, which tells readers that these sessions live on).
 * <p>
 * Rules, applied in journal order:
 * <ul>
 *   <li>a session is live from its "created" record until its "ended" record;
 *   <li>its last sign of life is the latest of its creation, its "refreshed" records (last activity) and the
 *       subflow records that name it; an MPTCP connection's is the latest of its "tracked" record and its
 *       subflows;
 *   <li>a "gateway started" record without the warm-restart flag ends everything before it (that process started
 *       empty); one with the flag keeps what was live, except what had no sign of life within the restore idle
 *       limit it records (that process did not restore it either);
 *   <li>at the end, the same limit is applied with the caller's time and idle limit: a session is restored only if
 *       {@code lastSeen + maxIdle > now}; a connection is restored if it has not ended and at least one of its
 *       subflow sessions is restored (or, when none of its subflows is known, if it is itself recent).
 * </ul>
 * Unknown or malformed documents are skipped and counted ({@link Result#unknown()}, {@link Result#malformed()}).
 */
public final class JournalReplay
{
    /**
     * A NAT session to restore, under its journaled id.
     *
     * @param sessionId   session id ({@link SessionIds}).
     * @param path        path index.
     * @param protocol    IP protocol.
     * @param insideIp    inside address.
     * @param insidePort  inside port.
     * @param outsideIp   outside address.
     * @param outsidePort outside port.
     * @param remoteIp    remote address.
     * @param remotePort  remote port.
     * @param flags       {@code NatSessionFlyweight.FLAG_*}.
     * @param createdNs   creation time, epoch nanoseconds.
     * @param lastSeenNs  last sign of life, epoch nanoseconds.
     */
    public record RestoredSession(
        long sessionId,
        int path,
        int protocol,
        int insideIp,
        int insidePort,
        int outsideIp,
        int outsidePort,
        int remoteIp,
        int remotePort,
        int flags,
        long createdNs,
        long lastSeenNs)
    {
    }

    /**
     * A subflow of a restored MPTCP connection.
     *
     * @param sessionId its NAT session (restored too).
     * @param path      its path.
     * @param flags     {@code SubflowPlacedFlyweight.FLAG_*}.
     */
    public record RestoredSubflow(long sessionId, int path, int flags)
    {
    }

    /**
     * An MPTCP connection to restore.
     *
     * @param mptcpVersion 0 or 1.
     * @param serverToken  token of key B.
     * @param hostToken    token of key A, 0 if unknown.
     * @param hostKey      key A, 0 if unknown.
     * @param serverKey    key B.
     * @param hostIp       host address.
     * @param hostPort     host port of the initial subflow.
     * @param serverIp     server address.
     * @param serverPort   server port.
     * @param initialPath  path of the initial subflow.
     * @param trackedNs    when it was tracked, epoch nanoseconds.
     * @param subflows     its restored subflows.
     */
    public record RestoredConnection(
        int mptcpVersion,
        int serverToken,
        int hostToken,
        long hostKey,
        long serverKey,
        int hostIp,
        int hostPort,
        int serverIp,
        int serverPort,
        int initialPath,
        long trackedNs,
        List<RestoredSubflow> subflows)
    {
    }

    /**
     * The state to restore and what the replay saw.
     *
     * @param pathNames              path names of the last process (to map indices if the configuration changed).
     * @param sessions               sessions to restore.
     * @param connections            MPTCP connections to restore.
     * @param records                valid records read.
     * @param unknown                documents skipped: unknown record type.
     * @param malformed              documents skipped: too short, too long or inconsistent.
     * @param sessionsNotRestored    sessions open at the end of the journal but too old to restore.
     * @param connectionsNotRestored connections open at the end of the journal but without a live subflow.
     * @param durationNs             time the replay took.
     */
    public record Result(
        List<String> pathNames,
        List<RestoredSession> sessions,
        List<RestoredConnection> connections,
        long records,
        long unknown,
        long malformed,
        long sessionsNotRestored,
        long connectionsNotRestored,
        long durationNs)
    {
    }

    private static final class LiveSession
    {
        long sessionId;
        int path;
        int protocol;
        int insideIp;
        int insidePort;
        int outsideIp;
        int outsidePort;
        int remoteIp;
        int remotePort;
        int flags;
        long createdNs;
        long lastSeenNs;
    }

    private static final class LiveConnection
    {
        int mptcpVersion;
        int serverToken;
        int hostToken;
        long hostKey;
        long serverKey;
        int hostIp;
        int hostPort;
        int serverIp;
        int serverPort;
        int initialPath;
        long trackedNs;
        long lastSeenNs;
        final LongArrayList subflowSessions = new LongArrayList();
        final LongArrayList subflowPathAndFlags = new LongArrayList();

        void addSubflow(final long sessionId, final int path, final int flags)
        {
            if (!subflowSessions.containsLong(sessionId))
            {
                subflowSessions.addLong(sessionId);
                subflowPathAndFlags.addLong(((long)path << 8) | flags);
            }
        }
    }

    private final Long2ObjectHashMap<LiveSession> sessions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap tcpTupleIndex = new Long2LongHashMap(SessionIds.NONE);
    private final Long2ObjectHashMap<LiveConnection> connections = new Long2ObjectHashMap<>();
    private String[] pathNames = new String[0];

    private JournalReplay()
    {
    }

    /**
     * Replay a journal directory (an empty result when it holds no journal).
     *
     * @param dir       journal directory.
     * @param nowNs     current wall-clock time, epoch nanoseconds.
     * @param maxIdleNs the longest idle timeout ({@link JournalSettings#longestIdleTimeoutNs}).
     * @return the state to restore.
     */
    public static Result replay(final Path dir, final long nowNs, final long maxIdleNs)
    {
        final long startNs = System.nanoTime();
        final JournalReplay replay = new JournalReplay();
        final JournalScanner scanner = new JournalScanner().scan(dir, replay.handler());
        final long openSessions = replay.sessions.size();
        final long openConnections = replay.connections.size();
        replay.expire(nowNs, maxIdleNs);
        final List<RestoredSession> restoredSessions = replay.restoredSessions();
        final List<RestoredConnection> restoredConnections = replay.restoredConnections();
        return new Result(List.of(replay.pathNames), restoredSessions, restoredConnections,
            scanner.records(), scanner.unknown(), scanner.malformed(),
            openSessions - restoredSessions.size(), openConnections - restoredConnections.size(),
            System.nanoTime() - startNs);
    }

    private static long tupleKey(final int insideIp, final int insidePort, final int remoteIp, final int remotePort)
    {
        // A mix of the 96-bit tuple; a lookup checks the session's fields, so a collision only loses a link.
        final long a = ((long)insideIp << 32) | (remoteIp & 0xFFFF_FFFFL);
        final long b = ((long)insidePort << 16) | remotePort;
        long h = a * 0x9E37_79B9_7F4A_7C15L + b;
        h ^= h >>> 31;
        return h == SessionIds.NONE ? 0 : h;
    }

    private static long connectionKey(final int serverToken, final int hostIp)
    {
        return ((long)serverToken << 32) | (hostIp & 0xFFFF_FFFFL);
    }

    private JournalScanner.Handler handler()
    {
        return new JournalScanner.Handler()
        {
            @Override
            public void onGatewayStarted(final GatewayStartedFlyweight record)
            {
                pathNames = record.pathNames();
                if (record.warmRestart())
                {
                    expire(record.timestampNs(), record.restoreIdleNs());
                }
                else
                {
                    sessions.clear();
                    tcpTupleIndex.clear();
                    connections.clear();
                }
            }

            @Override
            public void onSessionCreated(final NatSessionFlyweight record)
            {
                final LiveSession s = new LiveSession();
                s.sessionId = record.sessionId();
                s.path = record.path();
                s.protocol = record.protocol();
                s.insideIp = record.insideAddress();
                s.insidePort = record.insidePort();
                s.outsideIp = record.outsideAddress();
                s.outsidePort = record.outsidePort();
                s.remoteIp = record.remoteAddress();
                s.remotePort = record.remotePort();
                s.flags = record.flags();
                s.createdNs = record.timestampNs();
                s.lastSeenNs = s.createdNs;
                sessions.put(s.sessionId, s);
                if (6 == s.protocol)
                {
                    tcpTupleIndex.put(tupleKey(s.insideIp, s.insidePort, s.remoteIp, s.remotePort), s.sessionId);
                }
            }

            @Override
            public void onSessionEnded(final NatSessionFlyweight record)
            {
                removeSession(record.sessionId());
            }

            @Override
            public void onSessionRefreshed(final SessionRefreshedFlyweight record)
            {
                final LiveSession s = sessions.get(record.sessionId());
                if (null != s)
                {
                    s.lastSeenNs = Math.max(s.lastSeenNs, Math.max(record.lastActivityNs(), 0));
                }
            }

            @Override
            public void onMptcpTracked(final MptcpTrackedFlyweight record)
            {
                final LiveConnection c = new LiveConnection();
                c.mptcpVersion = record.mptcpVersion();
                c.serverToken = record.serverToken();
                c.hostToken = record.hostToken();
                c.hostKey = record.hostKey();
                c.serverKey = record.serverKey();
                c.hostIp = record.hostAddress();
                c.hostPort = record.hostPort();
                c.serverIp = record.serverAddress();
                c.serverPort = record.serverPort();
                c.initialPath = record.initialPath();
                c.trackedNs = record.timestampNs();
                c.lastSeenNs = c.trackedNs;
                long initial = record.initialSessionId();
                if (SessionIds.NONE == initial)
                {
                    initial = tcpTupleIndex.get(tupleKey(c.hostIp, c.hostPort, c.serverIp, c.serverPort));
                }
                final LiveSession s = SessionIds.NONE == initial ? null : sessions.get(initial);
                if (null != s && s.insideIp == c.hostIp && s.insidePort == c.hostPort && s.remoteIp == c.serverIp &&
                    s.remotePort == c.serverPort)
                {
                    c.addSubflow(s.sessionId, c.initialPath, SubflowPlacedFlyweight.FLAG_INITIAL);
                    s.lastSeenNs = Math.max(s.lastSeenNs, c.trackedNs);
                }
                connections.put(connectionKey(c.serverToken, c.hostIp), c);
            }

            @Override
            public void onSubflowPlaced(final SubflowPlacedFlyweight record)
            {
                final LiveSession s = sessions.get(record.sessionId());
                if (null != s)
                {
                    s.lastSeenNs = Math.max(s.lastSeenNs, record.timestampNs());
                }
                if (0 != (record.flags() & SubflowPlacedFlyweight.FLAG_UNKNOWN_TOKEN))
                {
                    return;
                }
                final LiveConnection c = connections.get(connectionKey(record.serverToken(), record.insideAddress()));
                if (null != c && null != s)
                {
                    c.addSubflow(s.sessionId, record.path(), record.flags());
                    c.lastSeenNs = Math.max(c.lastSeenNs, record.timestampNs());
                }
            }

            @Override
            public void onMptcpEnded(final MptcpEndedFlyweight record)
            {
                connections.remove(connectionKey(record.serverToken(), record.hostAddress()));
            }
        };
    }

    private void removeSession(final long sessionId)
    {
        final LiveSession s = sessions.remove(sessionId);
        if (null != s && 6 == s.protocol)
        {
            final long key = tupleKey(s.insideIp, s.insidePort, s.remoteIp, s.remotePort);
            if (tcpTupleIndex.get(key) == sessionId)
            {
                tcpTupleIndex.remove(key);
            }
        }
    }

    private void expire(final long nowNs, final long maxIdleNs)
    {
        final LongArrayList stale = new LongArrayList();
        for (final LiveSession s : sessions.values())
        {
            if (nowNs - s.lastSeenNs >= maxIdleNs)
            {
                stale.addLong(s.sessionId);
            }
        }
        for (int i = 0; i < stale.size(); i++)
        {
            removeSession(stale.getLong(i));
        }
        stale.clear();
        for (final Long2ObjectHashMap<LiveConnection>.EntryIterator it = connections.entrySet().iterator();
            it.hasNext();)
        {
            it.next();
            final LiveConnection c = it.getValue();
            if (!restorable(c, nowNs, maxIdleNs))
            {
                it.remove();
            }
        }
    }

    private boolean restorable(final LiveConnection c, final long nowNs, final long maxIdleNs)
    {
        if (c.subflowSessions.isEmpty())
        {
            return nowNs - c.lastSeenNs < maxIdleNs;
        }
        for (int i = 0; i < c.subflowSessions.size(); i++)
        {
            if (sessions.containsKey(c.subflowSessions.getLong(i)))
            {
                return true;
            }
        }
        return false;
    }

    private List<RestoredSession> restoredSessions()
    {
        final List<RestoredSession> result = new ArrayList<>(sessions.size());
        for (final LiveSession s : sessions.values())
        {
            result.add(new RestoredSession(s.sessionId, s.path, s.protocol, s.insideIp, s.insidePort, s.outsideIp,
                s.outsidePort, s.remoteIp, s.remotePort, s.flags, s.createdNs, s.lastSeenNs));
        }
        result.sort((a, b) -> Long.compare(a.createdNs(), b.createdNs()));
        return result;
    }

    private List<RestoredConnection> restoredConnections()
    {
        final List<RestoredConnection> result = new ArrayList<>(connections.size());
        for (final LiveConnection c : connections.values())
        {
            final List<RestoredSubflow> subflows = new ArrayList<>();
            for (int i = 0; i < c.subflowSessions.size(); i++)
            {
                final long sessionId = c.subflowSessions.getLong(i);
                if (sessions.containsKey(sessionId))
                {
                    final long pathAndFlags = c.subflowPathAndFlags.getLong(i);
                    subflows.add(new RestoredSubflow(sessionId, (int)(pathAndFlags >>> 8), (int)pathAndFlags & 0xFF));
                }
            }
            result.add(new RestoredConnection(c.mptcpVersion, c.serverToken, c.hostToken, c.hostKey, c.serverKey,
                c.hostIp, c.hostPort, c.serverIp, c.serverPort, c.initialPath, c.trackedNs, List.copyOf(subflows)));
        }
        result.sort((a, b) -> Long.compare(a.trackedNs(), b.trackedNs()));
        return result;
    }
}

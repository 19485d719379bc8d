package org.mptcpgw.core.mptcp;

import org.agrona.collections.Int2IntHashMap;

/**
 * MPTCP connections seen on the wire, keyed by token, with the paths their subflows use (draft-wr-mptcp-single-homed
 * section 2.2: tie each MP_JOIN to its connection and place the subflows of one connection on different uplinks).
 * <p>
 * Life of a connection:
 * <ol>
 *   <li>The host's SYN with MP_CAPABLE creates a PENDING entry (v0 carries key A, v1 no key; RFC 8684 section 3.1).
 *   <li>The server's SYN/ACK with MP_CAPABLE carries key B; its token (the first 32 bits of SHA-1 (v0) or SHA-256 (v1)
 *       of key B) is what the host puts in the MP_JOIN SYNs of new subflows, so the entry is indexed by it and becomes
 *       ESTABLISHED. A SYN/ACK without MP_CAPABLE means fallback to TCP (RFC 8684 section 3.7): the entry is freed.
 *   <li>v1: the third ACK (or the first data segment) carries keys A and B; token A is indexed too, so a
 *       server-initiated join is recognised.
 *   <li>Each subflow is a session of the flow table whose user data points at the connection; the table counts live
 *       subflows per path (placement reads them) and open subflows (not closed by RST or FIN both ways).
 *   <li>The connection ENDS when its last open subflow closes, on MP_FASTCLOSE (RFC 8684 section 3.5) or when its
 *       last subflow session is removed (idle timeout of the flow table): the tokens are unindexed and listeners told.
 *       The record is freed once no session refers to it any more.
 * </ol>
 * Single writer: the worker that owns the flows of the host. Capacity is fixed; when it is full new connections are
 * not tracked (the caller counts it) and their joins are placed by hash. Nothing allocates after construction.
 */
public final class MptcpConnectionTable
{
    /** No connection. */
    public static final int NONE = -1;

    /** State: slot unused. */
    public static final byte FREE = 0;
    /** State: MP_CAPABLE SYN seen, waiting for the SYN/ACK. */
    public static final byte PENDING = 1;
    /** State: MP_CAPABLE SYN/ACK seen, token B known. */
    public static final byte ESTABLISHED = 2;
    /** State: ended (tokens unindexed), waiting for its sessions to be removed. */
    public static final byte ENDED = 3;

    /** End cause: the last open subflow closed (RST or FIN in both directions). */
    public static final int CAUSE_CLOSED = 0;
    /** End cause: MP_FASTCLOSE. */
    public static final int CAUSE_FASTCLOSE = 1;
    /** End cause: the flow table removed the last subflow (idle timeout). */
    public static final int CAUSE_IDLE = 2;
    /** End cause: the SYN/ACK had no MP_CAPABLE (fallback to plain TCP). */
    public static final int CAUSE_FALLBACK = 3;
    /** End cause: evicted by a token collision. */
    public static final int CAUSE_COLLISION = 4;
    /** Labels of the end causes, by cause number. */
    public static final String[] CAUSE_LABELS = {"closed", "fastclose", "idle", "fallback", "collision"};

    /**
     * Told about connections as they are tracked and end (e.g. the journal). Called on the owning thread; must not
     * keep the index beyond the call.
     */
    public interface Listener
    {
        /**
         * The server's key is known: the connection is tracked by token.
         *
         * @param table the table, to read fields.
         * @param conn  connection index.
         */
        void onTracked(MptcpConnectionTable table, int conn);

        /**
         * A subflow was added to a connection.
         *
         * @param table the table.
         * @param conn  connection index.
         * @param path  path of the subflow.
         */
        void onSubflowAdded(MptcpConnectionTable table, int conn, int path);

        /**
         * The connection ended.
         *
         * @param table the table.
         * @param conn  connection index.
         * @param cause one of the CAUSE_* values.
         */
        void onEnded(MptcpConnectionTable table, int conn, int cause);
    }

    private final int capacity;
    private final int maxPaths;
    private final Listener listener;
    private final Int2IntHashMap tokenIndex;
    private final int[] freeList;
    private int freeCount;
    private int tracked;

    private final byte[] state;
    private final byte[] version;
    private final long[] keyA;
    private final long[] keyB;
    private final int[] tokenA;
    private final int[] tokenB;
    private final int[] hostIp;
    private final short[] hostPort;
    private final int[] serverIp;
    private final short[] serverPort;
    private final byte[] initialPath;
    private final short[] openSubflows;
    private final short[] liveSubflows;
    private final byte[] subflowsPerPath;
    private final byte[] openSubflowsPerPath;
    private final long[] createdNs;
    private long tokenCollisions;

    /**
     * @param capacity most connections tracked at once.
     * @param maxPaths number of paths (at most 16).
     * @param listener told about tracked and ended connections.
     */
    public MptcpConnectionTable(final int capacity, final int maxPaths, final Listener listener)
    {
        if (capacity < 1 || maxPaths < 1 || maxPaths > 16)
        {
            throw new IllegalArgumentException("capacity " + capacity + ", paths " + maxPaths);
        }
        this.capacity = capacity;
        this.maxPaths = maxPaths;
        this.listener = listener;
        // Two tokens per connection at most; sized so that it never resizes (no allocation when full).
        this.tokenIndex = new Int2IntHashMap(Math.max(8, capacity * 4), 0.65f, NONE);
        freeList = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeList[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        state = new byte[capacity];
        version = new byte[capacity];
        keyA = new long[capacity];
        keyB = new long[capacity];
        tokenA = new int[capacity];
        tokenB = new int[capacity];
        hostIp = new int[capacity];
        hostPort = new short[capacity];
        serverIp = new int[capacity];
        serverPort = new short[capacity];
        initialPath = new byte[capacity];
        openSubflows = new short[capacity];
        liveSubflows = new short[capacity];
        subflowsPerPath = new byte[capacity * maxPaths];
        openSubflowsPerPath = new byte[capacity * maxPaths];
        createdNs = new long[capacity];
    }

    /**
     * The host sent a SYN with MP_CAPABLE: start tracking (PENDING). The SYN's own subflow is added on the path.
     *
     * @param mptcpVersion 0 or 1.
     * @param hostKey      key A for v0 (0 when absent, as in v1).
     * @param host         host address.
     * @param hostTcpPort  host port.
     * @param server       server address.
     * @param serverTcpPort server port.
     * @param path         path of the initial subflow.
     * @param nowNs        current time.
     * @return connection index, or {@link #NONE} when the table is full.
     */
    public int onCapableSyn(
        final int mptcpVersion,
        final long hostKey,
        final int host,
        final int hostTcpPort,
        final int server,
        final int serverTcpPort,
        final int path,
        final long nowNs)
    {
        if (0 == freeCount)
        {
            return NONE;
        }
        final int c = freeList[--freeCount];
        state[c] = PENDING;
        version[c] = (byte)mptcpVersion;
        keyA[c] = hostKey;
        keyB[c] = 0;
        tokenA[c] = 0;
        tokenB[c] = 0;
        hostIp[c] = host;
        hostPort[c] = (short)hostTcpPort;
        serverIp[c] = server;
        serverPort[c] = (short)serverTcpPort;
        initialPath[c] = (byte)path;
        openSubflows[c] = 0;
        liveSubflows[c] = 0;
        for (int p = 0; p < maxPaths; p++)
        {
            subflowsPerPath[c * maxPaths + p] = 0;
            openSubflowsPerPath[c * maxPaths + p] = 0;
        }
        createdNs[c] = nowNs;
        addSubflowCounts(c, path);
        return c;
    }

    /**
     * The server answered with MP_CAPABLE: record key B and index its token (RFC 8684 section 3.1; a v1 responder
     * may answer a v1 SYN with v0 and vice versa, the lower version wins).
     *
     * @param conn         connection index from {@link #onCapableSyn}.
     * @param mptcpVersion version of the SYN/ACK.
     * @param serverKey    key B.
     * @param serverToken  token of key B for that version.
     * @param hostToken    token of key A when known (v0), else 0.
     */
    public void onCapableSynAck(
        final int conn, final int mptcpVersion, final long serverKey, final int serverToken, final int hostToken)
    {
        if (PENDING != state[conn])
        {
            return; // retransmitted SYN/ACK: the first one counted
        }
        version[conn] = (byte)Math.min(version[conn], mptcpVersion);
        keyB[conn] = serverKey;
        tokenB[conn] = serverToken;
        state[conn] = ESTABLISHED;
        index(conn, serverToken);
        if (0 != keyA[conn] && 0 != hostToken)
        {
            tokenA[conn] = hostToken;
            index(conn, hostToken);
        }
        tracked++;
        listener.onTracked(this, conn);
    }

    /**
     * v1 third ACK (or first data) with MP_CAPABLE carrying key A: index token A.
     *
     * @param conn      connection index.
     * @param hostKey   key A.
     * @param hostToken token of key A.
     */
    public void onCapableAck(final int conn, final long hostKey, final int hostToken)
    {
        if (ESTABLISHED != state[conn] || 0 != tokenA[conn])
        {
            return;
        }
        keyA[conn] = hostKey;
        tokenA[conn] = hostToken;
        index(conn, hostToken);
    }

    private void index(final int conn, final int token)
    {
        final int previous = tokenIndex.put(token, conn);
        if (NONE != previous && previous != conn)
        {
            // Two live connections with one token (from different hosts): the newer one wins, the older one can no
            // longer be joined. Counted; the kernel guarantees unique tokens per host, so this is cross-host only.
            tokenCollisions++;
            if (tokenA[previous] == token)
            {
                tokenA[previous] = 0;
            }
            if (tokenB[previous] == token)
            {
                tokenB[previous] = 0;
            }
            if (0 == tokenA[previous] && 0 == tokenB[previous] && ESTABLISHED == state[previous])
            {
                end(previous, CAUSE_COLLISION);
            }
        }
    }

    /**
     * The SYN/ACK had no MP_CAPABLE: the connection is plain TCP (RFC 8684 section 3.7). Frees the entry's MPTCP
     * state; the caller clears the session's link to it.
     *
     * @param conn connection index.
     */
    public void onFallback(final int conn)
    {
        if (PENDING == state[conn])
        {
            state[conn] = ENDED;
            listener.onEnded(this, conn, CAUSE_FALLBACK);
            free(conn);
        }
    }

    /**
     * @param token receiver's token from an MP_JOIN SYN.
     * @return the connection, or {@link #NONE}.
     */
    public int lookupToken(final int token)
    {
        return tokenIndex.get(token);
    }

    /**
     * A new subflow of the connection was placed on a path.
     *
     * @param conn connection index.
     * @param path path of the subflow.
     */
    public void addSubflow(final int conn, final int path)
    {
        addSubflowCounts(conn, path);
        listener.onSubflowAdded(this, conn, path);
    }

    private void addSubflowCounts(final int conn, final int path)
    {
        openSubflows[conn]++;
        liveSubflows[conn]++;
        final int i = conn * maxPaths + path;
        if (subflowsPerPath[i] < Byte.MAX_VALUE)
        {
            subflowsPerPath[i]++;
        }
        if (openSubflowsPerPath[i] < Byte.MAX_VALUE)
        {
            openSubflowsPerPath[i]++;
        }
    }

    /**
     * A subflow closed (RST, or FIN seen in both directions); its session may still linger.
     *
     * @param conn connection index.
     * @param path path of the subflow.
     */
    public void subflowClosed(final int conn, final int path)
    {
        final int i = conn * maxPaths + path;
        if (openSubflowsPerPath[i] > 0)
        {
            openSubflowsPerPath[i]--;
        }
        if (openSubflows[conn] > 0 && 0 == --openSubflows[conn] && ESTABLISHED == state[conn])
        {
            end(conn, CAUSE_CLOSED);
        }
    }

    /**
     * The session of a subflow was removed from the flow table.
     *
     * @param conn        connection index.
     * @param path        path of the subflow.
     * @param wasClosed   true if {@link #subflowClosed} was already called for it.
     */
    public void subflowRemoved(final int conn, final int path, final boolean wasClosed)
    {
        final int i = conn * maxPaths + path;
        if (subflowsPerPath[i] > 0)
        {
            subflowsPerPath[i]--;
        }
        if (!wasClosed && openSubflows[conn] > 0)
        {
            openSubflows[conn]--;
        }
        if (!wasClosed && openSubflowsPerPath[i] > 0)
        {
            openSubflowsPerPath[i]--;
        }
        if (liveSubflows[conn] > 0)
        {
            liveSubflows[conn]--;
        }
        if (0 == liveSubflows[conn])
        {
            if (ESTABLISHED == state[conn] || PENDING == state[conn])
            {
                end(conn, CAUSE_IDLE);
            }
            free(conn);
        }
    }

    /**
     * MP_FASTCLOSE seen on a subflow: the whole connection ends now (RFC 8684 section 3.5).
     *
     * @param conn connection index.
     */
    public void onFastClose(final int conn)
    {
        if (ESTABLISHED == state[conn] || PENDING == state[conn])
        {
            end(conn, CAUSE_FASTCLOSE);
        }
    }

    private void end(final int conn, final int cause)
    {
        if (0 != tokenB[conn] && conn == tokenIndex.get(tokenB[conn]))
        {
            tokenIndex.remove(tokenB[conn]);
        }
        if (0 != tokenA[conn] && conn == tokenIndex.get(tokenA[conn]))
        {
            tokenIndex.remove(tokenA[conn]);
        }
        if (ESTABLISHED == state[conn])
        {
            tracked--;
        }
        state[conn] = ENDED;
        listener.onEnded(this, conn, cause);
    }

    private void free(final int conn)
    {
        if (FREE != state[conn])
        {
            state[conn] = FREE;
            freeList[freeCount++] = conn;
        }
    }

    /**
     * @param conn connection index.
     * @param path path index.
     * @return open subflows of the connection on the path: placement looks at these, so a subflow that was reset
     *         (say when its path died) no longer counts while its session lingers.
     */
    public int subflowsOnPath(final int conn, final int path)
    {
        return openSubflowsPerPath[conn * maxPaths + path];
    }

    /**
     * @param conn connection index.
     * @param path path index.
     * @return live subflows of the connection on the path: open ones and closed ones whose session lingers.
     */
    public int liveSubflowsOnPath(final int conn, final int path)
    {
        return subflowsPerPath[conn * maxPaths + path];
    }

    /**
     * @param conn connection index.
     * @return state (FREE, PENDING, ESTABLISHED, ENDED).
     */
    public byte state(final int conn)
    {
        return state[conn];
    }

    /**
     * @param conn connection index.
     * @return MPTCP version (0 or 1).
     */
    public int version(final int conn)
    {
        return version[conn];
    }

    /**
     * @param conn connection index.
     * @return key A (host), 0 if unknown.
     */
    public long hostKey(final int conn)
    {
        return keyA[conn];
    }

    /**
     * @param conn connection index.
     * @return key B (server), 0 if unknown.
     */
    public long serverKey(final int conn)
    {
        return keyB[conn];
    }

    /**
     * @param conn connection index.
     * @return token of key A, 0 if unknown.
     */
    public int hostToken(final int conn)
    {
        return tokenA[conn];
    }

    /**
     * @param conn connection index.
     * @return token of key B (carried by host-initiated MP_JOIN SYNs), 0 if unknown.
     */
    public int serverToken(final int conn)
    {
        return tokenB[conn];
    }

    /**
     * @param conn connection index.
     * @return host address.
     */
    public int hostIp(final int conn)
    {
        return hostIp[conn];
    }

    /**
     * @param conn connection index.
     * @return host port of the initial subflow.
     */
    public int hostPort(final int conn)
    {
        return hostPort[conn] & 0xFFFF;
    }

    /**
     * @param conn connection index.
     * @return server address of the initial subflow.
     */
    public int serverIp(final int conn)
    {
        return serverIp[conn];
    }

    /**
     * @param conn connection index.
     * @return server port of the initial subflow.
     */
    public int serverPort(final int conn)
    {
        return serverPort[conn] & 0xFFFF;
    }

    /**
     * @param conn connection index.
     * @return path of the initial subflow.
     */
    public int initialPath(final int conn)
    {
        return initialPath[conn];
    }

    /**
     * @param conn connection index.
     * @return subflows not yet closed.
     */
    public int openSubflows(final int conn)
    {
        return openSubflows[conn];
    }

    /**
     * @param conn connection index.
     * @return subflow sessions still in the flow table.
     */
    public int liveSubflows(final int conn)
    {
        return liveSubflows[conn];
    }

    /**
     * @param conn connection index.
     * @return time the MP_CAPABLE SYN was seen.
     */
    public long createdNs(final int conn)
    {
        return createdNs[conn];
    }

    /**
     * @return connections tracked by token now (ESTABLISHED).
     */
    public int trackedCount()
    {
        return tracked;
    }

    /**
     * @return entries in use (any state but FREE).
     */
    public int usedCount()
    {
        return capacity - freeCount;
    }

    /**
     * @return tokens that were indexed while another connection held them.
     */
    public long tokenCollisions()
    {
        return tokenCollisions;
    }

    /**
     * @return maximum number of entries.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return number of paths.
     */
    public int maxPaths()
    {
        return maxPaths;
    }
}

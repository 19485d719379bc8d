package org.mptcpgw.gateway.path;

import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.gateway.config.PathConfig;

/**
 * Picks the path of a new flow or subflow. Pure decisions over the worker's {@link PathTable}; nothing allocates.
 * <p>
 * Rules (docs/placement.md):
 * <ul>
 *   <li>Only usable paths are candidates: not DOWN and, for MPTCP subflows, not flagged as stripping MPTCP.
 *       DEGRADED paths are used only when no UP path of the same class is left. BACKUP paths only when no
 *       primary or secondary path is usable, except that an MP_JOIN with the backup flag prefers a backup path.</li>
 *   <li>Draft section 2.1: a source pinned to a path (path.NAME.sources) goes to that path while it is usable.</li>
 *   <li>The initial subflow (MP_CAPABLE SYN) stays on the primary path, unless configured to spread or the primary
 *       is not usable.</li>
 *   <li>An MP_JOIN goes first to a candidate path its connection does not use yet (distinct paths first); then to
 *       the path with the lowest (the connection's subflows on it + 1) / weight, so one connection's subflows follow
 *       the weights; ties go to the lowest (all subflows of this worker on the path + 1) / weight, then to a
 *       hash-chosen start index. An MP_JOIN with an unknown token is placed by a weighted hash.</li>
 *   <li>With placement.join-while-path-down=reset, a join that could only share a path with another subflow of
 *       its connection while a non-backup path is DOWN is answered with a reset instead
 *       ({@link #doublesWhilePathDown}): the host agent retries it, and it reaches the path once it is back.</li>
 *   <li>Plain flows stay on the primary path, or are spread by a weighted hash of the flow if configured.</li>
 * </ul>
 */
public final class PlacementPolicy
{
    /** No path can take the flow. */
    public static final int NO_PATH = -1;

    private final PathTable paths;
    private final boolean spreadInitialSubflow;
    private final boolean spreadPlainFlows;
    private final boolean hashSubflows;

    /**
     * @param paths                the worker's paths.
     * @param spreadInitialSubflow placement.initial-subflow=spread.
     * @param spreadPlainFlows     placement.plain-flows=weighted.
     * @param hashSubflows         placement.subflows=hash.
     */
    public PlacementPolicy(
        final PathTable paths,
        final boolean spreadInitialSubflow,
        final boolean spreadPlainFlows,
        final boolean hashSubflows)
    {
        this.paths = paths;
        this.spreadInitialSubflow = spreadInitialSubflow;
        this.spreadPlainFlows = spreadPlainFlows;
        this.hashSubflows = hashSubflows;
    }

    /**
     * Place the SYN of a plain (non-MPTCP) flow, or the first packet of a UDP/ICMP flow.
     *
     * @param source   LAN source address.
     * @param flowHash hash of the flow's 5-tuple.
     * @return path index or {@link #NO_PATH}.
     */
    public int placePlain(final int source, final int flowHash)
    {
        final int pinned = pinned(source, false);
        if (pinned >= 0)
        {
            return pinned;
        }
        if (!spreadPlainFlows)
        {
            final int primary = paths.primary();
            if (primary >= 0 && PathTable.UP == paths.state(primary))
            {
                return primary;
            }
        }
        return weightedHash(flowHash, false, false);
    }

    /**
     * Place the initial subflow of an MPTCP connection (the SYN with MP_CAPABLE).
     *
     * @param source   LAN source address.
     * @param flowHash hash of the flow's 5-tuple.
     * @return path index or {@link #NO_PATH}.
     */
    public int placeInitialSubflow(final int source, final int flowHash)
    {
        final int pinned = pinned(source, true);
        if (pinned >= 0)
        {
            return pinned;
        }
        if (!spreadInitialSubflow)
        {
            final int primary = paths.primary();
            if (primary >= 0 && PathTable.UP == paths.state(primary) && !paths.stripsMptcp(primary))
            {
                return primary;
            }
        }
        return leastLoaded(null, MptcpConnectionTable.NONE, false, flowHash);
    }

    /**
     * Place a new subflow (MP_JOIN SYN).
     *
     * @param table      the connection table.
     * @param conn       connection found by token, or {@link MptcpConnectionTable#NONE}.
     * @param backupFlag the B flag of the MP_JOIN (RFC 8684 section 3.2).
     * @param source     LAN source address.
     * @param flowHash   hash of the flow's 5-tuple.
     * @return path index or {@link #NO_PATH}.
     */
    public int placeJoin(
        final MptcpConnectionTable table,
        final int conn,
        final boolean backupFlag,
        final int source,
        final int flowHash)
    {
        final int pinned = pinned(source, true);
        if (pinned >= 0)
        {
            return pinned;
        }
        if (MptcpConnectionTable.NONE == conn || hashSubflows)
        {
            return weightedHash(flowHash, true, backupFlag);
        }
        return leastLoaded(table, conn, backupFlag, flowHash);
    }

    /**
     * Whether a join placed on {@code path} would double up with another subflow of its connection while a
     * non-backup path is DOWN, i.e. whether the subflow would be better retried once that path returns.
     *
     * @param table the connection table.
     * @param conn  the join's connection, or {@link MptcpConnectionTable#NONE}.
     * @param path  the path {@link #placeJoin} chose.
     * @return true if the join would share a path only because another is down.
     */
    public boolean doublesWhilePathDown(final MptcpConnectionTable table, final int conn, final int path)
    {
        if (MptcpConnectionTable.NONE == conn || path < 0 || 0 == table.subflowsOnPath(conn, path))
        {
            return false;
        }
        for (int p = 0, n = paths.count(); p < n; p++)
        {
            if (PathTable.DOWN == paths.state(p) && PathConfig.Role.BACKUP != paths.role(p) &&
                0 == table.subflowsOnPath(conn, p))
            {
                return true;
            }
        }
        return false;
    }

    private int pinned(final int source, final boolean mptcp)
    {
        for (int p = 0, n = paths.count(); p < n; p++)
        {
            if (paths.config(p).pins(source))
            {
                return usable(p, mptcp) ? p : NO_PATH;
            }
        }
        return NO_PATH;
    }

    private boolean usable(final int p, final boolean mptcp)
    {
        return PathTable.DOWN != paths.state(p) && !(mptcp && paths.stripsMptcp(p));
    }

    /**
     * The candidate class for this decision: 2 = UP non-backup, 1 = DEGRADED non-backup, then backups likewise;
     * with the backup flag, backups come first. Returns the rank of a path, lower is better, or -1 if unusable.
     */
    private int rank(final int p, final boolean mptcp, final boolean preferBackup)
    {
        if (!usable(p, mptcp))
        {
            return -1;
        }
        final boolean backup = PathConfig.Role.BACKUP == paths.role(p);
        final int health = PathTable.UP == paths.state(p) ? 0 : 1;
        final int roleRank = backup == preferBackup ? 0 : 2;
        return roleRank + health;
    }

    private int bestRank(final boolean mptcp, final boolean preferBackup)
    {
        int best = Integer.MAX_VALUE;
        for (int p = 0, n = paths.count(); p < n; p++)
        {
            final int r = rank(p, mptcp, preferBackup);
            if (r >= 0 && r < best)
            {
                best = r;
            }
        }
        return best;
    }

    private int leastLoaded(
        final MptcpConnectionTable table, final int conn, final boolean preferBackup, final int flowHash)
    {
        final int best = bestRank(true, preferBackup);
        if (Integer.MAX_VALUE == best)
        {
            return NO_PATH;
        }
        int chosen = NO_PATH;
        boolean chosenFresh = false;
        long chosenOwnNum = 0;
        long chosenOwnDen = 1;
        long chosenLoadNum = 0;
        long chosenLoadDen = 1;
        final int n = paths.count();
        final int start = (flowHash & 0x7FFF_FFFF) % n;
        for (int k = 0; k < n; k++)
        {
            final int p = (start + k) % n;
            if (rank(p, true, preferBackup) != best)
            {
                continue;
            }
            final int own = null == table ? 0 : table.subflowsOnPath(conn, p);
            final boolean fresh = 0 == own;
            final long weight = paths.weight(p);
            final long ownNum = own + 1L;
            // Joins balance subflows; initial subflows balance all flows: a path whose MPTCP handshakes fall back
            // (an uplink stripping the option) keeps its flows as load and does not attract every new connection.
            final long loadNum = (null == table ? paths.flowLoad(p) : paths.subflowLoad(p)) + 1L;
            final boolean better;
            if (NO_PATH == chosen || fresh != chosenFresh)
            {
                better = NO_PATH == chosen || fresh;
            }
            else if (ownNum * chosenOwnDen != chosenOwnNum * weight)
            {
                better = ownNum * chosenOwnDen < chosenOwnNum * weight;
            }
            else
            {
                better = loadNum * chosenLoadDen < chosenLoadNum * weight;
            }
            if (better)
            {
                chosen = p;
                chosenFresh = fresh;
                chosenOwnNum = ownNum;
                chosenOwnDen = weight;
                chosenLoadNum = loadNum;
                chosenLoadDen = weight;
            }
        }
        return chosen;
    }

    private int weightedHash(final int flowHash, final boolean mptcp, final boolean preferBackup)
    {
        final int best = bestRank(mptcp, preferBackup);
        if (Integer.MAX_VALUE == best)
        {
            return NO_PATH;
        }
        long total = 0;
        for (int p = 0, n = paths.count(); p < n; p++)
        {
            if (rank(p, mptcp, preferBackup) == best)
            {
                total += paths.weight(p);
            }
        }
        long point = Integer.toUnsignedLong(mix(flowHash)) % total;
        for (int p = 0, n = paths.count(); p < n; p++)
        {
            if (rank(p, mptcp, preferBackup) == best)
            {
                point -= paths.weight(p);
                if (point < 0)
                {
                    return p;
                }
            }
        }
        return NO_PATH;
    }

    private static int mix(final int h)
    {
        int x = h * 0x9E3779B9;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        return x;
    }
}

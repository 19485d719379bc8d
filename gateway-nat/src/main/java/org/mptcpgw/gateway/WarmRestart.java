package org.mptcpgw.gateway;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.gateway.journal.JournalReplay;
import org.mptcpgw.gateway.journal.NatSessionFlyweight;
import org.mptcpgw.gateway.journal.SessionIds;
import org.mptcpgw.gateway.journal.SubflowPlacedFlyweight;
import org.mptcpgw.gateway.pipeline.GatewayContext;
import org.mptcpgw.gateway.pipeline.GatewayPipeline;
import org.mptcpgw.nat.SessionImage;
import org.mptcpgw.nat.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Puts the state a journal replay found back into the workers' tables before they start, so flows that were live
 * when the previous process stopped (or crashed) keep their outside port and their path: NAT sessions first (each
 * under its journaled id, so the NAT log reads one continuous session), then the MPTCP connections, whose tokens
 * and subflows are re-linked to the restored sessions.
 * <p>
 * A restored TCP session is treated as established with its last journaled sign of life: if the flow really went
 * away during the downtime, its ordinary idle timeout removes it.
 */
final class WarmRestart
{
    private static final Logger LOG = LoggerFactory.getLogger(WarmRestart.class);

    private WarmRestart()
    {
    }

    static void apply(
        final JournalReplay.Result replay,
        final List<GatewayPipeline> pipelines,
        final long nowNs,
        final EpochNanoClock wallClock)
    {
        final long wallNowNs = wallClock.nanoTime();
        final int workers = pipelines.size();
        final SessionImage image = new SessionImage();
        final Long2LongHashMap restoredIndex = new Long2LongHashMap(-1L);
        int restored = 0;
        int refused = 0;
        for (final JournalReplay.RestoredSession s : replay.sessions())
        {
            final int worker = Math.floorMod(SessionIds.worker(s.sessionId()), workers);
            final GatewayContext context = pipelines.get(worker).context();
            final long ageNs = Math.max(0, wallNowNs - s.lastSeenNs());
            image.clear().path(s.path()).protocol(s.protocol()).insideIp(s.insideIp()).insidePort(s.insidePort())
                .outsideIp(s.outsideIp()).outsidePort(s.outsidePort()).remoteIp(s.remoteIp())
                .remotePort(s.remotePort())
                .state(IpProtocol.TCP == s.protocol() ? SessionState.TCP_ESTABLISHED : SessionState.ACTIVE)
                .lastActivityNs(nowNs - ageNs).userData(0).flags(0)
                .passThrough(0 != (s.flags() & NatSessionFlyweight.FLAG_PASSTHROUGH))
                .inboundInitiated(0 != (s.flags() & NatSessionFlyweight.FLAG_INBOUND));
            final int index = context.restoreSession(image, s.sessionId(), nowNs);
            if (index >= 0)
            {
                restoredIndex.put(s.sessionId(), ((long)worker << 32) | index);
                restored++;
            }
            else
            {
                refused++;
            }
        }
        int connections = 0;
        for (final JournalReplay.RestoredConnection c : replay.connections())
        {
            if (restoreConnection(c, pipelines, restoredIndex, nowNs))
            {
                connections++;
            }
        }
        LOG.info("warm restart: {} sessions and {} MPTCP connections restored from the journal in {} ms " +
            "({} sessions refused, {} too old, {} unreadable records)", restored, connections,
            replay.durationNs() / 1_000_000, refused, replay.sessionsNotRestored(), replay.unknown() +
            replay.malformed());
    }

    private static boolean restoreConnection(
        final JournalReplay.RestoredConnection c,
        final List<GatewayPipeline> pipelines,
        final Long2LongHashMap restoredIndex,
        final long nowNs)
    {
        int worker = -1;
        for (final JournalReplay.RestoredSubflow sf : c.subflows())
        {
            final long where = restoredIndex.get(sf.sessionId());
            if (-1L != where)
            {
                worker = (int)(where >>> 32);
                break;
            }
        }
        if (worker < 0)
        {
            return false;
        }
        final GatewayContext context = pipelines.get(worker).context();
        final MptcpConnectionTable table = context.connections();
        final int conn = table.onCapableSyn(c.mptcpVersion(), c.hostKey(), c.hostIp(), c.hostPort(), c.serverIp(),
            c.serverPort(), c.initialPath(), nowNs);
        if (MptcpConnectionTable.NONE == conn)
        {
            return false;
        }
        table.onCapableSynAck(conn, c.mptcpVersion(), c.serverKey(), c.serverToken(),
            0 == c.mptcpVersion() ? c.hostToken() : 0);
        if (0 != c.mptcpVersion() && 0 != c.hostToken())
        {
            table.onCapableAck(conn, c.hostKey(), c.hostToken());
        }
        boolean initialLinked = false;
        for (final JournalReplay.RestoredSubflow sf : c.subflows())
        {
            final long where = restoredIndex.get(sf.sessionId());
            if (-1L == where || (int)(where >>> 32) != worker)
            {
                continue;
            }
            final boolean initial = 0 != (sf.flags() & SubflowPlacedFlyweight.FLAG_INITIAL);
            if (!initial)
            {
                table.addSubflow(conn, sf.path());
            }
            initialLinked |= initial;
            context.linkSubflow((int)where, conn, sf.path());
        }
        if (!initialLinked)
        {
            // onCapableSyn counted the initial subflow; its session was not restored.
            table.subflowRemoved(conn, c.initialPath(), false);
        }
        return true;
    }
}

package org.mptcpgw.gateway.pipeline;

import org.mptcpgw.gateway.journal.NatSessionFlyweight;
import org.mptcpgw.nat.NatSessionTable;
import org.mptcpgw.nat.SessionEndReason;
import org.mptcpgw.nat.SessionListener;

/**
 * What happens around a session's birth and death: journal records (NAT log, warm restart), per-path counters and
 * loads, and the MPTCP connection table's subflow accounting when a subflow's session goes (a connection ends when
 * its last subflow session is removed, e.g. by idle timeout).
 */
final class GatewaySessionListener implements SessionListener
{
    private GatewayContext context;

    void context(final GatewayContext gatewayContext)
    {
        this.context = gatewayContext;
    }

    @Override
    public void onSessionCreated(final NatSessionTable table, final int session)
    {
        final GatewayContext context = this.context;
        context.sessionGeneration[session]++;
        context.journalId[session] = org.mptcpgw.gateway.journal.SessionIds.encode(context.workerIndex, session,
            context.sessionGeneration[session]);
        context.hostReceiveNext[session] = 0;
        context.hostSendNext[session] = 0;
        final int path = table.path(session);
        context.natCreated[path].incrementRelease();
        context.paths.addFlowLoad(path, 1);
        context.journal.sessionCreated(context.wallClock.nanoTime(), context.sessionId(session), path,
            table.protocol(session), table.insideIp(session), table.insidePort(session), table.outsideIp(session),
            table.outsidePort(session), table.remoteIp(session), table.remotePort(session),
            journalFlags(table, session));
    }

    @Override
    public void onSessionRestored(final NatSessionTable table, final int session)
    {
        context.sessionGeneration[session]++;
        context.natCreated[table.path(session)].incrementRelease();
        context.paths.addFlowLoad(table.path(session), 1);
    }

    @Override
    public void onSessionEnded(final NatSessionTable table, final int session, final SessionEndReason reason)
    {
        final GatewayContext context = this.context;
        final int path = table.path(session);
        context.natEnded[path].incrementRelease();
        context.paths.addFlowLoad(path, -1);
        context.journal.sessionEnded(context.wallClock.nanoTime(), context.sessionId(session), path,
            table.protocol(session), table.insideIp(session), table.insidePort(session), table.outsideIp(session),
            table.outsidePort(session), table.remoteIp(session), table.remotePort(session),
            journalFlags(table, session), cause(reason));
        final int flags = table.flags(session);
        if (0 != (flags & SessionFlags.SUBFLOW))
        {
            context.paths.addSubflowLoad(path, -1);
            context.connections.subflowRemoved(table.userData(session), path,
                0 != (flags & SessionFlags.CLOSE_REPORTED));
        }
    }

    private static int journalFlags(final NatSessionTable table, final int session)
    {
        int flags = 0;
        if (table.isPassThrough(session))
        {
            flags |= NatSessionFlyweight.FLAG_PASSTHROUGH;
        }
        if (table.isInboundInitiated(session))
        {
            flags |= NatSessionFlyweight.FLAG_INBOUND;
        }
        return flags;
    }

    private static int cause(final SessionEndReason reason)
    {
        return switch (reason)
        {
            case IDLE_TIMEOUT -> NatSessionFlyweight.CAUSE_IDLE_TIMEOUT;
            case RST_LINGER_OVER -> NatSessionFlyweight.CAUSE_RST_LINGER;
            case FIN_CLOSED -> NatSessionFlyweight.CAUSE_FIN_CLOSED;
            case EVICTED -> NatSessionFlyweight.CAUSE_EVICTED;
            case REMOVED -> NatSessionFlyweight.CAUSE_FAILOVER;
        };
    }
}

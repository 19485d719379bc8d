package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptionWalker;
import org.mptcpgw.core.packet.TcpOptions;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.gateway.path.PlacementPolicy;
import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatRefusal;
import org.mptcpgw.nat.NatSessionTable;

import java.nio.ByteOrder;

/**
 * The slow path: the first packet of a new outbound flow (a TCP SYN, the first UDP datagram or ICMP echo). It
 * reads the MPTCP option of a SYN, asks the placement policy for a path (draft-wr-mptcp-single-homed section 2.2:
 * an MP_JOIN is tied to its connection by the receiver's token and placed on a path the connection does not use
 * yet; section 2.1: a pinned source goes to its path), creates the session (NAT mapping or pass-through) and starts
 * tracking MPTCP connections and subflows. Separate from the fast path, as in VPP, because it allocates table
 * entries and walks options: work the established flows never pay for.
 */
final class SessionStage implements Stage
{
    static final String NAME = "session";

    private final GatewayContext context;
    private final Bridge bridge;
    private StageGraph graph;
    private int id;
    private int translateStage;

    SessionStage(final GatewayContext context, final Bridge bridge)
    {
        this.context = context;
        this.bridge = bridge;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String[] nextStages()
    {
        return new String[]{TranslateStage.NAME};
    }

    @Override
    public DropReason[] dropReasons()
    {
        return new DropReason[]{
            DropReason.NO_PATH, DropReason.OUT_OF_PORTS, DropReason.MAX_SESSIONS, DropReason.HOST_QUOTA,
            DropReason.UNSUPPORTED_PROTOCOL, DropReason.NO_SESSION, DropReason.NOT_FORWARDED, DropReason.JOIN_DEFERRED};
    }

    @Override
    public void onAttach(final StageGraph graph, final int id)
    {
        this.graph = graph;
        this.id = id;
        translateStage = graph.stageId(TranslateStage.NAME);
    }

    @Override
    public void process(final FrameVector frames, final int[] indices, final int count, final long nowNs)
    {
        for (int k = 0; k < count; k++)
        {
            create(frames, indices[k], nowNs);
        }
    }

    private void create(final FrameVector frames, final int i, final long nowNs)
    {
        final GatewayContext context = this.context;
        final FrameFacts facts = context.facts;
        final int protocol = facts.protocol[i];
        if (IpProtocol.ICMP == protocol && Icmpv4Flyweight.TYPE_ECHO_REQUEST != facts.icmpType[i])
        {
            // Only echo requests open ICMP query sessions (RFC 5508 section 3); anything else just crosses the wire.
            bridge.bridgeOrDrop(frames, i, DropReason.UNSUPPORTED_PROTOCOL, id);
            return;
        }
        final int source = facts.source[i];
        final int destination = facts.destination[i];
        final int sourcePort = facts.sourcePort[i];
        final int destinationPort = IpProtocol.ICMP == protocol ? 0 : facts.destinationPort[i];
        final int hash = flowHash(protocol, source, sourcePort, destination, destinationPort);

        MptcpOptions mptcp = null;
        if (IpProtocol.TCP == protocol)
        {
            final UnsafeBuffer frame = context.frame;
            frames.wrap(i, frame);
            final TcpOptions tcpOptions = TcpOptionWalker.walkHeader(
                frame, frames.l4Offset[i], facts.tcpHeaderLength[i], context.tcpOptions);
            if (tcpOptions.has(TcpOptions.MPTCP))
            {
                MptcpOptionParser.parseAll(frame, tcpOptions, facts.tcpFlags[i], context.mptcp);
                mptcp = context.mptcp;
            }
        }

        final PlacementPolicy placement = context.placement;
        final int hairpinPath = context.pathOwning(destination);
        int conn = MptcpConnectionTable.NONE;
        boolean join = false;
        final int path;
        if (hairpinPath >= 0)
        {
            // RFC 5382 REQ-8 / RFC 4787 REQ-9: to a mapping of this gateway, through that path's NAT and back.
            path = hairpinPath;
        }
        else if (null != mptcp && mptcp.has(MptcpOptions.MP_JOIN))
        {
            join = true;
            conn = context.connections.lookupToken(mptcp.joinToken());
            if (MptcpConnectionTable.NONE == conn)
            {
                context.unknownTokens.incrementRelease();
            }
            path = placement.placeJoin(context.connections, conn, mptcp.joinBackup(), source, hash);
            if (context.deferDoubledJoins && placement.doublesWhilePathDown(context.connections, conn, path))
            {
                deferJoin(frames, i);
                return;
            }
        }
        else if (null != mptcp && mptcp.has(MptcpOptions.MP_CAPABLE))
        {
            path = placement.placeInitialSubflow(source, hash);
        }
        else
        {
            path = placement.placePlain(source, hash);
        }
        if (PlacementPolicy.NO_PATH == path)
        {
            graph.drop(i, id, DropReason.NO_PATH);
            return;
        }

        final NatSessionTable sessions = context.sessions;
        final boolean passThrough = !context.paths.translates(path) && hairpinPath < 0;
        final int session = sessions.createOutbound(path, protocol, source, sourcePort, destination, destinationPort,
            passThrough, nowNs);
        if (session < 0)
        {
            refuse(frames, i, session);
            return;
        }
        if (IpProtocol.TCP == protocol && null != mptcp)
        {
            trackMptcp(session, path, mptcp, join, conn, source, sourcePort, destination, destinationPort, nowNs);
        }
        sessions.onPacket(session, FlowDirection.OUTBOUND, facts.tcpFlags[i], nowNs);
        frames.session[i] = session;
        frames.path[i] = path;
        context.rememberFirstFragment(i, session, nowNs);
        if (passThrough && path == context.paths.primary())
        {
            graph.transmit(i, bridge.peer(GatewayContext.LAN_PORT));
        }
        else
        {
            graph.enqueue(translateStage, i);
        }
    }

    private void trackMptcp(
        final int session,
        final int path,
        final MptcpOptions mptcp,
        final boolean join,
        final int joinConn,
        final int source,
        final int sourcePort,
        final int destination,
        final int destinationPort,
        final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        if (0 != sessions.flags(session))
        {
            return; // a retransmitted SYN found its session already tracked
        }
        if (join)
        {
            context.joins[path].incrementRelease();
            if (MptcpConnectionTable.NONE == joinConn)
            {
                sessions.flags(session, SessionFlags.JOIN_SYN);
                return;
            }
            context.connections.addSubflow(joinConn, path);
            context.paths.addSubflowLoad(path, 1);
            sessions.userData(session, joinConn).flags(session, SessionFlags.SUBFLOW | SessionFlags.JOIN_SYN);
            context.journal.subflowPlaced(context.wallClock.nanoTime(), context.connections.serverToken(joinConn),
                path, context.sessionId(session), source, sourcePort, destination, destinationPort,
                sessions.outsideIp(session), sessions.outsidePort(session), 0);
            return;
        }
        // MP_CAPABLE SYN: v0 carries key A (RFC 6824 section 3.1), v1 carries no key (RFC 8684 section 3.1).
        final int version = mptcp.capableVersion();
        final long hostKey = mptcp.capableKeyCount() >= 1 ? mptcp.capableSenderKey() : 0;
        final int conn = context.connections.onCapableSyn(
            version, hostKey, source, sourcePort, destination, destinationPort, path, nowNs);
        if (MptcpConnectionTable.NONE == conn)
        {
            context.mptcpTableFull.incrementRelease();
            sessions.flags(session, SessionFlags.CAPABLE_SYN);
            return;
        }
        context.paths.addSubflowLoad(path, 1);
        sessions.userData(session, conn).flags(session, SessionFlags.SUBFLOW | SessionFlags.CAPABLE_SYN);
    }

    /**
     * Answer a join SYN with a reset, as if from the server, instead of doubling it up on a path its connection
     * already uses: in SYN-SENT a reset is acceptable when it acknowledges the SYN (RFC 9293 section 3.10.7.3), so
     * the host closes just this subflow at once, its path manager sees it (the host agent retries with back-off),
     * and a retry after the dead path returns is placed there. Nothing is created for it.
     */
    private void deferJoin(final FrameVector frames, final int i)
    {
        final GatewayContext context = this.context;
        final FrameFacts facts = context.facts;
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int sequence = frame.getInt(frames.l4Offset[i] + TcpFlyweight.SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
        context.writer.subflowReset(EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET),
            facts.destination[i], facts.source[i], facts.destinationPort[i], facts.sourcePort[i], 0, sequence + 1);
        graph.drop(i, id, DropReason.JOIN_DEFERRED);
    }

    private void refuse(final FrameVector frames, final int i, final int refusal)
    {
        final DropReason reason = NatRefusal.dropReason(refusal);
        if (context.icmpOnRefusal && NatRefusal.NO_SESSION != refusal)
        {
            // RFC 5508 section 3: a NAT that cannot create a session SHOULD say so with type 3 code 13.
            final UnsafeBuffer frame = context.frame;
            frames.wrap(i, frame);
            context.writer.icmpError(GatewayContext.LAN_PORT,
                org.mptcpgw.core.packet.EthernetFlyweight.mac(frame, 6), context.routerMac(),
                context.lanFacingAddress(), context.facts.source[i], Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE,
                Icmpv4Flyweight.CODE_ADMINISTRATIVELY_PROHIBITED, 0, frame, frames.l3Offset[i],
                frames.length(i) - frames.l3Offset[i]);
        }
        graph.drop(i, id, reason);
    }

    /**
     * Hash of a flow's 5-tuple, for placement by hash (stateless, stable for retransmissions).
     */
    static int flowHash(final int protocol, final int source, final int sourcePort, final int destination,
        final int destinationPort)
    {
        int h = protocol;
        h = 31 * h + source;
        h = 31 * h + sourcePort;
        h = 31 * h + destination;
        h = 31 * h + destinationPort;
        return h ^ (h >>> 16);
    }
}

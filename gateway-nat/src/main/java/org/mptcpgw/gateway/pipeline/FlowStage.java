package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptionWalker;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatRefusal;
import org.mptcpgw.nat.NatSessionTable;
import org.mptcpgw.nat.SessionLookupBatch;
import org.mptcpgw.nat.SessionState;

import java.nio.ByteOrder;

/**
 * The fast path: find each IPv4 frame's session (one lookup; a flow lives on one path), account for it (TCP phase,
 * last activity, MPTCP events on control segments) and send it on: unchanged across the bridge for pass-through
 * flows on the primary link, to {@code translate} for flows the gateway routes. A miss goes to the slow path
 * ({@code session}) when the packet may open a flow; otherwise mid-stream traffic of flows that predate the gateway
 * passes the bridge untouched (or is dropped on a link the gateway only translates).
 * <p>
 * MPTCP from the wire (RFC 8684 section 3.1): the SYN/ACK of an MP_CAPABLE SYN gives the server's key, whose token the
 * host's MP_JOIN SYNs will carry; a v1 third ACK gives the host's key; a SYN/ACK without the option means fallback to
 * plain TCP (section 3.7) and, for the path, a hint that it strips MPTCP. TCP options are walked only on these few
 * control segments, never on bulk data.
 */
final class FlowStage implements Stage
{
    static final String NAME = "flow";
    private static final int NOT_LOOKED_UP = -3;
    private static final int LOOKED_UP = -2;
    private static final int BATCH_MISS = -1;

    private final GatewayContext context;
    private final Bridge bridge;
    // The vector's sessions are looked up together before the frames are handled one by one: the cache misses of
    // the lookups overlap instead of following each other (VPP's dual/quad loop, done here as a batch).
    private final SessionLookupBatch outboundKeys;
    private final SessionLookupBatch inboundKeys;
    /** Per vector index: the session found by the batch (or a miss), with its generation then; NOT_LOOKED_UP else. */
    private final int[] found;
    private final int[] foundGeneration;
    private StageGraph graph;
    private int id;
    private int sessionStage;
    private int translateStage;

    FlowStage(final GatewayContext context, final Bridge bridge)
    {
        this.context = context;
        this.bridge = bridge;
        final int capacity = context.facts.direction.length;
        outboundKeys = new SessionLookupBatch(capacity);
        inboundKeys = new SessionLookupBatch(capacity);
        found = new int[capacity];
        foundGeneration = new int[capacity];
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String[] nextStages()
    {
        return new String[]{SessionStage.NAME, TranslateStage.NAME};
    }

    @Override
    public DropReason[] dropReasons()
    {
        return new DropReason[]{
            DropReason.NO_SESSION, DropReason.FILTERED, DropReason.UNSUPPORTED_PROTOCOL, DropReason.FRAGMENT_NO_FLOW,
            DropReason.MAX_SESSIONS, DropReason.NOT_FORWARDED};
    }

    @Override
    public void onAttach(final StageGraph graph, final int id)
    {
        this.graph = graph;
        this.id = id;
        sessionStage = graph.stageId(SessionStage.NAME);
        translateStage = graph.stageId(TranslateStage.NAME);
    }

    @Override
    public void process(final FrameVector frames, final int[] indices, final int count, final long nowNs)
    {
        final FrameFacts facts = context.facts;
        lookUpTogether(frames, indices, count, facts);
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            final int protocol = facts.protocol[i];
            final boolean translatable = IpProtocol.TCP == protocol || IpProtocol.UDP == protocol ||
                IpProtocol.ICMP == protocol;
            if (!translatable)
            {
                bridge.bridgeOrDrop(frames, i, DropReason.UNSUPPORTED_PROTOCOL, id);
            }
            else if (facts.nonFirstFragment[i])
            {
                laterFragment(frames, i, facts, nowNs);
            }
            else if (FrameFacts.DIRECTION_OUT == facts.direction[i])
            {
                outbound(frames, i, facts, nowNs);
            }
            else
            {
                inbound(frames, i, facts, nowNs);
            }
        }
    }

    /**
     * Look the sessions of the vector's translatable frames up in two batches, outbound and inbound. What a frame
     * does to the table before a later frame is handled cannot make a batch result wrong unnoticed: a session that
     * ended in between has a new generation and is looked up again; one created in between (an inbound mapping
     * hit) is found by the slow path, which looks before it creates.
     */
    private void lookUpTogether(
        final FrameVector frames, final int[] indices, final int count, final FrameFacts facts)
    {
        final SessionLookupBatch outKeys = outboundKeys.clear();
        final SessionLookupBatch inKeys = inboundKeys.clear();
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            final int protocol = facts.protocol[i];
            found[i] = NOT_LOOKED_UP;
            if ((IpProtocol.TCP != protocol && IpProtocol.UDP != protocol && IpProtocol.ICMP != protocol) ||
                facts.nonFirstFragment[i])
            {
                continue;
            }
            final int remotePort;
            if (FrameFacts.DIRECTION_OUT == facts.direction[i])
            {
                remotePort = IpProtocol.ICMP == protocol ? 0 : facts.destinationPort[i];
                foundGeneration[i] = outKeys.add(0, protocol, facts.source[i], facts.sourcePort[i],
                    facts.destination[i], remotePort);
            }
            else
            {
                remotePort = IpProtocol.ICMP == protocol ? 0 : facts.sourcePort[i];
                foundGeneration[i] = inKeys.add(GatewayContext.pathOf(frames.rxPort(i)), protocol,
                    facts.destination[i], facts.destinationPort[i], facts.source[i], remotePort);
            }
            found[i] = LOOKED_UP;
        }
        final NatSessionTable sessions = context.sessions;
        if (outKeys.count() > 0)
        {
            sessions.lookupOutbound(outKeys);
        }
        if (inKeys.count() > 0)
        {
            sessions.lookupInbound(inKeys);
        }
        final int[] generation = context.sessionGeneration;
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            if (LOOKED_UP == found[i])
            {
                final int position = foundGeneration[i];
                final int session = FrameFacts.DIRECTION_OUT == facts.direction[i] ?
                    outKeys.session(position) : inKeys.session(position);
                found[i] = session < 0 ? BATCH_MISS : session;
                foundGeneration[i] = session < 0 ? 0 : generation[session];
            }
        }
    }

    /**
     * @return the batch's session of frame {@code i} if it is still the same session, else -1 (look up again).
     */
    private int batchSession(final int i)
    {
        final int session = found[i];
        return session >= 0 && context.sessionGeneration[session] == foundGeneration[i] ? session : -1;
    }

    private void outbound(final FrameVector frames, final int i, final FrameFacts facts, final long nowNs)
    {
        final NatSessionTable sessions = context.sessions;
        final int protocol = facts.protocol[i];
        final int batched = batchSession(i);
        final int session = batched >= 0 ? batched : sessions.lookupOutbound(protocol, facts.source[i],
            facts.sourcePort[i], facts.destination[i], IpProtocol.ICMP == protocol ? 0 : facts.destinationPort[i]);
        final int tcpFlags = facts.tcpFlags[i];
        if (session < 0)
        {
            if (IpProtocol.TCP == protocol && TcpFlyweight.SYN != (tcpFlags & (TcpFlyweight.SYN | TcpFlyweight.ACK)))
            {
                // Mid-stream segment of a flow the gateway never saw open (it began before the gateway started):
                // the primary link carries it as it did.
                bridge.bridgeOrDrop(frames, i, DropReason.NO_SESSION, id);
            }
            else
            {
                graph.enqueue(sessionStage, i);
            }
            return;
        }
        if (IpProtocol.TCP == protocol)
        {
            trackOutboundTcp(frames, i, session, tcpFlags, facts, nowNs);
        }
        sessions.onPacket(session, FlowDirection.OUTBOUND, tcpFlags, nowNs);
        if (IpProtocol.TCP == protocol)
        {
            reportClose(session);
        }
        forward(frames, i, session, nowNs);
    }

    private void inbound(final FrameVector frames, final int i, final FrameFacts facts, final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final int port = frames.rxPort(i);
        final int path = GatewayContext.pathOf(port);
        final int protocol = facts.protocol[i];
        final int destination = facts.destination[i];
        final int tcpFlags = facts.tcpFlags[i];
        final int remotePort = IpProtocol.ICMP == protocol ? 0 : facts.sourcePort[i];
        final int session;
        final int batched = batchSession(i);
        if (batched >= 0)
        {
            session = batched;
        }
        else if (destination == context.pathAddress[path])
        {
            session = sessions.inbound(path, protocol, destination, facts.destinationPort[i], facts.source[i],
                remotePort, tcpFlags, nowNs);
            if (session < 0)
            {
                graph.drop(i, id, NatRefusal.dropReason(session));
                return;
            }
        }
        else
        {
            session = sessions.lookupInbound(path, protocol, destination, facts.destinationPort[i], facts.source[i],
                remotePort);
            if (session < 0)
            {
                // Traffic of a flow the gateway does not track, on the primary link: pass it as a wire would.
                graph.transmit(i, GatewayContext.LAN_PORT);
                return;
            }
        }
        if (IpProtocol.TCP == protocol)
        {
            trackInboundTcp(frames, i, session, path, tcpFlags, facts, nowNs);
        }
        sessions.onPacket(session, FlowDirection.INBOUND, tcpFlags, nowNs);
        if (IpProtocol.TCP == protocol)
        {
            reportClose(session);
        }
        forward(frames, i, session, nowNs);
    }

    /**
     * A non-first fragment has no ports: it takes the session its first fragment was translated with. Without one
     * (the first fragment was not seen, came too late, or its session ended) only the bridge can carry it.
     */
    private void laterFragment(final FrameVector frames, final int i, final FrameFacts facts, final long nowNs)
    {
        final GatewayContext context = this.context;
        final boolean inbound = FrameFacts.DIRECTION_IN == facts.direction[i];
        final int slot = context.fragments.lookup(inbound, facts.source[i], facts.destination[i], facts.protocol[i],
            facts.fragmentId[i], nowNs);
        final int session = slot < 0 ? -1 : context.fragments.session(slot);
        if (session < 0 || context.fragments.generation(slot) != context.sessionGeneration[session])
        {
            final int port = frames.rxPort(i);
            if (inbound && !bridge.isBridged(port))
            {
                // Perhaps its first fragment is still on its way (reordered): hold it until then, or a deadline.
                final UnsafeBuffer frame = context.frame;
                frames.wrap(i, frame);
                if (context.holdFragment(frame, frames.length(i), frames.l3Offset[i], i, nowNs))
                {
                    graph.consume(i, id);
                    return;
                }
            }
            bridge.bridgeOrDrop(frames, i, DropReason.FRAGMENT_NO_FLOW, id);
            return;
        }
        forward(frames, i, session, nowNs);
    }

    private void forward(final FrameVector frames, final int i, final int session, final long nowNs)
    {
        final NatSessionTable sessions = context.sessions;
        final FrameFacts facts = context.facts;
        context.rememberFirstFragment(i, session, nowNs);
        final int path = sessions.path(session);
        frames.session[i] = session;
        frames.path[i] = path;
        final int port = frames.rxPort(i);
        if (sessions.isPassThrough(session) && path == context.paths.primary() && bridge.isBridged(port))
        {
            // Pass-through on the primary link: the frame crosses the bridge unchanged.
            graph.transmit(i, bridge.peer(port));
        }
        else
        {
            graph.enqueue(translateStage, i);
        }
    }

    private void trackOutboundTcp(
        final FrameVector frames, final int i, final int session, final int tcpFlags, final FrameFacts facts,
        final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final int flags = sessions.flags(session);
        if (0 == (flags & SessionFlags.SUBFLOW))
        {
            return;
        }
        context.hostSendNext[session] = sequenceEnd(frames, i, tcpFlags, facts);
        final int conn = sessions.userData(session);
        if (0 != (flags & SessionFlags.AWAIT_HOST_KEY) && 0 != (tcpFlags & TcpFlyweight.ACK) &&
            0 == (tcpFlags & TcpFlyweight.SYN))
        {
            // RFC 8684 section 3.1: the third ACK (or the first data segment) repeats both keys; A's is new to us.
            final MptcpOptions options = mptcpOptions(frames, i, tcpFlags);
            if (options.has(MptcpOptions.MP_CAPABLE) && options.capableKeyCount() >= 1)
            {
                final long hostKey = options.capableSenderKey();
                context.connections.onCapableAck(conn, hostKey,
                    context.crypto.token(hostKey, context.connections.version(conn)));
                sessions.flags(session, flags & ~SessionFlags.AWAIT_HOST_KEY);
            }
        }
        if (0 != (tcpFlags & TcpFlyweight.RST) || 0 == facts.payloadLength[i])
        {
            fastCloseCheck(frames, i, tcpFlags, conn);
        }
    }

    private void trackInboundTcp(
        final FrameVector frames, final int i, final int session, final int path, final int tcpFlags,
        final FrameFacts facts, final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final int flags = sessions.flags(session);
        if (0 != (flags & (SessionFlags.CAPABLE_SYN | SessionFlags.JOIN_SYN)) &&
            (TcpFlyweight.SYN | TcpFlyweight.ACK) == (tcpFlags & (TcpFlyweight.SYN | TcpFlyweight.ACK)))
        {
            onSynAck(frames, i, session, path, flags, tcpFlags);
        }
        final int current = sessions.flags(session);
        if (0 != (current & SessionFlags.SUBFLOW))
        {
            context.hostReceiveNext[session] = sequenceEnd(frames, i, tcpFlags, facts);
            if (0 != (tcpFlags & TcpFlyweight.RST) || 0 == facts.payloadLength[i])
            {
                fastCloseCheck(frames, i, tcpFlags, sessions.userData(session));
            }
        }
    }

    private void onSynAck(
        final FrameVector frames, final int i, final int session, final int path, final int flags, final int tcpFlags)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final MptcpOptions options = mptcpOptions(frames, i, tcpFlags);
        if (0 != (flags & SessionFlags.CAPABLE_SYN))
        {
            final int conn = sessions.userData(session);
            final boolean tracked = 0 != (flags & SessionFlags.SUBFLOW);
            if (options.has(MptcpOptions.MP_CAPABLE) && options.capableKeyCount() >= 1)
            {
                context.events.mptcpAnswer(path, true);
                if (tracked)
                {
                    final int version = options.capableVersion();
                    final long serverKey = options.capableSenderKey();
                    final int serverToken = context.crypto.token(serverKey, version);
                    final long hostKey = context.connections.hostKey(conn);
                    final int hostToken = 0 != hostKey ? context.crypto.token(hostKey, version) : 0;
                    context.connections.onCapableSynAck(conn, version, serverKey, serverToken, hostToken);
                    int next = flags & ~SessionFlags.CAPABLE_SYN;
                    if (0 == hostToken)
                    {
                        next |= SessionFlags.AWAIT_HOST_KEY;
                    }
                    sessions.flags(session, next);
                }
                else
                {
                    sessions.flags(session, flags & ~SessionFlags.CAPABLE_SYN);
                }
            }
            else
            {
                // Fallback to plain TCP (RFC 8684 section 3.7): the connection is no MPTCP connection any more.
                context.events.mptcpAnswer(path, false);
                context.fallbacks[path].incrementRelease();
                if (tracked)
                {
                    context.connections.onFallback(conn);
                    context.paths.addSubflowLoad(path, -1);
                }
                sessions.flags(session, flags & ~(SessionFlags.CAPABLE_SYN | SessionFlags.SUBFLOW));
            }
        }
        else
        {
            context.events.mptcpAnswer(path, options.has(MptcpOptions.MP_JOIN));
            sessions.flags(session, flags & ~SessionFlags.JOIN_SYN);
        }
    }

    private void fastCloseCheck(final FrameVector frames, final int i, final int tcpFlags, final int conn)
    {
        // RFC 8684 section 3.5: MP_FASTCLOSE rides on an ACK without data (or on a RST); the RSTs that follow end
        // the subflows either way. Only segments without payload of tracked subflows are looked at, so bulk data
        // never pays for the option walk.
        if (context.facts.tcpHeaderLength[i] <= TcpFlyweight.MIN_HEADER_LENGTH)
        {
            return;
        }
        final MptcpOptions options = mptcpOptions(frames, i, tcpFlags);
        final byte state = context.connections.state(conn);
        if (options.has(MptcpOptions.MP_FASTCLOSE) &&
            (MptcpConnectionTable.ESTABLISHED == state || MptcpConnectionTable.PENDING == state))
        {
            context.fastCloses.incrementRelease();
            context.connections.onFastClose(conn);
        }
    }

    /**
     * Report a subflow's close to the connection table once: after a RST, or once FINs went both ways.
     */
    private void reportClose(final int session)
    {
        final NatSessionTable sessions = context.sessions;
        final int flags = sessions.flags(session);
        if (SessionFlags.SUBFLOW != (flags & (SessionFlags.SUBFLOW | SessionFlags.CLOSE_REPORTED)))
        {
            return;
        }
        final int state = sessions.state(session);
        final int phase = state & SessionState.PHASE_MASK;
        final boolean finBoth = (SessionState.FIN_OUTBOUND | SessionState.FIN_INBOUND) ==
            (state & (SessionState.FIN_OUTBOUND | SessionState.FIN_INBOUND));
        if (SessionState.TCP_RESET == phase || finBoth)
        {
            sessions.flags(session, flags | SessionFlags.CLOSE_REPORTED);
            context.connections.subflowClosed(sessions.userData(session), sessions.path(session));
        }
    }

    private MptcpOptions mptcpOptions(final FrameVector frames, final int i, final int tcpFlags)
    {
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int l4 = frames.l4Offset[i];
        final int headerLength = context.facts.tcpHeaderLength[i];
        TcpOptionWalker.walkHeader(frame, l4, headerLength, context.tcpOptions);
        MptcpOptionParser.parseAll(frame, context.tcpOptions, tcpFlags, context.mptcp);
        return context.mptcp;
    }

    private int sequenceEnd(final FrameVector frames, final int i, final int tcpFlags, final FrameFacts facts)
    {
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int sequence = frame.getInt(frames.l4Offset[i] + TcpFlyweight.SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
        int length = facts.payloadLength[i];
        if (0 != (tcpFlags & TcpFlyweight.SYN))
        {
            length++;
        }
        if (0 != (tcpFlags & TcpFlyweight.FIN))
        {
            length++;
        }
        return sequence + length;
    }
}

package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptionWalker;
import org.mptcpgw.core.packet.TcpOptions;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatRefusal;
import org.mptcpgw.nat.NatSessionTable;

import java.nio.ByteOrder;

/**
 * Routes a steered frame: NAT rewrite of the session's addresses and ports (incremental checksums), TTL decrement,
 * MSS clamping of SYNs to the path MTU, the router duties (ICMP time exceeded; fragmentation needed for DF datagrams
 * larger than the path MTU, so Path MTU Discovery works, RFC 1191; fragmentation of the others, RFC 791),
 * later fragments translated with the session of their first ({@link FragmentFlows}), and the new Ethernet header:
 * toward an uplink,
 * from the uplink's MAC to its next hop's; toward the LAN, from the LAN's usual router to the host, so the host sees
 * return traffic as if it came from its router. Hairpinned frames (to one of the gateway's own outside endpoints)
 * are translated out and back in (RFC 5382 REQ-8).
 */
final class TranslateStage implements Stage
{
    static final String NAME = "translate";
    private static final int TCP_IP_HEADERS = Ipv4Flyweight.MIN_HEADER_LENGTH + TcpFlyweight.MIN_HEADER_LENGTH;

    private final GatewayContext context;
    private StageGraph graph;
    private int id;

    TranslateStage(final GatewayContext context)
    {
        this.context = context;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String[] nextStages()
    {
        return new String[0];
    }

    @Override
    public DropReason[] dropReasons()
    {
        return new DropReason[]{
            DropReason.TTL_EXPIRED, DropReason.MTU_EXCEEDED, DropReason.NEXT_HOP_UNRESOLVED, DropReason.NO_SESSION,
            DropReason.FILTERED, DropReason.MAX_SESSIONS};
    }

    @Override
    public void onAttach(final StageGraph graph, final int id)
    {
        this.graph = graph;
        this.id = id;
    }

    @Override
    public void process(final FrameVector frames, final int[] indices, final int count, final long nowNs)
    {
        final FrameFacts facts = context.facts;
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            if (FrameFacts.DIRECTION_OUT == facts.direction[i])
            {
                outbound(frames, i, facts, nowNs);
            }
            else
            {
                inbound(frames, i, facts, nowNs);
            }
        }
    }

    private void outbound(final FrameVector frames, final int i, final FrameFacts facts, final long nowNs)
    {
        final GatewayContext context = this.context;
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int l3 = frames.l3Offset[i];
        final int l4 = frames.l4Offset[i];
        final int session = frames.session[i];
        final int path = frames.path[i];
        final NatSessionTable sessions = context.sessions;
        if (facts.ttl[i] <= 1)
        {
            // RFC 1812 section 5.3.1: a router that would send a datagram with TTL 0 discards it and says so.
            icmpToHost(frames, i, frame, Icmpv4Flyweight.TYPE_TIME_EXCEEDED, 0, 0);
            graph.drop(i, id, DropReason.TTL_EXPIRED);
            return;
        }
        final int mtu = context.pathMtu[path];
        final boolean partial = 0 != (frames.flags(i) & FrameVector.FLAG_CSUM_PARTIAL);
        final boolean tooBig = facts.ipTotalLength[i] > mtu && 0 == (frames.flags(i) & FrameVector.FLAG_GSO);
        if (tooBig && (facts.dontFragment[i] || !fragmentable(facts, i, partial)))
        {
            if (facts.dontFragment[i])
            {
                icmpToHost(frames, i, frame, Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE,
                    Icmpv4Flyweight.CODE_FRAGMENTATION_NEEDED, mtu);
            }
            graph.drop(i, id, DropReason.MTU_EXCEEDED);
            return;
        }
        final int protocol = facts.protocol[i];
        // A later fragment has no transport header: its addresses are translated, nothing else.
        final boolean transport = !facts.nonFirstFragment[i];
        if (sessions.isPassThrough(session))
        {
            HeaderRewriter.decrementTtl(frame, l3);
        }
        else if (transport)
        {
            HeaderRewriter.translate(frame, l3, l4, protocol, true, sessions.outsideIp(session),
                sessions.outsidePort(session), partial);
        }
        else
        {
            HeaderRewriter.address(frame, l3, l4, protocol, Ipv4Flyweight.SOURCE_OFFSET, sessions.outsideIp(session),
                partial, false);
            HeaderRewriter.decrementTtl(frame, l3);
        }
        if (IpProtocol.TCP == protocol && 0 != (facts.tcpFlags[i] & TcpFlyweight.SYN))
        {
            clampMss(frames, i, frame, l4, mtu, partial);
        }
        if (context.pathOwning(facts.destination[i]) == path && !sessions.isPassThrough(session))
        {
            if (!transport)
            {
                // The hairpin finds the target mapping by port, which a later fragment does not carry.
                graph.drop(i, id, DropReason.FRAGMENT_NO_FLOW);
                return;
            }
            hairpin(frames, i, frame, l3, l4, path, protocol, partial, nowNs);
            return;
        }
        final long nextHop = context.nextHopMac(path, nowNs);
        if (0 == nextHop)
        {
            graph.drop(i, id, DropReason.NEXT_HOP_UNRESOLVED);
            return;
        }
        final int port = GatewayContext.portOf(path);
        EthernetFlyweight.mac(frame, EthernetFlyweight.DESTINATION_OFFSET, nextHop);
        EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET, context.portMac[port]);
        if (tooBig)
        {
            fragment(frames, i, frame, l3, facts.ipTotalLength[i], mtu, port);
        }
        graph.transmit(i, port);
    }

    /**
     * A datagram without DF that does not fit the path MTU is fragmented (RFC 791 section 3.2; RFC 4787 REQ-13),
     * when its header has no options and its transport checksum is complete (a partial one would have to be
     * completed over the whole datagram first); otherwise it is dropped as MTU_EXCEEDED.
     */
    private static boolean fragmentable(final FrameFacts facts, final int i, final boolean partial)
    {
        return Ipv4Flyweight.MIN_HEADER_LENGTH == facts.ipHeaderLength[i] && !partial;
    }

    /**
     * Send all but the last fragment through the frame writer, in order, then make the frame itself the last
     * fragment (its data moved up behind the header), which the caller transmits: the fragments leave in order
     * (RFC 4787 REQ-13 SHOULD). Each fragment's offset continues the datagram's own (it may be a fragment already).
     */
    private void fragment(
        final FrameVector frames,
        final int i,
        final UnsafeBuffer frame,
        final int l3,
        final int ipTotalLength,
        final int mtu,
        final int port)
    {
        final int header = Ipv4Flyweight.MIN_HEADER_LENGTH;
        final int data = ipTotalLength - header;
        final int perFragment = (mtu - header) & ~7;
        final int word = frame.getShort(l3 + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) &
            0xFFFF;
        final int firstUnit = word & Ipv4Flyweight.FRAGMENT_OFFSET_MASK;
        final int lastFlags = word & Ipv4Flyweight.FLAG_MF;
        int sent = 0;
        while (data - sent > perFragment)
        {
            context.writer.fragment(port, frame, l3, sent, perFragment,
                Ipv4Flyweight.FLAG_MF | (firstUnit + (sent >>> 3)));
            sent += perFragment;
        }
        final int last = data - sent;
        frame.putBytes(l3 + header, frame, l3 + header + sent, last);
        frame.putShort(l3 + Ipv4Flyweight.TOTAL_LENGTH_OFFSET, (short)(header + last), ByteOrder.BIG_ENDIAN);
        frame.putShort(l3 + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET, (short)(lastFlags | (firstUnit + (sent >>> 3))),
            ByteOrder.BIG_ENDIAN);
        frame.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        frame.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET,
            (short)Checksums.ipv4HeaderChecksum(frame, l3, header),
            ByteOrder.BIG_ENDIAN);
        frames.length(i, l3 + header + last);
    }

    private void inbound(final FrameVector frames, final int i, final FrameFacts facts, final long nowNs)
    {
        final GatewayContext context = this.context;
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int l3 = frames.l3Offset[i];
        final int l4 = frames.l4Offset[i];
        final int session = frames.session[i];
        final int path = frames.path[i];
        final NatSessionTable sessions = context.sessions;
        if (facts.ttl[i] <= 1)
        {
            icmpToRemote(frames, i, frame, path, nowNs);
            graph.drop(i, id, DropReason.TTL_EXPIRED);
            return;
        }
        final int protocol = facts.protocol[i];
        final boolean partial = 0 != (frames.flags(i) & FrameVector.FLAG_CSUM_PARTIAL);
        final int insideIp = sessions.insideIp(session);
        if (sessions.isPassThrough(session))
        {
            HeaderRewriter.decrementTtl(frame, l3);
        }
        else if (!facts.nonFirstFragment[i])
        {
            HeaderRewriter.translate(frame, l3, l4, protocol, false, insideIp, sessions.insidePort(session), partial);
        }
        else
        {
            HeaderRewriter.address(frame, l3, l4, protocol, Ipv4Flyweight.DESTINATION_OFFSET, insideIp, partial,
                false);
            HeaderRewriter.decrementTtl(frame, l3);
        }
        if (IpProtocol.TCP == protocol && 0 != (facts.tcpFlags[i] & TcpFlyweight.SYN))
        {
            clampMss(frames, i, frame, l4, context.pathMtu[path], partial);
        }
        toHost(frames, i, frame, insideIp, nowNs);
    }

    private void toHost(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int insideIp, final long nowNs)
    {
        final GatewayContext context = this.context;
        final long hostMac = context.lanHosts.lookup(insideIp);
        if (NeighborCache.UNRESOLVED == hostMac)
        {
            if (context.lanHosts.shouldRequest(insideIp, GatewayContext.LAN_PORT, nowNs))
            {
                context.writer.arpRequest(GatewayContext.LAN_PORT, context.lanFacingAddress(), insideIp);
            }
            graph.drop(i, id, DropReason.NEXT_HOP_UNRESOLVED);
            return;
        }
        EthernetFlyweight.mac(frame, EthernetFlyweight.DESTINATION_OFFSET, hostMac);
        EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET, context.routerMac());
        graph.transmit(i, GatewayContext.LAN_PORT);
    }

    private void hairpin(
        final FrameVector frames,
        final int i,
        final UnsafeBuffer frame,
        final int l3,
        final int l4,
        final int path,
        final int protocol,
        final boolean partial,
        final long nowNs)
    {
        // The datagram now carries this host's outside endpoint as source; treat it as arriving on the path.
        final NatSessionTable sessions = context.sessions;
        final FrameFacts facts = context.facts;
        final int outSession = frames.session[i];
        final int target = sessions.inbound(path, protocol, facts.destination[i],
            IpProtocol.ICMP == protocol ? facts.sourcePort[i] : facts.destinationPort[i],
            sessions.outsideIp(outSession), IpProtocol.ICMP == protocol ? 0 : sessions.outsidePort(outSession),
            facts.tcpFlags[i], nowNs);
        if (target < 0)
        {
            graph.drop(i, id, NatRefusal.dropReason(target));
            return;
        }
        sessions.onPacket(target, FlowDirection.INBOUND, facts.tcpFlags[i], nowNs);
        final int insideIp = sessions.insideIp(target);
        HeaderRewriter.address(frame, l3, l4, protocol, Ipv4Flyweight.DESTINATION_OFFSET, insideIp, partial, true);
        HeaderRewriter.port(frame, l4, protocol, false, sessions.insidePort(target), partial);
        toHost(frames, i, frame, insideIp, nowNs);
    }

    private void clampMss(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int l4, final int mtu,
        final boolean partial)
    {
        final TcpOptions options = TcpOptionWalker.walkHeader(frame, l4, context.facts.tcpHeaderLength[i],
            context.tcpOptions);
        if (options.has(TcpOptions.MSS))
        {
            HeaderRewriter.clampMss(frame, l4, options.mssOffset(), mtu - TCP_IP_HEADERS, partial);
        }
    }

    private void icmpToHost(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int type, final int code,
        final int mtu)
    {
        final int l3 = frames.l3Offset[i];
        context.writer.icmpError(GatewayContext.LAN_PORT,
            EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET), context.routerMac(),
            context.lanFacingAddress(), context.facts.source[i], type, code, mtu, frame, l3, frames.length(i) - l3);
    }

    private void icmpToRemote(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int path, final long nowNs)
    {
        final long nextHop = context.nextHopMac(path, nowNs);
        if (0 == nextHop)
        {
            return;
        }
        final int port = GatewayContext.portOf(path);
        final int l3 = frames.l3Offset[i];
        context.writer.icmpError(port, nextHop, context.portMac[port], context.pathAddress[path],
            context.facts.source[i], Icmpv4Flyweight.TYPE_TIME_EXCEEDED, 0, 0, frame, l3, frames.length(i) - l3);
    }
}

package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.ArpFlyweight;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.gateway.path.PathTable;

/**
 * ARP (RFC 826) as the gateway needs it, without kernel addresses on its interfaces: it answers requests for its own
 * uplink addresses, learns every sender on its uplinks (next hops) and on the LAN (hosts), and bridges the rest
 * between the LAN and the primary link. While the primary path is down it answers the LAN's requests for the
 * router's address itself, with the router's MAC, so hosts keep sending to "their router" and the gateway can move
 * their new flows to another path.
 */
final class ArpStage implements Stage
{
    static final String NAME = "arp";

    private final GatewayContext context;
    private final Bridge bridge;
    private final ArpFlyweight arp = new ArpFlyweight();
    private StageGraph graph;
    private int id;

    ArpStage(final GatewayContext context, final Bridge bridge)
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
        return new String[0];
    }

    @Override
    public DropReason[] dropReasons()
    {
        return new DropReason[]{DropReason.BAD_ARP, DropReason.NOT_FORWARDED};
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
        final UnsafeBuffer frame = context.frame;
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            frames.wrap(i, frame);
            final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
            if (!ArpFlyweight.isEthernetIpv4(frame, l3, frames.length(i) - l3))
            {
                graph.drop(i, id, DropReason.BAD_ARP);
                continue;
            }
            arp.wrap(frame, l3);
            final int port = frames.rxPort(i);
            if (GatewayContext.LAN_PORT == port)
            {
                fromLan(frames, i, nowNs);
            }
            else
            {
                fromUplink(frames, i, port, nowNs);
            }
        }
    }

    private void fromLan(final FrameVector frames, final int i, final long nowNs)
    {
        final GatewayContext context = this.context;
        final int operation = arp.operation();
        final int sender = arp.senderProtocol();
        final long senderMac = arp.senderHardware();
        final int target = arp.targetProtocol();
        if (0 != sender)
        {
            context.lanHosts.learn(sender, senderMac, GatewayContext.LAN_PORT, nowNs);
        }
        final int primary = context.paths.primary();
        if (ArpFlyweight.OPERATION_REQUEST == operation)
        {
            final int owner = context.pathOwning(target);
            if (owner >= 0 && owner == primary)
            {
                // The gateway's own address on the shared LAN/primary segment.
                context.writer.arpReply(GatewayContext.LAN_PORT, context.portMac[GatewayContext.LAN_PORT], target,
                    senderMac, sender);
                graph.consume(i, id);
                return;
            }
            if (primary >= 0 && target == context.pathNextHop[primary] &&
                PathTable.DOWN == context.paths.state(primary))
            {
                context.writer.arpReply(GatewayContext.LAN_PORT, context.routerMac(), target, senderMac, sender);
                graph.consume(i, id);
                return;
            }
        }
        else if (ArpFlyweight.OPERATION_REPLY == operation && target == context.lanFacingAddress() &&
            arp.targetHardware() == context.portMac[GatewayContext.LAN_PORT])
        {
            graph.consume(i, id);
            return;
        }
        bridge.bridgeOrDrop(frames, i, DropReason.NOT_FORWARDED, id);
    }

    private void fromUplink(final FrameVector frames, final int i, final int port, final long nowNs)
    {
        final GatewayContext context = this.context;
        final int path = GatewayContext.pathOf(port);
        final int operation = arp.operation();
        final int sender = arp.senderProtocol();
        final long senderMac = arp.senderHardware();
        final int target = arp.targetProtocol();
        final int own = context.pathAddress[path];
        if (0 != sender)
        {
            // Learn every neighbour on the uplink: the next hop above all (RFC 826 "merge" step).
            context.neighbors.learn(sender, senderMac, port, nowNs);
        }
        if (0 != own && target == own)
        {
            if (ArpFlyweight.OPERATION_REQUEST == operation)
            {
                context.writer.arpReply(port, context.portMac[port], own, senderMac, sender);
            }
            graph.consume(i, id);
            return;
        }
        bridge.bridgeOrDrop(frames, i, DropReason.NOT_FORWARDED, id);
    }
}

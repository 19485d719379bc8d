package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;

/**
 * First stage: parse each frame once (Ethernet, VLAN, ARP, IPv4, transport header; TCP options are left for the
 * stages that need them), record the facts later stages use, learn LAN hosts, and dispatch:
 * <ul>
 *   <li>ARP to {@code arp};</li>
 *   <li>IPv4 TCP/UDP/ICMP echo to {@code flow} (outbound from the LAN; inbound to a gateway address or on the
 *       primary link);</li>
 *   <li>ICMP errors and ICMP for the gateway itself to {@code icmp};</li>
 *   <li>everything else between the LAN and the primary uplink (IPv6, broadcast, multicast, VLAN-tagged frames,
 *       other EtherTypes) is bridged unchanged, bump-in-the-wire; elsewhere it is dropped.</li>
 * </ul>
 * Malformed IPv4 is dropped with the parser's reason, never forwarded: the gateway routes what it steers.
 */
final class ClassifyStage implements Stage
{
    static final String NAME = "classify";

    private final GatewayContext context;
    private final Bridge bridge;
    private StageGraph graph;
    private int id;
    private int arpStage;
    private int flowStage;
    private int icmpStage;

    ClassifyStage(final GatewayContext context, final Bridge bridge)
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
        return new String[]{ArpStage.NAME, FlowStage.NAME, IcmpStage.NAME};
    }

    @Override
    public DropReason[] dropReasons()
    {
        return new DropReason[]{
            DropReason.TOO_SHORT, DropReason.BAD_IP_VERSION, DropReason.BAD_IP_LENGTH, DropReason.BAD_IP_CHECKSUM,
            DropReason.BAD_L4_HEADER, DropReason.BAD_IPV6_CHAIN, DropReason.TOO_MANY_VLAN_TAGS, DropReason.BAD_ARP,
            DropReason.NOT_FORWARDED};
    }

    @Override
    public void onAttach(final StageGraph graph, final int id)
    {
        this.graph = graph;
        this.id = id;
        arpStage = graph.stageId(ArpStage.NAME);
        flowStage = graph.stageId(FlowStage.NAME);
        icmpStage = graph.stageId(IcmpStage.NAME);
        bridge.attach(graph);
    }

    @Override
    public void process(final FrameVector frames, final int[] indices, final int count, final long nowNs)
    {
        final GatewayContext context = this.context;
        final UnsafeBuffer frame = context.frame;
        final ParsedPacket packet = context.packet;
        for (int k = 0; k < count; k++)
        {
            final int i = indices[k];
            frames.wrap(i, frame);
            final ParseStatus status = context.parser.parseEthernet(frame, 0, frames.length(i), packet);
            final int etherType = packet.etherType();
            if (EtherType.ARP == etherType && 0 == packet.vlanCount())
            {
                graph.enqueue(arpStage, i);
                continue;
            }
            if (EtherType.IPV4 != etherType || 0 != packet.vlanCount() || isGroupAddress(frame))
            {
                // Not ours to steer: the bump-in-the-wire passes it between the LAN and the primary link.
                if (status.isOk() || EtherType.IPV4 != etherType)
                {
                    bridge.bridgeOrDrop(frames, i, DropReason.NOT_FORWARDED, id);
                }
                else
                {
                    graph.drop(i, id, status.dropReason());
                }
                continue;
            }
            if (!status.isOk())
            {
                graph.drop(i, id, status.dropReason());
                continue;
            }
            dispatch(frames, i, packet, frame, nowNs);
        }
    }

    private void dispatch(
        final FrameVector frames, final int i, final ParsedPacket packet, final UnsafeBuffer frame, final long nowNs)
    {
        final GatewayContext context = this.context;
        final FrameFacts facts = context.facts;
        final int port = frames.rxPort(i);
        final int protocol = packet.protocol();
        final int source = packet.ipv4Source();
        final int destination = packet.ipv4Destination();
        frames.l3Offset[i] = packet.l3Offset();
        frames.l4Offset[i] = packet.l4Offset();
        facts.protocol[i] = protocol;
        facts.source[i] = source;
        facts.destination[i] = destination;
        facts.ipHeaderLength[i] = packet.ipHeaderLength();
        facts.ipTotalLength[i] = packet.ipTotalLength();
        facts.l4Length[i] = packet.l4Length();
        facts.ttl[i] = packet.ttl();
        facts.dontFragment[i] = packet.dontFragment();
        facts.nonFirstFragment[i] = packet.nonFirstFragment();
        facts.moreFragments[i] = packet.moreFragments();
        facts.fragmentId[i] = packet.fragmentId();
        facts.tcpFlags[i] = 0;
        facts.icmpError[i] = false;
        facts.tcpHeaderLength[i] = 0;
        facts.payloadLength[i] = packet.payloadLength();
        if (IpProtocol.TCP == protocol || IpProtocol.UDP == protocol)
        {
            facts.sourcePort[i] = packet.sourcePort();
            facts.destinationPort[i] = packet.destinationPort();
            if (IpProtocol.TCP == protocol)
            {
                facts.tcpFlags[i] = packet.tcpFlags();
                facts.tcpHeaderLength[i] = packet.tcpHeaderLength();
            }
        }
        else if (IpProtocol.ICMP == protocol)
        {
            facts.icmpType[i] = packet.icmpType();
            facts.icmpError[i] = packet.icmpError();
            // The echo identifier plays the port in both directions (RFC 5508 section 3.1).
            facts.sourcePort[i] = packet.icmpIdentifier();
            facts.destinationPort[i] = packet.icmpIdentifier();
        }
        else
        {
            facts.sourcePort[i] = 0;
            facts.destinationPort[i] = 0;
        }

        final int ownerPath = context.pathOwning(destination);
        if (GatewayContext.LAN_PORT == port)
        {
            facts.direction[i] = FrameFacts.DIRECTION_OUT;
            context.lanHosts.touch(source, EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET),
                GatewayContext.LAN_PORT, nowNs);
            if (IpProtocol.ICMP == protocol && (facts.icmpError[i] ||
                (ownerPath >= 0 && Icmpv4Flyweight.TYPE_ECHO_REQUEST == facts.icmpType[i])))
            {
                graph.enqueue(icmpStage, i);
            }
            else
            {
                graph.enqueue(flowStage, i);
            }
            return;
        }

        facts.direction[i] = FrameFacts.DIRECTION_IN;
        final int path = GatewayContext.pathOf(port);
        if (IpProtocol.ICMP == protocol && (facts.icmpError[i] || (ownerPath == path &&
            (Icmpv4Flyweight.TYPE_ECHO_REQUEST == facts.icmpType[i] || isProbeReply(facts, i, path)))))
        {
            graph.enqueue(icmpStage, i);
        }
        else if (ownerPath == path || bridge.isBridged(port))
        {
            graph.enqueue(flowStage, i);
        }
        else
        {
            graph.drop(i, id, DropReason.NOT_FORWARDED);
        }
    }

    private static boolean isProbeReply(final FrameFacts facts, final int i, final int path)
    {
        return Icmpv4Flyweight.TYPE_ECHO_REPLY == facts.icmpType[i] &&
            FrameWriter.PROBE_IDENTIFIER_BASE + path == facts.destinationPort[i];
    }

    private static boolean isGroupAddress(final UnsafeBuffer frame)
    {
        // I/G bit of the destination MAC: broadcast and multicast frames are bridged, never steered.
        return 0 != (frame.getByte(EthernetFlyweight.DESTINATION_OFFSET) & 0x01);
    }
}

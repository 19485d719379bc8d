package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.UdpFlyweight;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.nat.NatSessionTable;

import java.nio.ByteOrder;

/**
 * ICMP that is not a plain echo through the NAT:
 * <ul>
 *   <li>echo requests to a gateway address are answered (operators ping their gateway);</li>
 *   <li>echo replies to the gateway's probes go to the health agent and are consumed;</li>
 *   <li>ICMP errors about a translated flow are translated back (RFC 5508 section 4, RFC 5382 REQ-9): the embedded
 *       header's outside endpoint becomes the inside one, the outer destination becomes the inside host, and every
 *       checksum involved is updated incrementally: embedded IP header, embedded transport (only if quoted), outer
 *       ICMP (it covers the quote) and outer IP. So fragmentation-needed reaches the host and Path MTU Discovery works
 *       through the gateway. Errors the hosts send about inbound-initiated sessions are translated the other way.
 *       Errors with a bad ICMP or embedded IP checksum are dropped (RFC 5508 REQ-3); errors never refresh or end a
 *       session (REQ-6). Errors about flows the gateway does not translate cross the bridge unchanged. A host's
 *       error about a datagram hairpinned to it from another host goes out through the NAT and back in, to that
 *       host (REQ-7).</li>
 * </ul>
 */
final class IcmpStage implements Stage
{
    static final String NAME = "icmp";

    private final GatewayContext context;
    private final Bridge bridge;
    private final ParsedPacket inner = new ParsedPacket();
    private final PacketParser parser = new PacketParser().parseTcpOptions(false).allowTruncated(true);
    private StageGraph graph;
    private int id;

    IcmpStage(final GatewayContext context, final Bridge bridge)
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
        return new DropReason[]{
            DropReason.BAD_ICMP, DropReason.ICMP_ERROR_NO_SESSION, DropReason.NEXT_HOP_UNRESOLVED,
            DropReason.TTL_EXPIRED, DropReason.NOT_FORWARDED};
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
            final int type = facts.icmpType[i];
            if (facts.icmpError[i])
            {
                error(frames, i, nowNs);
            }
            else if (Icmpv4Flyweight.TYPE_ECHO_REQUEST == type)
            {
                echoReply(frames, i);
            }
            else if (Icmpv4Flyweight.TYPE_ECHO_REPLY == type && FrameFacts.DIRECTION_IN == facts.direction[i])
            {
                final int path = GatewayContext.pathOf(frames.rxPort(i));
                final UnsafeBuffer frame = context.frame;
                frames.wrap(i, frame);
                final int l4 = frames.l4Offset[i];
                final int sequence = frame.getShort(l4 + Icmpv4Flyweight.SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) &
                    0xFFFF;
                // The probe carried its send time (FrameWriter.probe); the echo brings it back (RFC 792).
                final long sentNs = frames.length(i) >= l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH + 8 ?
                    frame.getLong(l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH) : nowNs;
                context.events.probeReply(path, sequence, Math.max(0, nowNs - sentNs));
                graph.consume(i, id);
            }
            else
            {
                graph.drop(i, id, DropReason.NOT_FORWARDED);
            }
        }
    }

    private void echoReply(final FrameVector frames, final int i)
    {
        // Answer in place: swap the Ethernet and IP addresses, type 8 becomes 0 (RFC 792), back out the same port.
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        final int l3 = frames.l3Offset[i];
        final int l4 = frames.l4Offset[i];
        final int port = frames.rxPort(i);
        final long sourceMac = EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET);
        EthernetFlyweight.mac(frame, EthernetFlyweight.DESTINATION_OFFSET, sourceMac);
        EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET, context.portMac[port]);
        final int source = frame.getInt(l3 + Ipv4Flyweight.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final int destination = frame.getInt(l3 + Ipv4Flyweight.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        frame.putInt(l3 + Ipv4Flyweight.SOURCE_OFFSET, destination, ByteOrder.BIG_ENDIAN);
        frame.putInt(l3 + Ipv4Flyweight.DESTINATION_OFFSET, source, ByteOrder.BIG_ENDIAN);
        final int oldWord = frame.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newWord = Icmpv4Flyweight.TYPE_ECHO_REPLY << 8;
        frame.putShort(l4, (short)newWord, ByteOrder.BIG_ENDIAN);
        final int sumAt = l4 + Icmpv4Flyweight.CHECKSUM_OFFSET;
        final int sum = frame.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        frame.putShort(sumAt, (short)Checksums.update16(sum, oldWord, newWord), ByteOrder.BIG_ENDIAN);
        graph.transmit(i, port);
    }

    private void error(final FrameVector frames, final int i, final long nowNs)
    {
        final UnsafeBuffer frame = context.frame;
        frames.wrap(i, frame);
        parser.parseEthernet(frame, 0, frames.length(i), inner);
        final int l4 = frames.l4Offset[i];
        final int icmpLength = context.facts.ipTotalLength[i] - context.facts.ipHeaderLength[i];
        if (!inner.icmpError() || inner.innerL3Offset() < 0 || 4 != inner.innerIpVersion() ||
            0 != (Checksums.checksum(frame, l4, icmpLength) & 0xFFFF) ||
            !PacketParser.innerIpv4ChecksumValid(frame, inner))
        {
            // RFC 5508 REQ-3: an error with a bad ICMP checksum or a bad embedded IP header is dropped.
            graph.drop(i, id, DropReason.BAD_ICMP);
            return;
        }
        if (FrameFacts.DIRECTION_IN == context.facts.direction[i])
        {
            final int port = frames.rxPort(i);
            inboundError(frames, i, frame, l4, icmpLength, GatewayContext.pathOf(port), bridge.isBridged(port));
        }
        else
        {
            outboundError(frames, i, frame, l4, icmpLength, nowNs);
        }
    }

    /**
     * An error from outside about a datagram the gateway sent on {@code path}, or a host's error hairpinned back in.
     *
     * @param bridged true when an error about no session may cross the bridge (it came in on the primary link).
     */
    private void inboundError(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int l4, final int icmpLength,
        final int path, final boolean bridged)
    {
        final NatSessionTable sessions = context.sessions;
        final int protocol = inner.innerProtocol();
        // The quoted datagram is one the gateway sent: from the outside endpoint to the remote one.
        final int session = sessions.lookupInbound(path, protocol, inner.innerIpv4Source(), innerLocalPort(protocol),
            inner.innerIpv4Destination(), IpProtocol.ICMP == protocol ? 0 : inner.innerDestinationPort());
        if (session < 0 || sessions.isPassThrough(session))
        {
            if (bridged)
            {
                bridge.bridgeOrDrop(frames, i, DropReason.ICMP_ERROR_NO_SESSION, id);
            }
            else
            {
                graph.drop(i, id, DropReason.ICMP_ERROR_NO_SESSION);
            }
            return;
        }
        final int insideIp = sessions.insideIp(session);
        rewriteEmbedded(frame, l4, icmpLength, protocol, true, insideIp, sessions.insidePort(session));
        final int l3 = frames.l3Offset[i];
        HeaderRewriter.address(frame, l3, l4, IpProtocol.ICMP, Ipv4Flyweight.DESTINATION_OFFSET, insideIp, false,
            true);
        if (context.facts.ttl[i] <= 1)
        {
            graph.drop(i, id, DropReason.TTL_EXPIRED);
            return;
        }
        HeaderRewriter.decrementTtl(frame, l3);
        final long hostMac = context.lanHosts.lookup(insideIp);
        if (NeighborCache.UNRESOLVED == hostMac)
        {
            graph.drop(i, id, DropReason.NEXT_HOP_UNRESOLVED);
            return;
        }
        EthernetFlyweight.mac(frame, EthernetFlyweight.DESTINATION_OFFSET, hostMac);
        EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET, context.routerMac());
        graph.transmit(i, GatewayContext.LAN_PORT);
    }

    private void outboundError(
        final FrameVector frames, final int i, final UnsafeBuffer frame, final int l4, final int icmpLength,
        final long nowNs)
    {
        final NatSessionTable sessions = context.sessions;
        final int protocol = inner.innerProtocol();
        // A host's error about a datagram it received: from the remote end to the host's inside endpoint.
        final int session = sessions.lookupOutbound(protocol, inner.innerIpv4Destination(),
            IpProtocol.ICMP == protocol ? inner.innerIcmpIdentifier() : inner.innerDestinationPort(),
            inner.innerIpv4Source(), IpProtocol.ICMP == protocol ? 0 : inner.innerSourcePort());
        if (session < 0 || sessions.isPassThrough(session))
        {
            bridge.bridgeOrDrop(frames, i, DropReason.ICMP_ERROR_NO_SESSION, id);
            return;
        }
        final int path = sessions.path(session);
        final int outsideIp = sessions.outsideIp(session);
        rewriteEmbedded(frame, l4, icmpLength, protocol, false, outsideIp, sessions.outsidePort(session));
        final int l3 = frames.l3Offset[i];
        HeaderRewriter.address(frame, l3, l4, IpProtocol.ICMP, Ipv4Flyweight.SOURCE_OFFSET, outsideIp, false, true);
        if (context.facts.ttl[i] <= 1)
        {
            graph.drop(i, id, DropReason.TTL_EXPIRED);
            return;
        }
        if (context.pathOwning(context.facts.destination[i]) == path)
        {
            // RFC 5508 REQ-7: the error is about a hairpinned datagram (the host received it from another host's
            // outside endpoint on this path). Now in outside terms, it goes back in through the same NAT, as an
            // error arriving on the path would: read the quote as rewritten and translate it for the other host.
            parser.parseEthernet(frame, 0, frames.length(i), inner);
            inboundError(frames, i, frame, l4, icmpLength, path, false);
            return;
        }
        HeaderRewriter.decrementTtl(frame, l3);
        final long nextHop = context.nextHopMac(path, nowNs);
        if (0 == nextHop)
        {
            graph.drop(i, id, DropReason.NEXT_HOP_UNRESOLVED);
            return;
        }
        final int port = GatewayContext.portOf(path);
        EthernetFlyweight.mac(frame, EthernetFlyweight.DESTINATION_OFFSET, nextHop);
        EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET, context.portMac[port]);
        graph.transmit(i, port);
    }

    private int innerLocalPort(final int protocol)
    {
        return IpProtocol.ICMP == protocol ? inner.innerIcmpIdentifier() : inner.innerSourcePort();
    }

    /**
     * Rewrite the embedded datagram's local endpoint (its source for inbound errors, its destination for outbound
     * ones) and fold every change into the outer ICMP checksum, which covers the whole quote.
     */
    private void rewriteEmbedded(
        final UnsafeBuffer frame,
        final int icmpOffset,
        final int icmpLength,
        final int protocol,
        final boolean localIsSource,
        final int address,
        final int port)
    {
        final int l3 = inner.innerL3Offset();
        final int l4 = inner.innerL4Offset();
        final int quoteEnd = icmpOffset + icmpLength;
        final int icmpSumAt = icmpOffset + Icmpv4Flyweight.CHECKSUM_OFFSET;
        int icmpSum = frame.getShort(icmpSumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;

        final int addressAt = l3 + (localIsSource ? Ipv4Flyweight.SOURCE_OFFSET : Ipv4Flyweight.DESTINATION_OFFSET);
        final int oldAddress = frame.getInt(addressAt, ByteOrder.BIG_ENDIAN);
        final int ipSumAt = l3 + Ipv4Flyweight.CHECKSUM_OFFSET;
        final int oldIpSum = frame.getShort(ipSumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        frame.putInt(addressAt, address, ByteOrder.BIG_ENDIAN);
        final int newIpSum = Checksums.update32(oldIpSum, oldAddress, address);
        frame.putShort(ipSumAt, (short)newIpSum, ByteOrder.BIG_ENDIAN);
        icmpSum = Checksums.update32(icmpSum, oldAddress, address);
        icmpSum = Checksums.update16(icmpSum, oldIpSum, newIpSum);

        if (l4 >= 0)
        {
            final int portAt = IpProtocol.ICMP == protocol ? l4 + Icmpv4Flyweight.IDENTIFIER_OFFSET :
                l4 + (localIsSource ? TcpFlyweight.SOURCE_PORT_OFFSET : TcpFlyweight.DESTINATION_PORT_OFFSET);
            if (portAt + 2 <= quoteEnd)
            {
                final int oldPort = frame.getShort(portAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                frame.putShort(portAt, (short)port, ByteOrder.BIG_ENDIAN);
                icmpSum = Checksums.update16(icmpSum, oldPort, port);
                icmpSum = embeddedTransportChecksum(frame, l4, quoteEnd, protocol, oldAddress, address, oldPort,
                    port, icmpSum);
            }
        }
        frame.putShort(icmpSumAt, (short)icmpSum, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Update the quoted transport checksum if it is inside the quote (RFC 5508 section 4.2 notes it often is not),
     * folding its change into the outer ICMP checksum too.
     */
    private static int embeddedTransportChecksum(
        final UnsafeBuffer frame,
        final int l4,
        final int quoteEnd,
        final int protocol,
        final int oldAddress,
        final int address,
        final int oldPort,
        final int port,
        final int icmpSum)
    {
        final int sumAt;
        if (IpProtocol.TCP == protocol)
        {
            sumAt = l4 + TcpFlyweight.CHECKSUM_OFFSET;
        }
        else if (IpProtocol.UDP == protocol)
        {
            sumAt = l4 + UdpFlyweight.CHECKSUM_OFFSET;
        }
        else
        {
            sumAt = l4 + Icmpv4Flyweight.CHECKSUM_OFFSET;
        }
        if (sumAt + 2 > quoteEnd)
        {
            return icmpSum;
        }
        final int old = frame.getShort(sumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (IpProtocol.UDP == protocol && 0 == old)
        {
            return icmpSum;
        }
        int updated = old;
        if (IpProtocol.ICMP != protocol)
        {
            updated = IpProtocol.UDP == protocol ? Checksums.updateUdp32(updated, oldAddress, address) :
                Checksums.update32(updated, oldAddress, address);
        }
        updated = IpProtocol.UDP == protocol ? Checksums.updateUdp16(updated, oldPort, port) :
            Checksums.update16(updated, oldPort, port);
        frame.putShort(sumAt, (short)updated, ByteOrder.BIG_ENDIAN);
        return Checksums.update16(icmpSum, old, updated);
    }
}

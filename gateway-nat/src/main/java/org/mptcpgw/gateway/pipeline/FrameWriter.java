package org.mptcpgw.gateway.pipeline;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpOptionWriter;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.mptcp.SubflowResetWriter;
import org.mptcpgw.core.packet.ArpFlyweight;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.VnetHeader;

/**
 * Writes the frames the gateway originates straight into a port's transmit slot: ARP requests and replies (RFC 826),
 * ICMP echo probes, ICMP errors a router must send (RFC 792, RFC 1812 section 4.3.2.3: quote the IP header and as much
 * of the datagram as fits in 576 bytes), and TCP resets carrying MP_TCPRST (RFC 8684 section 3.6). Nothing allocates;
 * a full transmit ring loses the frame (counted on the port).
 */
public final class FrameWriter
{
    /** ICMP echo identifier of the gateway's probes: this base plus the path index. */
    public static final int PROBE_IDENTIFIER_BASE = 0x4D40;
    /** Most bytes of an ICMP error datagram (RFC 1812 section 4.3.2.3). */
    static final int ICMP_ERROR_MAX_DATAGRAM = 576;
    private static final int TTL = 64;
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final int PROBE_PAYLOAD = 32;

    private final GatewayContext context;
    private final UnsafeBuffer tx = new UnsafeBuffer(0, 0);
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final ArpFlyweight arp = new ArpFlyweight();
    private final Ipv4Flyweight ip = new Ipv4Flyweight();
    private final Icmpv4Flyweight icmp = new Icmpv4Flyweight();
    private final SubflowResetWriter reset = new SubflowResetWriter();
    private int ipIdentification;

    FrameWriter(final GatewayContext context)
    {
        this.context = context;
    }

    private boolean claim(final int port, final int length)
    {
        final Port p = context.ports[port];
        final long address = p.claim(length);
        if (0 == address)
        {
            p.statistics().addTxRejected(1);
            return false;
        }
        final int vnet = p.vnetHeaderLength();
        tx.wrap(address - vnet, length + vnet);
        if (0 != vnet)
        {
            VnetHeader.writeNone(tx, 0);
            tx.wrap(address, length);
        }
        return true;
    }

    private void commit(final int port, final int length)
    {
        context.ports[port].commit(tx.addressOffset(), length, 0);
        if (null != context.worker)
        {
            context.worker.onGenerated(port, length);
        }
    }

    /**
     * Broadcast "who has target? tell sender".
     *
     * @param port     port to ask on.
     * @param senderIp the gateway's address on that link (0 for an ARP probe).
     * @param targetIp address to resolve.
     */
    void arpRequest(final int port, final int senderIp, final int targetIp)
    {
        final int length = EthernetFlyweight.MIN_HEADER_LENGTH + ArpFlyweight.MIN_HEADER_LENGTH;
        if (!claim(port, length))
        {
            return;
        }
        final long mac = context.portMac[port];
        ethernet.wrap(tx, 0).destination(BROADCAST).source(mac).etherType(EtherType.ARP);
        arp.wrap(tx, EthernetFlyweight.MIN_HEADER_LENGTH).ethernetIpv4().operation(ArpFlyweight.OPERATION_REQUEST)
            .senderHardware(mac).senderProtocol(senderIp).targetHardware(0).targetProtocol(targetIp);
        commit(port, length);
        context.generatedArp.incrementRelease();
    }

    /**
     * Answer an ARP request for one of the gateway's addresses (or, while the primary path is down, for the LAN's
     * router, so that hosts keep their router entry).
     *
     * @param port       port the request came from.
     * @param answerMac  MAC to announce for the address.
     * @param answerIp   the address asked for.
     * @param askerMac   MAC of the asker.
     * @param askerIp    address of the asker.
     */
    void arpReply(final int port, final long answerMac, final int answerIp, final long askerMac, final int askerIp)
    {
        final int length = EthernetFlyweight.MIN_HEADER_LENGTH + ArpFlyweight.MIN_HEADER_LENGTH;
        if (!claim(port, length))
        {
            return;
        }
        ethernet.wrap(tx, 0).destination(askerMac).source(context.portMac[port]).etherType(EtherType.ARP);
        arp.wrap(tx, EthernetFlyweight.MIN_HEADER_LENGTH).ethernetIpv4().operation(ArpFlyweight.OPERATION_REPLY)
            .senderHardware(answerMac).senderProtocol(answerIp).targetHardware(askerMac).targetProtocol(askerIp);
        commit(port, length);
        context.generatedArp.incrementRelease();
    }

    /**
     * Send an ICMP echo request through a path to its probe target.
     *
     * @param path     path to probe.
     * @param target   address that answers.
     * @param sequence sequence number.
     * @param nowNs    current time.
     * @return true if the probe went out.
     */
    public boolean probe(final int path, final int target, final int sequence, final long nowNs)
    {
        final int port = GatewayContext.portOf(path);
        final long nextHop = context.nextHopMac(path, nowNs);
        final int source = context.pathAddress[path];
        if (0 == nextHop || 0 == source)
        {
            return false;
        }
        final int icmpLength = Icmpv4Flyweight.MIN_HEADER_LENGTH + PROBE_PAYLOAD;
        final int length = EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLength;
        if (!claim(port, length))
        {
            return false;
        }
        ethernet.wrap(tx, 0).destination(nextHop).source(context.portMac[port]).etherType(EtherType.IPV4);
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
        final int l4 = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
        ipHeader(l3, Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLength, IpProtocol.ICMP, source, target);
        tx.putLong(l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH, nowNs);
        tx.setMemory(l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH + 8, PROBE_PAYLOAD - 8, (byte)0x4D);
        icmp.wrap(tx, l4).type(Icmpv4Flyweight.TYPE_ECHO_REQUEST).code(0)
            .identifier(PROBE_IDENTIFIER_BASE + path).sequence(sequence & 0xFFFF).updateChecksum(icmpLength);
        commit(port, length);
        context.generatedProbe.incrementRelease();
        context.probesSent[path].incrementRelease();
        return true;
    }

    /**
     * Send an ICMP error about a datagram back to its source.
     *
     * @param port         port to send on (where the datagram came from).
     * @param destinationMac MAC of the datagram's sender (the frame's source MAC).
     * @param sourceMac    MAC to send from.
     * @param source       address the error comes from (the gateway's).
     * @param destination  the datagram's source address.
     * @param type         ICMP type (3, 11).
     * @param code         ICMP code.
     * @param mtu          next-hop MTU for fragmentation needed, else 0.
     * @param datagram     buffer holding the offending datagram.
     * @param l3Offset     offset of its IP header.
     * @param l3Length     bytes of it available.
     */
    void icmpError(
        final int port,
        final long destinationMac,
        final long sourceMac,
        final int source,
        final int destination,
        final int type,
        final int code,
        final int mtu,
        final DirectBuffer datagram,
        final int l3Offset,
        final int l3Length)
    {
        if (0 == source)
        {
            return;
        }
        final int quote = Math.min(l3Length,
            ICMP_ERROR_MAX_DATAGRAM - Ipv4Flyweight.MIN_HEADER_LENGTH - Icmpv4Flyweight.MIN_HEADER_LENGTH);
        final int icmpLength = Icmpv4Flyweight.MIN_HEADER_LENGTH + quote;
        final int length = EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLength;
        if (!claim(port, length))
        {
            return;
        }
        ethernet.wrap(tx, 0).destination(destinationMac).source(sourceMac).etherType(EtherType.IPV4);
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
        final int l4 = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
        ipHeader(l3, Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLength, IpProtocol.ICMP, source, destination);
        tx.putInt(l4 + 4, 0);
        tx.putBytes(l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH, datagram, l3Offset, quote);
        icmp.wrap(tx, l4).type(type).code(code);
        if (0 != mtu)
        {
            icmp.nextHopMtu(mtu);
        }
        icmp.updateChecksum(icmpLength);
        commit(port, length);
        context.generatedIcmp.incrementRelease();
    }

    /**
     * Reset a subflow toward the host, as if from its remote end: a RST carrying MP_TCPRST (transient, reason
     * "unacceptable performance") so the host's MPTCP moves the data to the other subflows at once.
     *
     * @param hostMac     MAC of the host.
     * @param remoteIp    the remote end as the host knows it.
     * @param hostIp      the host.
     * @param remotePort  the remote port.
     * @param hostPort    the host port.
     * @param sequence    sequence number the host expects next.
     * @param acknowledgment the host's next sequence number.
     */
    void subflowReset(
        final long hostMac,
        final int remoteIp,
        final int hostIp,
        final int remotePort,
        final int hostPort,
        final int sequence,
        final int acknowledgment)
    {
        // MP_TCPRST is a v1 option; a v0 (RFC 6824) receiver ignores the unknown subtype and still honours the RST.
        final int port = GatewayContext.LAN_PORT;
        if (!claim(port, SubflowResetWriter.IPV4_FRAME_LENGTH))
        {
            return;
        }
        final int length = reset.writeIpv4(tx, 0, hostMac, context.routerMac(), remoteIp, hostIp, remotePort,
            hostPort, sequence, acknowledgment, MptcpOptions.TCPRST_FLAG_T,
            MptcpOptionWriter.REASON_UNACCEPTABLE_PERFORMANCE);
        commit(port, length);
        context.generatedReset.incrementRelease();
    }

    /**
     * One fragment of a datagram that does not fit the path MTU (RFC 791 section 3.2, RFC 4787 REQ-13): the frame's
     * link header (already addressed to the next hop) and IPv4 header (20 bytes, no options), with the fragment's
     * total length, flags and offset and a new header checksum, then {@code length} bytes of the datagram's data.
     *
     * @param port            port to send on.
     * @param frame           the frame holding the whole datagram.
     * @param l3              offset of its IPv4 header.
     * @param dataOffset      offset, from the start of the datagram's data, of this fragment's first byte.
     * @param length          bytes of data in this fragment (a multiple of 8 unless it is the last).
     * @param flagsAndOffset  the fragment's flags and offset word (MF and the offset in 8-byte units).
     * @return false when the port's transmit ring had no room (counted on the port).
     */
    boolean fragment(
        final int port,
        final UnsafeBuffer frame,
        final int l3,
        final int dataOffset,
        final int length,
        final int flagsAndOffset)
    {
        final int frameLength = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH + length;
        if (!claim(port, frameLength))
        {
            return false;
        }
        tx.putBytes(0, frame, 0, l3 + Ipv4Flyweight.MIN_HEADER_LENGTH);
        ip.wrap(tx, l3).totalLength(Ipv4Flyweight.MIN_HEADER_LENGTH + length).flagsAndFragmentOffset(flagsAndOffset)
            .checksum(0).updateChecksum();
        tx.putBytes(l3 + Ipv4Flyweight.MIN_HEADER_LENGTH, frame, l3 + Ipv4Flyweight.MIN_HEADER_LENGTH + dataOffset,
            length);
        commit(port, frameLength);
        context.generatedFragment.incrementRelease();
        return true;
    }

    /**
     * Send a frame the gateway forwards late, as it is (a held fragment released with its first).
     *
     * @param port   port to send on.
     * @param frame  the frame, addressed and translated.
     * @param length its length.
     * @return false when the port's transmit ring had no room (counted on the port).
     */
    boolean copy(final int port, final DirectBuffer frame, final int length)
    {
        if (!claim(port, length))
        {
            return false;
        }
        tx.putBytes(0, frame, 0, length);
        commit(port, length);
        return true;
    }

    private void ipHeader(final int l3, final int totalLength, final int protocol, final int source, final int dst)
    {
        ip.wrap(tx, l3).versionAndHeaderLength(Ipv4Flyweight.MIN_HEADER_LENGTH).tos(0).totalLength(totalLength)
            .identification(++ipIdentification & 0xFFFF).flagsAndFragmentOffset(0).ttl(TTL).protocol(protocol)
            .checksum(0).source(source).destination(dst).updateChecksum();
    }
}

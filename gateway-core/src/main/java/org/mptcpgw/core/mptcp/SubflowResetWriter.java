package org.mptcpgw.core.mptcp;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;

/**
 * Builds the frame the gateway sends to reset one subflow toward the host when the subflow's path died: an
 * Ethernet/IPv4/TCP segment with RST and ACK and an MP_TCPRST option (RFC 8684 section 3.6), so the host's
 * MPTCP stack closes only that subflow and reinjects its data on the others.
 * <pre>
 * Ethernet (14) | IPv4, no options, DF (20) | TCP, data offset 6, RST+ACK, window 0 (20) | MP_TCPRST (4)
 * </pre>
 * The sequence number must be acceptable to the receiver (RFC 5961 section 3.2: exactly the next expected
 * sequence number avoids a challenge ACK), so the caller passes what the tracker last saw. Both checksums are
 * computed. One instance per worker; allocation-free after construction.
 */
public final class SubflowResetWriter
{
    /** Length of the IPv4 frame written. */
    public static final int IPV4_FRAME_LENGTH = EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.MIN_HEADER_LENGTH +
        TcpFlyweight.MIN_HEADER_LENGTH + MptcpOptionWriter.TCPRST_LENGTH;

    private static final int TTL = 64;
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final Ipv4Flyweight ip = new Ipv4Flyweight();
    private final TcpFlyweight tcp = new TcpFlyweight();

    /**
     * Write the reset frame.
     *
     * @param buffer          buffer to write to (at least {@link #IPV4_FRAME_LENGTH} bytes from offset).
     * @param offset          offset of the Ethernet header.
     * @param destinationMac  destination MAC in the low 48 bits.
     * @param sourceMac       source MAC in the low 48 bits.
     * @param source          IPv4 source address (the remote end of the subflow, as the host knows it).
     * @param destination     IPv4 destination address (the host).
     * @param sourcePort      TCP source port.
     * @param destinationPort TCP destination port.
     * @param sequence        sequence number the host expects next from the remote end.
     * @param acknowledgment  acknowledgment number (the host's next sequence number).
     * @param rstFlags        MP_TCPRST U V W T nibble.
     * @param reason          MP_TCPRST reason code.
     * @return frame length written.
     */
    public int writeIpv4(
        final MutableDirectBuffer buffer,
        final int offset,
        final long destinationMac,
        final long sourceMac,
        final int source,
        final int destination,
        final int sourcePort,
        final int destinationPort,
        final int sequence,
        final int acknowledgment,
        final int rstFlags,
        final int reason)
    {
        ethernet.wrap(buffer, offset).destination(destinationMac).source(sourceMac).etherType(EtherType.IPV4);
        final int l3 = offset + EthernetFlyweight.MIN_HEADER_LENGTH;
        final int l4 = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
        final int tcpLength = TcpFlyweight.MIN_HEADER_LENGTH + MptcpOptionWriter.TCPRST_LENGTH;
        ip.wrap(buffer, l3)
            .versionAndHeaderLength(Ipv4Flyweight.MIN_HEADER_LENGTH)
            .tos(0)
            .totalLength(Ipv4Flyweight.MIN_HEADER_LENGTH + tcpLength)
            .identification(0)
            .flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DF)
            .ttl(TTL)
            .protocol(IpProtocol.TCP)
            .checksum(0)
            .source(source)
            .destination(destination)
            .updateChecksum();
        tcp.wrap(buffer, l4)
            .sourcePort(sourcePort)
            .destinationPort(destinationPort)
            .sequence(sequence)
            .acknowledgment(acknowledgment)
            .headerLengthAndFlags(tcpLength, TcpFlyweight.RST | TcpFlyweight.ACK)
            .window(0)
            .checksum(0)
            .urgentPointer(0);
        MptcpOptionWriter.writeTcpRst(buffer, l4 + TcpFlyweight.MIN_HEADER_LENGTH, rstFlags, reason);
        tcp.checksum(Checksums.transportChecksumIpv4(
            buffer, l4, tcpLength, TcpFlyweight.CHECKSUM_OFFSET, source, destination, IpProtocol.TCP));
        return IPV4_FRAME_LENGTH;
    }
}

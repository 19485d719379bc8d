package org.mptcpgw.bench.packet;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;

/**
 * Frames for the packet benchmarks, built with the production flyweights in direct memory (like an AF_PACKET
 * ring): 192.0.2.2:40000 to 203.0.113.100:5201.
 */
public final class BenchFrames
{
    /** MSS 1460, SACK permitted, timestamps, NOP, window scale 7, MP_CAPABLE v1 (SYN, 4 bytes). */
    static final byte[] SYN_OPTIONS = {
        2, 4, 0x05, (byte)0xb4, 4, 2, 8, 10, 0x1b, 0x2c, 0x3d, 0x4e, 0, 0, 0, 0, 1, 3, 3, 7, 30, 4, 0x01, 0x01};
    /** NOP, NOP, timestamps, DSS with 32-bit DATA_ACK, 32-bit DSN, SSN, length 1428 and checksum (20 bytes). */
    static final byte[] DSS_OPTIONS = {
        1, 1, 8, 10, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, (byte)0x82,
        30, 20, 0x20, 0x05, (byte)0xa1, (byte)0xb2, (byte)0xc3, (byte)0xd4, (byte)0xc1, (byte)0xc2, (byte)0xc3,
        (byte)0xc4, 0, 0, 0, 1, 0x05, (byte)0x94, (byte)0xbe, (byte)0xef};

    private BenchFrames()
    {
    }

    /**
     * @return a SYN with MP_CAPABLE: 14 + 20 + 44 = 78 bytes.
     */
    public static UnsafeBuffer synWithMpCapable()
    {
        return frame(TcpFlyweight.SYN, SYN_OPTIONS, 0);
    }

    /**
     * @return a data segment with DSS whose IP datagram is 1500 bytes long (1514-byte frame).
     */
    public static UnsafeBuffer dataWithDss()
    {
        return frame(TcpFlyweight.ACK | TcpFlyweight.PSH, DSS_OPTIONS, 1500 - 20 - 20 - DSS_OPTIONS.length);
    }

    private static UnsafeBuffer frame(final int flags, final byte[] options, final int payloadLength)
    {
        final int tcpLength = TcpFlyweight.MIN_HEADER_LENGTH + options.length;
        final int ipLength = Ipv4Flyweight.MIN_HEADER_LENGTH + tcpLength + payloadLength;
        final int frameLength = EthernetFlyweight.MIN_HEADER_LENGTH + ipLength;
        final UnsafeBuffer ring = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
        new EthernetFlyweight().wrap(ring, 0).destination(0x0200_0000_0002L).source(0x0200_0000_0001L)
            .etherType(EtherType.IPV4);
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
        final int l4 = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
        new Ipv4Flyweight().wrap(ring, l3).versionAndHeaderLength(20).tos(0).totalLength(ipLength)
            .identification(0x1234).flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DF).ttl(64).protocol(IpProtocol.TCP)
            .checksum(0).source(0xC000_0202).destination(0xCB00_7164).updateChecksum();
        final TcpFlyweight tcp = new TcpFlyweight().wrap(ring, l4).sourcePort(40000).destinationPort(5201)
            .sequence(0x1000_0000).acknowledgment(0x2000_0000).headerLengthAndFlags(tcpLength, flags).window(502)
            .checksum(0).urgentPointer(0);
        ring.putBytes(l4 + TcpFlyweight.MIN_HEADER_LENGTH, options);
        for (int i = 0; i < payloadLength; i++)
        {
            ring.putByte(l4 + tcpLength + i, (byte)i);
        }
        tcp.checksum(Checksums.transportChecksumIpv4(ring, l4, tcpLength + payloadLength,
            TcpFlyweight.CHECKSUM_OFFSET, 0xC000_0202, 0xCB00_7164, IpProtocol.TCP));
        // A view of exactly the frame, as a port hands it out.
        return new UnsafeBuffer(ring, 0, frameLength);
    }
}

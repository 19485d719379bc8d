package org.mptcpgw.bench.pipeline;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;

import java.nio.ByteOrder;

/**
 * Writes Ethernet/IPv4/TCP frames with options and correct checksums into a buffer with the production flyweights,
 * padded to the 60-byte Ethernet minimum as they arrive from a wire. Setup-time code: it allocates nothing, but it
 * is not meant for a hot path.
 */
public final class FrameBuilder
{
    /** Shortest Ethernet frame without the FCS (64 bytes on a wire). */
    public static final int MIN_FRAME_LENGTH = 60;
    /** Frame of a full-sized segment: 1500-byte IP datagram. */
    public static final int MTU_FRAME_LENGTH = EthernetFlyweight.MIN_HEADER_LENGTH + 1500;

    private static final int IPV4_IDENTIFICATION = 0x4D47;
    private static final int WINDOW = 502;

    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final TcpFlyweight tcp = new TcpFlyweight();

    /**
     * Write a TCP frame.
     *
     * @param b             buffer to write into.
     * @param offset        offset of the Ethernet header.
     * @param dstMac        destination MAC, low 48 bits.
     * @param srcMac        source MAC, low 48 bits.
     * @param src           source IPv4 address.
     * @param dst           destination IPv4 address.
     * @param sport         source port.
     * @param dport         destination port.
     * @param flags         TCP flags ({@link TcpFlyweight#SYN} ...).
     * @param seq           sequence number.
     * @param ack           acknowledgment number.
     * @param options       TCP options (a multiple of 4 bytes), or null.
     * @param payloadLength payload bytes.
     * @return length of the frame written (at least {@link #MIN_FRAME_LENGTH}).
     */
    public int tcp(
        final MutableDirectBuffer b,
        final int offset,
        final long dstMac,
        final long srcMac,
        final int src,
        final int dst,
        final int sport,
        final int dport,
        final int flags,
        final int seq,
        final int ack,
        final byte[] options,
        final int payloadLength)
    {
        final int optionLength = null == options ? 0 : options.length;
        final int tcpLength = TcpFlyweight.MIN_HEADER_LENGTH + optionLength;
        final int ipLength = Ipv4Flyweight.MIN_HEADER_LENGTH + tcpLength + payloadLength;
        final int l3 = offset + EthernetFlyweight.MIN_HEADER_LENGTH;
        final int l4 = l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
        final int frameLength = Math.max(MIN_FRAME_LENGTH, EthernetFlyweight.MIN_HEADER_LENGTH + ipLength);
        b.setMemory(offset, frameLength, (byte)0);
        ethernet.wrap(b, offset).destination(dstMac).source(srcMac).etherType(EtherType.IPV4);
        ipv4.wrap(b, l3).versionAndHeaderLength(Ipv4Flyweight.MIN_HEADER_LENGTH).tos(0).totalLength(ipLength)
            .identification(IPV4_IDENTIFICATION).flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DF).ttl(64)
            .protocol(IpProtocol.TCP).checksum(0).source(src).destination(dst).updateChecksum();
        tcp.wrap(b, l4).sourcePort(sport).destinationPort(dport).sequence(seq).acknowledgment(ack)
            .headerLengthAndFlags(tcpLength, flags).window(WINDOW).checksum(0).urgentPointer(0);
        if (optionLength > 0)
        {
            b.putBytes(l4 + TcpFlyweight.MIN_HEADER_LENGTH, options);
        }
        for (int i = 0; i < payloadLength; i++)
        {
            b.putByte(l4 + tcpLength + i, (byte)(i * 31));
        }
        b.putShort(l4 + TcpFlyweight.CHECKSUM_OFFSET, (short)Checksums.transportChecksumIpv4(b, l4,
            tcpLength + payloadLength, TcpFlyweight.CHECKSUM_OFFSET, src, dst, IpProtocol.TCP), ByteOrder.BIG_ENDIAN);
        return frameLength;
    }

    /**
     * @return MSS 1460 and MP_CAPABLE v1 as a host's SYN carries it (no key, RFC 8684 section 3.1).
     */
    public static byte[] mpCapableSyn()
    {
        return new byte[]{2, 4, 0x05, (byte)0xb4, 30, 4, 0x01, 0x01};
    }

    /**
     * @param serverKey key B.
     * @return MP_CAPABLE v1 of the server's SYN/ACK, carrying key B.
     */
    public static byte[] mpCapableSynAck(final long serverKey)
    {
        final byte[] o = new byte[12];
        o[0] = 30;
        o[1] = 12;
        o[2] = 0x01;
        o[3] = 0x01;
        putLong(o, 4, serverKey);
        return o;
    }

    /**
     * @param hostKey   key A.
     * @param serverKey key B.
     * @return MP_CAPABLE v1 of the third ACK, carrying both keys.
     */
    public static byte[] mpCapableAck(final long hostKey, final long serverKey)
    {
        final byte[] o = new byte[20];
        o[0] = 30;
        o[1] = 20;
        o[2] = 0x01;
        o[3] = 0x01;
        putLong(o, 4, hostKey);
        putLong(o, 12, serverKey);
        return o;
    }

    /**
     * @param token the receiver's token.
     * @param nonce the sender's nonce.
     * @return MSS 1460 and MP_JOIN of a SYN (address id 1, no backup flag).
     */
    public static byte[] mpJoinSyn(final int token, final int nonce)
    {
        final byte[] o = new byte[16];
        o[0] = 2;
        o[1] = 4;
        o[2] = 0x05;
        o[3] = (byte)0xb4;
        o[4] = 30;
        o[5] = 12;
        o[6] = 0x10;
        o[7] = 1;
        putInt(o, 8, token);
        putInt(o, 12, nonce);
        return o;
    }

    /**
     * @param truncatedHmac the leftmost 64 bits of the HMAC.
     * @param nonce         the sender's nonce.
     * @return MP_JOIN of a SYN/ACK.
     */
    public static byte[] mpJoinSynAck(final long truncatedHmac, final int nonce)
    {
        final byte[] o = new byte[16];
        o[0] = 30;
        o[1] = 16;
        o[2] = 0x10;
        o[3] = 1;
        putLong(o, 4, truncatedHmac);
        putInt(o, 12, nonce);
        return o;
    }

    private static void putLong(final byte[] o, final int at, final long value)
    {
        putInt(o, at, (int)(value >>> 32));
        putInt(o, at + 4, (int)value);
    }

    private static void putInt(final byte[] o, final int at, final int value)
    {
        o[at] = (byte)(value >>> 24);
        o[at + 1] = (byte)(value >>> 16);
        o[at + 2] = (byte)(value >>> 8);
        o[at + 3] = (byte)value;
    }
}

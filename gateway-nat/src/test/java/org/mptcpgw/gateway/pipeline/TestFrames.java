package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.ArpFlyweight;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.UdpFlyweight;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds test frames (Ethernet, IPv4, TCP with options, UDP, ICMP, ARP) with correct checksums.
 */
public final class TestFrames
{
    public static final long HOST_MAC = 0x020000000001L;
    public static final long LAN_MAC = 0x020000000002L;
    public static final long WAN1_MAC = 0x020000000101L;
    public static final long ROUTER1_MAC = 0x020000000102L;
    public static final long WAN2_MAC = 0x020000000201L;
    public static final long ROUTER2_MAC = 0x020000000202L;
    public static final int HOST = 0xC0000202;        // 192.0.2.2
    public static final int HOST2 = 0xC0000203;       // 192.0.2.3
    public static final int ROUTER1 = 0xC0000201;     // 192.0.2.1
    public static final int GW1 = 0xC00002FE;         // 192.0.2.254
    public static final int ROUTER2 = 0xC6336401;     // 198.51.100.1
    public static final int GW2 = 0xC6336402;         // 198.51.100.2
    public static final int SERVER = 0xCB007164;      // 203.0.113.100

    public static final long KEY_A = 0x1D1D262C4CB328FDL;
    public static final long KEY_B = 0xC58478A9DD4BDC20L;

    private TestFrames()
    {
    }

    public static byte[] tcp(
        final long dstMac, final long srcMac, final int src, final int dst, final int sport, final int dport,
        final int flags, final int seq, final int ack, final byte[] options, final int payload, final int ttl)
    {
        final int optLen = null == options ? 0 : options.length;
        final int tcpLen = TcpFlyweight.MIN_HEADER_LENGTH + optLen;
        final int ipLen = Ipv4Flyweight.MIN_HEADER_LENGTH + tcpLen + payload;
        final byte[] bytes = new byte[EthernetFlyweight.MIN_HEADER_LENGTH + ipLen];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int l3 = ethernet(b, dstMac, srcMac, EtherType.IPV4);
        final int l4 = ip(b, l3, ipLen, IpProtocol.TCP, src, dst, ttl);
        new TcpFlyweight().wrap(b, l4).sourcePort(sport).destinationPort(dport).sequence(seq).acknowledgment(ack)
            .headerLengthAndFlags(tcpLen, flags).window(64240).checksum(0).urgentPointer(0);
        if (optLen > 0)
        {
            b.putBytes(l4 + TcpFlyweight.MIN_HEADER_LENGTH, options);
        }
        for (int k = 0; k < payload; k++)
        {
            b.putByte(l4 + tcpLen + k, (byte)k);
        }
        b.putShort(l4 + TcpFlyweight.CHECKSUM_OFFSET, (short)Checksums.transportChecksumIpv4(b, l4, tcpLen + payload,
            TcpFlyweight.CHECKSUM_OFFSET, src, dst, IpProtocol.TCP), ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    public static byte[] udp(final long dstMac, final long srcMac, final int src, final int dst, final int sport,
        final int dport, final int payload, final int ttl)
    {
        final int udpLen = UdpFlyweight.MIN_HEADER_LENGTH + payload;
        final int ipLen = Ipv4Flyweight.MIN_HEADER_LENGTH + udpLen;
        final byte[] bytes = new byte[EthernetFlyweight.MIN_HEADER_LENGTH + ipLen];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int l3 = ethernet(b, dstMac, srcMac, EtherType.IPV4);
        final int l4 = ip(b, l3, ipLen, IpProtocol.UDP, src, dst, ttl);
        new UdpFlyweight().wrap(b, l4).sourcePort(sport).destinationPort(dport).length(udpLen).checksum(0);
        for (int k = 0; k < payload; k++)
        {
            b.putByte(l4 + UdpFlyweight.MIN_HEADER_LENGTH + k, (byte)(k * 7));
        }
        b.putShort(l4 + UdpFlyweight.CHECKSUM_OFFSET, (short)Checksums.transportChecksumIpv4(b, l4, udpLen,
            UdpFlyweight.CHECKSUM_OFFSET, src, dst, IpProtocol.UDP), ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    public static byte[] echo(final long dstMac, final long srcMac, final int src, final int dst, final int type,
        final int id, final int seq, final int ttl)
    {
        final int icmpLen = Icmpv4Flyweight.MIN_HEADER_LENGTH + 16;
        final int ipLen = Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLen;
        final byte[] bytes = new byte[EthernetFlyweight.MIN_HEADER_LENGTH + ipLen];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int l3 = ethernet(b, dstMac, srcMac, EtherType.IPV4);
        final int l4 = ip(b, l3, ipLen, IpProtocol.ICMP, src, dst, ttl);
        new Icmpv4Flyweight().wrap(b, l4).type(type).code(0).identifier(id).sequence(seq).updateChecksum(icmpLen);
        return bytes;
    }

    /** A copy of an Ethernet + IPv4 (no options) frame without DF, header checksum fixed. */
    public static byte[] withoutDf(final byte[] frame)
    {
        return withFlagsAndIdentification(frame, 0, ipIdentification(frame));
    }

    /** A copy of an Ethernet + IPv4 frame with another identification, header checksum fixed. */
    public static byte[] withIdentification(final byte[] frame, final int identification)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        return withFlagsAndIdentification(frame,
            b.getShort(EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET,
            ByteOrder.BIG_ENDIAN) & 0xFFFF, identification);
    }

    /**
     * The datagram of an Ethernet + IPv4 (no options) frame as fragments of {@code dataPerFragment} bytes of data
     * (a multiple of 8), DF clear, in order.
     */
    public static List<byte[]> fragments(final byte[] frame, final int dataPerFragment)
    {
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
        final int ip = Ipv4Flyweight.MIN_HEADER_LENGTH;
        final int data = frame.length - l3 - ip;
        final List<byte[]> fragments = new ArrayList<>();
        for (int at = 0; at < data; at += dataPerFragment)
        {
            final int length = Math.min(dataPerFragment, data - at);
            final byte[] fragment = new byte[l3 + ip + length];
            System.arraycopy(frame, 0, fragment, 0, l3 + ip);
            System.arraycopy(frame, l3 + ip + at, fragment, l3 + ip, length);
            final UnsafeBuffer b = new UnsafeBuffer(fragment);
            b.putShort(l3 + Ipv4Flyweight.TOTAL_LENGTH_OFFSET, (short)(ip + length), ByteOrder.BIG_ENDIAN);
            final int more = at + length < data ? Ipv4Flyweight.FLAG_MF : 0;
            fragments.add(withFlagsAndIdentification(fragment, more | (at >>> 3), ipIdentification(frame)));
        }
        return fragments;
    }

    private static int ipIdentification(final byte[] frame)
    {
        return new UnsafeBuffer(frame).getShort(EthernetFlyweight.MIN_HEADER_LENGTH + 4, ByteOrder.BIG_ENDIAN) &
            0xFFFF;
    }

    private static byte[] withFlagsAndIdentification(final byte[] frame, final int flags, final int identification)
    {
        final byte[] copy = frame.clone();
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH;
        final UnsafeBuffer b = new UnsafeBuffer(copy);
        b.putShort(l3 + 4, (short)identification, ByteOrder.BIG_ENDIAN);
        b.putShort(l3 + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
        b.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        b.putShort(l3 + Ipv4Flyweight.CHECKSUM_OFFSET,
            (short)Checksums.ipv4HeaderChecksum(b, l3, Ipv4Flyweight.MIN_HEADER_LENGTH), ByteOrder.BIG_ENDIAN);
        return copy;
    }

    /** An ICMP error (type/code) from src to dst quoting the IP datagram at the start of the given frame. */
    public static byte[] icmpError(final long dstMac, final long srcMac, final int src, final int dst, final int type,
        final int code, final int mtu, final byte[] quotedFrame, final int quoteLength)
    {
        final int icmpLen = Icmpv4Flyweight.MIN_HEADER_LENGTH + quoteLength;
        final int ipLen = Ipv4Flyweight.MIN_HEADER_LENGTH + icmpLen;
        final byte[] bytes = new byte[EthernetFlyweight.MIN_HEADER_LENGTH + ipLen];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int l3 = ethernet(b, dstMac, srcMac, EtherType.IPV4);
        final int l4 = ip(b, l3, ipLen, IpProtocol.ICMP, src, dst, 64);
        b.putBytes(l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH, quotedFrame, EthernetFlyweight.MIN_HEADER_LENGTH,
            quoteLength);
        final Icmpv4Flyweight icmp = new Icmpv4Flyweight().wrap(b, l4).type(type).code(code);
        b.putInt(l4 + 4, 0);
        if (0 != mtu)
        {
            icmp.nextHopMtu(mtu);
        }
        icmp.updateChecksum(icmpLen);
        return bytes;
    }

    public static byte[] arp(final long dstMac, final long srcMac, final int op, final long senderMac, final int sender,
        final long targetMac, final int target)
    {
        final byte[] bytes = new byte[EthernetFlyweight.MIN_HEADER_LENGTH + ArpFlyweight.MIN_HEADER_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int l3 = ethernet(b, dstMac, srcMac, EtherType.ARP);
        new ArpFlyweight().wrap(b, l3).ethernetIpv4().operation(op).senderHardware(senderMac).senderProtocol(sender)
            .targetHardware(targetMac).targetProtocol(target);
        return bytes;
    }

    public static byte[] mpCapableSyn()
    {
        // MP_CAPABLE v1 SYN: kind 30, length 4, subtype 0 version 1, flags H.
        return new byte[]{2, 4, 0x05, (byte)0xb4, 30, 4, 0x01, 0x01};
    }

    public static byte[] mpCapableSynAck(final long keyB)
    {
        final byte[] o = new byte[12];
        final UnsafeBuffer b = new UnsafeBuffer(o);
        b.putByte(0, (byte)30);
        b.putByte(1, (byte)12);
        b.putByte(2, (byte)0x01);
        b.putByte(3, (byte)0x01);
        b.putLong(4, keyB, ByteOrder.BIG_ENDIAN);
        return o;
    }

    public static byte[] mpCapableAck(final long keyA, final long keyB)
    {
        final byte[] o = new byte[20];
        final UnsafeBuffer b = new UnsafeBuffer(o);
        b.putByte(0, (byte)30);
        b.putByte(1, (byte)20);
        b.putByte(2, (byte)0x01);
        b.putByte(3, (byte)0x01);
        b.putLong(4, keyA, ByteOrder.BIG_ENDIAN);
        b.putLong(12, keyB, ByteOrder.BIG_ENDIAN);
        return o;
    }

    public static byte[] mpJoinSyn(final int token, final boolean backup)
    {
        final byte[] o = new byte[16];
        final UnsafeBuffer b = new UnsafeBuffer(o);
        b.putByte(0, (byte)2);
        b.putByte(1, (byte)4);
        b.putShort(2, (short)1460, ByteOrder.BIG_ENDIAN);
        b.putByte(4, (byte)30);
        b.putByte(5, (byte)12);
        b.putByte(6, (byte)(0x10 | (backup ? 1 : 0)));
        b.putByte(7, (byte)0);
        b.putInt(8, token, ByteOrder.BIG_ENDIAN);
        b.putInt(12, 0x11223344, ByteOrder.BIG_ENDIAN);
        return o;
    }

    public static byte[] mpJoinSynAck()
    {
        final byte[] o = new byte[16];
        final UnsafeBuffer b = new UnsafeBuffer(o);
        b.putByte(0, (byte)30);
        b.putByte(1, (byte)16);
        b.putByte(2, (byte)0x10);
        b.putByte(3, (byte)0);
        b.putLong(4, 0x2A4003F907F27834L, ByteOrder.BIG_ENDIAN);
        b.putInt(12, 0x55667788, ByteOrder.BIG_ENDIAN);
        return o;
    }

    public static byte[] mss(final int mss)
    {
        return new byte[]{2, 4, (byte)(mss >>> 8), (byte)mss};
    }

    private static int ethernet(final UnsafeBuffer b, final long dst, final long src, final int type)
    {
        new EthernetFlyweight().wrap(b, 0).destination(dst).source(src).etherType(type);
        return EthernetFlyweight.MIN_HEADER_LENGTH;
    }

    private static int ip(final UnsafeBuffer b, final int l3, final int ipLen, final int protocol, final int src,
        final int dst, final int ttl)
    {
        new Ipv4Flyweight().wrap(b, l3).versionAndHeaderLength(Ipv4Flyweight.MIN_HEADER_LENGTH).tos(0)
            .totalLength(ipLen).identification(0x1234).flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DF).ttl(ttl)
            .protocol(protocol).checksum(0).source(src).destination(dst).updateChecksum();
        return l3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Builds the 60-byte Ethernet/IPv4/UDP frames the namespace tests send (64 bytes on a wire with the FCS).
 */
final class TestFrames
{
    static final int UDP_FRAME_LENGTH = 60;
    static final int UDP_DST_PORT = 9;

    private TestFrames()
    {
    }

    /**
     * Write a UDP frame with a valid IPv4 header checksum and no UDP checksum (allowed for IPv4).
     */
    static void udp(
        final MutableDirectBuffer b, final int offset, final long dstMac, final long srcMac, final int srcIp,
        final int dstIp, final int srcPort)
    {
        b.setMemory(offset, UDP_FRAME_LENGTH, (byte)0);
        putMac(b, offset, dstMac);
        putMac(b, offset + 6, srcMac);
        b.putShort(offset + 12, (short)0x0800, ByteOrder.BIG_ENDIAN);
        final int ip = offset + 14;
        b.putByte(ip, (byte)0x45);
        b.putShort(ip + 2, (short)(UDP_FRAME_LENGTH - 14), ByteOrder.BIG_ENDIAN);
        b.putByte(ip + 8, (byte)64);
        b.putByte(ip + 9, (byte)17);
        b.putInt(ip + 12, srcIp, ByteOrder.BIG_ENDIAN);
        b.putInt(ip + 16, dstIp, ByteOrder.BIG_ENDIAN);
        b.putShort(ip + 10, (short)ipChecksum(b, ip), ByteOrder.BIG_ENDIAN);
        final int udp = ip + 20;
        b.putShort(udp, (short)srcPort, ByteOrder.BIG_ENDIAN);
        b.putShort(udp + 2, (short)UDP_DST_PORT, ByteOrder.BIG_ENDIAN);
        b.putShort(udp + 4, (short)(UDP_FRAME_LENGTH - 34), ByteOrder.BIG_ENDIAN);
    }

    static void putMac(final MutableDirectBuffer b, final int offset, final long mac)
    {
        b.putShort(offset, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        b.putInt(offset + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }

    static int ipChecksum(final MutableDirectBuffer b, final int ip)
    {
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += b.getShort(ip + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    static int ipv4(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}

package org.mptcpgw.bench.port;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The benchmark's 60-byte Ethernet/IPv4/UDP frame (64 bytes on a wire with the FCS), destination port 9.
 */
final class Frames
{
    /** Frame length without FCS. */
    static final int UDP_FRAME_LENGTH = 60;
    /** UDP destination port (discard), which the sink's nft rule counts. */
    static final int UDP_DST_PORT = 9;
    private static final int ETHERNET_LENGTH = 14;
    private static final int IPV4_LENGTH = 20;

    private Frames()
    {
    }

    /**
     * Write the frame; the IPv4 header checksum is valid, the UDP checksum is 0 (allowed for IPv4).
     *
     * @param b       buffer.
     * @param offset  offset of the Ethernet header.
     * @param dstMac  destination MAC, low 48 bits.
     * @param srcMac  source MAC, low 48 bits.
     * @param srcIp   source IPv4 address.
     * @param dstIp   destination IPv4 address.
     * @param srcPort UDP source port.
     */
    static void udp(
        final MutableDirectBuffer b, final int offset, final long dstMac, final long srcMac, final int srcIp,
        final int dstIp, final int srcPort)
    {
        b.setMemory(offset, UDP_FRAME_LENGTH, (byte)0);
        b.putShort(offset, (short)(dstMac >>> 32), ByteOrder.BIG_ENDIAN);
        b.putInt(offset + 2, (int)dstMac, ByteOrder.BIG_ENDIAN);
        b.putShort(offset + 6, (short)(srcMac >>> 32), ByteOrder.BIG_ENDIAN);
        b.putInt(offset + 8, (int)srcMac, ByteOrder.BIG_ENDIAN);
        b.putShort(offset + 12, (short)0x0800, ByteOrder.BIG_ENDIAN);
        final int ip = offset + ETHERNET_LENGTH;
        b.putByte(ip, (byte)0x45);
        b.putShort(ip + 2, (short)(UDP_FRAME_LENGTH - ETHERNET_LENGTH), ByteOrder.BIG_ENDIAN);
        b.putByte(ip + 8, (byte)64);
        b.putByte(ip + 9, (byte)17);
        b.putInt(ip + 12, srcIp, ByteOrder.BIG_ENDIAN);
        b.putInt(ip + 16, dstIp, ByteOrder.BIG_ENDIAN);
        int sum = 0;
        for (int i = 0; i < IPV4_LENGTH; i += 2)
        {
            sum += b.getShort(ip + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        b.putShort(ip + 10, (short)~sum, ByteOrder.BIG_ENDIAN);
        final int udp = ip + IPV4_LENGTH;
        b.putShort(udp, (short)srcPort, ByteOrder.BIG_ENDIAN);
        b.putShort(udp + 2, (short)UDP_DST_PORT, ByteOrder.BIG_ENDIAN);
        b.putShort(udp + 4, (short)(UDP_FRAME_LENGTH - ETHERNET_LENGTH - IPV4_LENGTH), ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param text MAC address as {@code aa:bb:cc:dd:ee:ff}.
     * @return the address in the low 48 bits.
     */
    static long parseMac(final String text)
    {
        final String[] parts = text.split(":");
        if (6 != parts.length)
        {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    /**
     * @param text dotted IPv4 address.
     * @return the address as an int.
     */
    static int parseIpv4(final String text)
    {
        final String[] parts = text.split("\\.");
        if (4 != parts.length)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int ip = 0;
        for (final String part : parts)
        {
            ip = (ip << 8) | Integer.parseInt(part);
        }
        return ip;
    }
}

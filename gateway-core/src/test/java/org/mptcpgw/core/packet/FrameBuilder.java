package org.mptcpgw.core.packet;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;

/**
 * Builds test frames (Ethernet with optional VLAN tags, IPv4 or IPv6 with extension headers, TCP with options,
 * UDP, ICMPv4, ICMPv6) with correct lengths and checksums, using the production flyweights. Defaults use the
 * documentation addresses of the lab: 192.0.2.2:40000 to 203.0.113.100:5201.
 */
public final class FrameBuilder
{
    public static final int HOST = 0xC000_0202;
    public static final int SERVER = 0xCB00_7164;
    public static final long HOST_MAC = 0x0200_0000_0001L;
    public static final long GATEWAY_MAC = 0x0200_0000_0002L;

    private long destinationMac = GATEWAY_MAC;
    private long sourceMac = HOST_MAC;
    private final int[] vlanTpid = new int[4];
    private final int[] vlanId = new int[4];
    private int vlanCount;
    private int etherTypeOverride = -1;

    private int ipVersion = 4;
    private int ipv4Source = HOST;
    private int ipv4Destination = SERVER;
    private byte[] ipv6Source = hex("20010db8000000000000000000000002");
    private byte[] ipv6Destination = hex("20010db8000000000000000000000064");
    private int ttl = 64;
    private int ipId = 0x1234;
    private int flagsFragment = Ipv4Flyweight.FLAG_DF;
    private byte[] ipv4Options = new byte[0];
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private final int[] extensionTypes = new int[16];
    private final int[] extensionLengths = new int[16];
    private int extensionCount;

    private int protocol = IpProtocol.TCP;
    private int sourcePort = 40000;
    private int destinationPort = 5201;
    private int sequence = 0x1000_0001;
    private int acknowledgment;
    private int tcpFlags = TcpFlyweight.SYN;
    private int window = 64240;
    private byte[] tcpOptions = new byte[0];
    private int icmpType;
    private int icmpCode;
    private int icmpRest;
    private byte[] payload = new byte[0];
    private boolean rawTransport;

    public static byte[] hex(final String text)
    {
        final String s = text.replace(" ", "").replace(":", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static String toHex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    public FrameBuilder macs(final long destination, final long source)
    {
        destinationMac = destination;
        sourceMac = source;
        return this;
    }

    public FrameBuilder vlan(final int tpid, final int id)
    {
        vlanTpid[vlanCount] = tpid;
        vlanId[vlanCount] = id;
        vlanCount++;
        return this;
    }

    public FrameBuilder etherType(final int etherType)
    {
        etherTypeOverride = etherType;
        return this;
    }

    public FrameBuilder ipv4(final int source, final int destination)
    {
        ipVersion = 4;
        ipv4Source = source;
        ipv4Destination = destination;
        return this;
    }

    public FrameBuilder ipv6(final byte[] source, final byte[] destination)
    {
        ipVersion = 6;
        ipv6Source = source;
        ipv6Destination = destination;
        return this;
    }

    public FrameBuilder ttl(final int ttl)
    {
        this.ttl = ttl;
        return this;
    }

    public FrameBuilder ipId(final int id)
    {
        ipId = id;
        return this;
    }

    public FrameBuilder flagsFragment(final int word)
    {
        flagsFragment = word;
        return this;
    }

    public FrameBuilder ipv4Options(final byte[] options)
    {
        ipv4Options = options;
        return this;
    }

    /**
     * Add an IPv6 extension header; {@code header} is the whole header, its first byte (next header) is filled in.
     */
    public FrameBuilder ipv6Extension(final int type, final byte[] header)
    {
        extensionTypes[extensionCount] = type;
        extensionLengths[extensionCount] = header.length;
        extensionCount++;
        extensions.write(header, 0, header.length);
        return this;
    }

    public FrameBuilder tcp(final int source, final int destination, final int flags)
    {
        protocol = IpProtocol.TCP;
        sourcePort = source;
        destinationPort = destination;
        tcpFlags = flags;
        return this;
    }

    public FrameBuilder sequence(final int seq, final int ack)
    {
        sequence = seq;
        acknowledgment = ack;
        return this;
    }

    public FrameBuilder window(final int window)
    {
        this.window = window;
        return this;
    }

    /**
     * TCP options; padded with EOL to a multiple of 4.
     */
    public FrameBuilder tcpOptions(final byte[] options)
    {
        final int padded = (options.length + 3) & ~3;
        tcpOptions = new byte[padded];
        System.arraycopy(options, 0, tcpOptions, 0, options.length);
        return this;
    }

    public FrameBuilder udp(final int source, final int destination)
    {
        protocol = IpProtocol.UDP;
        sourcePort = source;
        destinationPort = destination;
        return this;
    }

    public FrameBuilder icmp(final int type, final int code, final int rest)
    {
        protocol = 4 == ipVersion ? IpProtocol.ICMP : IpProtocol.ICMPV6;
        icmpType = type;
        icmpCode = code;
        icmpRest = rest;
        return this;
    }

    public FrameBuilder protocol(final int protocol)
    {
        this.protocol = protocol;
        return this;
    }

    /**
     * Use the bytes as the whole transport segment, without building a header for the protocol.
     */
    public FrameBuilder rawTransport(final int protocol, final byte[] segment)
    {
        this.protocol = protocol;
        this.payload = segment;
        this.rawTransport = true;
        return this;
    }

    public FrameBuilder payload(final byte[] payload)
    {
        this.payload = payload;
        return this;
    }

    /**
     * @return the layer-3 packet (no Ethernet header).
     */
    public byte[] buildIp()
    {
        final byte[] frame = build();
        final int l3 = EthernetFlyweight.MIN_HEADER_LENGTH + 4 * vlanCount;
        final byte[] ip = new byte[frame.length - l3];
        System.arraycopy(frame, l3, ip, 0, ip.length);
        return ip;
    }

    public byte[] build()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        new EthernetFlyweight().wrap(b, 0).destination(destinationMac).source(sourceMac);
        int at = EthernetFlyweight.ETHER_TYPE_OFFSET;
        for (int i = 0; i < vlanCount; i++)
        {
            b.putShort(at, (short)vlanTpid[i], ByteOrder.BIG_ENDIAN);
            b.putShort(at + 2, (short)vlanId[i], ByteOrder.BIG_ENDIAN);
            at += 4;
        }
        final int etherType = -1 != etherTypeOverride ? etherTypeOverride :
            (4 == ipVersion ? EtherType.IPV4 : EtherType.IPV6);
        b.putShort(at, (short)etherType, ByteOrder.BIG_ENDIAN);
        final int l3 = at + 2;
        final int l3HeaderLength;
        if (4 == ipVersion)
        {
            l3HeaderLength = Ipv4Flyweight.MIN_HEADER_LENGTH + ipv4Options.length;
            b.putBytes(l3 + Ipv4Flyweight.MIN_HEADER_LENGTH, ipv4Options);
        }
        else
        {
            final byte[] ext = extensions.toByteArray();
            l3HeaderLength = Ipv6Flyweight.MIN_HEADER_LENGTH + ext.length;
            b.putBytes(l3 + Ipv6Flyweight.MIN_HEADER_LENGTH, ext);
            int e = l3 + Ipv6Flyweight.MIN_HEADER_LENGTH;
            for (int i = 0; i < extensionCount; i++)
            {
                b.putByte(e, (byte)(i + 1 < extensionCount ? extensionTypes[i + 1] : protocol));
                e += extensionLengths[i];
            }
        }
        final int l4 = l3 + l3HeaderLength;
        final int l4Length = writeTransport(b, l4);
        if (4 == ipVersion)
        {
            new Ipv4Flyweight().wrap(b, l3).versionAndHeaderLength(l3HeaderLength).tos(0)
                .totalLength(l3HeaderLength + l4Length).identification(ipId).flagsAndFragmentOffset(flagsFragment)
                .ttl(ttl).protocol(protocol).checksum(0).source(ipv4Source).destination(ipv4Destination)
                .updateChecksum();
        }
        else
        {
            final Ipv6Flyweight ip6 = new Ipv6Flyweight().wrap(b, l3).versionClassFlow(0, 0x12345)
                .payloadLength(l3HeaderLength - Ipv6Flyweight.MIN_HEADER_LENGTH + l4Length)
                .nextHeader(0 == extensionCount ? protocol : extensionTypes[0]).hopLimit(ttl);
            b.putBytes(l3 + Ipv6Flyweight.SOURCE_OFFSET, ipv6Source);
            b.putBytes(l3 + Ipv6Flyweight.DESTINATION_OFFSET, ipv6Destination);
            ip6.hopLimit(ttl);
        }
        writeChecksum(b, l3, l4, l4Length);
        final int total = l4 + l4Length;
        final byte[] out = new byte[total];
        b.getBytes(0, out);
        return out;
    }

    private int writeTransport(final UnsafeBuffer b, final int l4)
    {
        if (rawTransport)
        {
            b.putBytes(l4, payload);
            return payload.length;
        }
        switch (protocol)
        {
            case IpProtocol.TCP:
            {
                final int headerLength = TcpFlyweight.MIN_HEADER_LENGTH + tcpOptions.length;
                new TcpFlyweight().wrap(b, l4).sourcePort(sourcePort).destinationPort(destinationPort)
                    .sequence(sequence).acknowledgment(acknowledgment).headerLengthAndFlags(headerLength, tcpFlags)
                    .window(window).checksum(0).urgentPointer(0);
                b.putBytes(l4 + TcpFlyweight.MIN_HEADER_LENGTH, tcpOptions);
                b.putBytes(l4 + headerLength, payload);
                return headerLength + payload.length;
            }
            case IpProtocol.UDP:
            {
                final int length = UdpFlyweight.MIN_HEADER_LENGTH + payload.length;
                new UdpFlyweight().wrap(b, l4).sourcePort(sourcePort).destinationPort(destinationPort)
                    .length(length).checksum(0);
                b.putBytes(l4 + UdpFlyweight.MIN_HEADER_LENGTH, payload);
                return length;
            }
            case IpProtocol.ICMP:
            case IpProtocol.ICMPV6:
            {
                b.putByte(l4, (byte)icmpType);
                b.putByte(l4 + 1, (byte)icmpCode);
                b.putShort(l4 + 2, (short)0, ByteOrder.BIG_ENDIAN);
                b.putInt(l4 + 4, icmpRest, ByteOrder.BIG_ENDIAN);
                b.putBytes(l4 + 8, payload);
                return 8 + payload.length;
            }
            default:
                b.putBytes(l4, payload);
                return payload.length;
        }
    }

    private void writeChecksum(final UnsafeBuffer b, final int l3, final int l4, final int l4Length)
    {
        if (rawTransport)
        {
            return;
        }
        final int field;
        switch (protocol)
        {
            case IpProtocol.TCP:
                field = TcpFlyweight.CHECKSUM_OFFSET;
                break;
            case IpProtocol.UDP:
                field = UdpFlyweight.CHECKSUM_OFFSET;
                break;
            case IpProtocol.ICMP:
            case IpProtocol.ICMPV6:
                field = 2;
                break;
            default:
                return;
        }
        final int checksum;
        if (IpProtocol.ICMP == protocol)
        {
            checksum = Checksums.checksum(b, l4, l4Length);
        }
        else if (4 == ipVersion)
        {
            checksum = Checksums.transportChecksumIpv4(b, l4, l4Length, field, ipv4Source, ipv4Destination, protocol);
        }
        else
        {
            checksum = Checksums.transportChecksumIpv6(b, l3 + Ipv6Flyweight.SOURCE_OFFSET,
                l3 + Ipv6Flyweight.DESTINATION_OFFSET, l4, l4Length, field, protocol);
        }
        b.putShort(l4 + field, (short)checksum, ByteOrder.BIG_ENDIAN);
    }
}

package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;


/**
 * One pass over a frame, from the link header to the transport header (and for ICMP errors into the embedded
 * header), into a reusable {@link ParsedPacket}.
 * <p>
 * Entry points: {@link #parseEthernet Ethernet II} (with up to {@value #MAX_VLAN_TAGS} 802.1Q/802.1ad tags),
 * {@link #parseLinuxCooked Linux cooked capture v1} (SLL, 16 bytes) and {@link #parseRawIp raw IP}.
 * <p>
 * Guarantees, for any input: the parser never reads outside {@code [offset, offset + length)}, because every
 * variable-length read is preceded by a check against the end of the enclosing header, and a frame that does not
 * lie inside its buffer is {@link ParseStatus#TOO_SHORT} (reads then go through {@link FrameBytes}, without a
 * second bounds check per field); it never throws and never
 * allocates. Bad input is reported as a {@link ParseStatus} (which maps onto the pipeline's drop reasons).
 * Checks follow the receive paths of RFC 1122 section 3.2.1 (IPv4), RFC 8200 (IPv6) and the kernel's
 * {@code ip_rcv_core} / {@code tcp_v4_rcv} length checks. Checksums are <em>not</em> verified here: the IPv4
 * header checksum is a separate cheap call ({@link Checksums#ipv4HeaderValid}), so the pipeline decides when to
 * pay for it.
 * <p>
 * Bounded walks: at most {@value #MAX_VLAN_TAGS} VLAN tags and {@value #MAX_IPV6_EXTENSIONS} IPv6 extension
 * headers; longer chains are classified, not followed.
 * <p>
 * Not thread-safe (it keeps the state of the extension-header walk in fields): one instance per worker.
 */
public final class PacketParser
{
    /** Most VLAN tags walked (802.1ad outer + 802.1Q inner). */
    public static final int MAX_VLAN_TAGS = EthernetFlyweight.MAX_VLAN_TAGS;
    /** Most IPv6 extension headers walked. */
    public static final int MAX_IPV6_EXTENSIONS = 8;

    private static final int WALK_BAD = -1;

    private boolean parseTcpOptions = true;
    private boolean allowTruncated;

    private int walkProtocol;
    private int walkCount;
    private boolean walkNonFirstFragment;

    /**
     * @param parse true (the default) to walk TCP options into {@link ParsedPacket#tcpOptions()}.
     * @return this.
     */
    public PacketParser parseTcpOptions(final boolean parse)
    {
        this.parseTcpOptions = parse;
        return this;
    }

    /**
     * Accept IP datagrams longer than the captured frame (pcap files with a snap length) and parse what was
     * captured, marking the result {@link ParsedPacket#truncated()}. Off by default: on the data path such a
     * frame is {@link ParseStatus#BAD_IP_LENGTH}.
     *
     * @param allow true to accept truncated captures.
     * @return this.
     */
    public PacketParser allowTruncated(final boolean allow)
    {
        this.allowTruncated = allow;
        return this;
    }

    /**
     * Parse a frame of the given link type.
     *
     * @param linkType {@link ParsedPacket#LINK_ETHERNET}, {@link ParsedPacket#LINK_LINUX_SLL} or
     *                 {@link ParsedPacket#LINK_RAW}; any other value parses as Ethernet.
     * @param buffer   buffer holding the frame.
     * @param offset   offset of the frame's first byte.
     * @param length   captured length.
     * @param packet   holder to fill.
     * @return the status (also stored in the holder).
     */
    public ParseStatus parse(
        final int linkType, final DirectBuffer buffer, final int offset, final int length, final ParsedPacket packet)
    {
        switch (linkType)
        {
            case ParsedPacket.LINK_LINUX_SLL:
                return parseLinuxCooked(buffer, offset, length, packet);
            case ParsedPacket.LINK_RAW:
                return parseRawIp(buffer, offset, length, packet);
            default:
                return parseEthernet(buffer, offset, length, packet);
        }
    }

    /**
     * Parse an Ethernet II frame.
     *
     * @param buffer buffer holding the frame.
     * @param offset offset of the destination MAC address.
     * @param length captured length.
     * @param packet holder to fill.
     * @return the status (also stored in the holder).
     */
    public ParseStatus parseEthernet(
        final DirectBuffer buffer, final int offset, final int length, final ParsedPacket packet)
    {
        packet.reset(ParsedPacket.LINK_ETHERNET, offset, length);
        if (length < EthernetFlyweight.MIN_HEADER_LENGTH || !FrameBytes.fits(buffer, offset, length))
        {
            return fail(packet, ParseStatus.TOO_SHORT);
        }
        final int etherType = FrameBytes.getShort(buffer, offset + EthernetFlyweight.ETHER_TYPE_OFFSET) &
            0xFFFF;
        return fromEtherType(buffer, etherType, offset + EthernetFlyweight.MIN_HEADER_LENGTH, offset + length, packet);
    }

    /**
     * Parse a Linux cooked capture (SLL v1) frame.
     *
     * @param buffer buffer holding the frame.
     * @param offset offset of the SLL header.
     * @param length captured length.
     * @param packet holder to fill.
     * @return the status (also stored in the holder).
     */
    public ParseStatus parseLinuxCooked(
        final DirectBuffer buffer, final int offset, final int length, final ParsedPacket packet)
    {
        packet.reset(ParsedPacket.LINK_LINUX_SLL, offset, length);
        if (length < LinuxCookedFlyweight.MIN_HEADER_LENGTH || !FrameBytes.fits(buffer, offset, length))
        {
            return fail(packet, ParseStatus.TOO_SHORT);
        }
        final int protocol = LinuxCookedFlyweight.protocol(buffer, offset);
        final int l3 = offset + LinuxCookedFlyweight.MIN_HEADER_LENGTH;
        return fromEtherType(buffer, protocol, l3, offset + length, packet);
    }

    /**
     * Parse a raw IP packet (no link header): the version nibble selects IPv4 or IPv6.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the IP header.
     * @param length captured length.
     * @param packet holder to fill.
     * @return the status (also stored in the holder).
     */
    public ParseStatus parseRawIp(
        final DirectBuffer buffer, final int offset, final int length, final ParsedPacket packet)
    {
        packet.reset(ParsedPacket.LINK_RAW, offset, length);
        if (length < 1 || !FrameBytes.fits(buffer, offset, length))
        {
            return fail(packet, ParseStatus.TOO_SHORT);
        }
        final int version = (FrameBytes.getByte(buffer, offset) & 0xF0) >>> 4;
        final int end = offset + length;
        packet.l3Offset = offset;
        if (4 == version)
        {
            packet.etherType = EtherType.IPV4;
            return parseIpv4(buffer, offset, end, packet);
        }
        if (6 == version)
        {
            packet.etherType = EtherType.IPV6;
            return parseIpv6(buffer, offset, end, packet);
        }
        return fail(packet, ParseStatus.BAD_IP_VERSION);
    }

    /**
     * Verify the IPv4 header checksum of a parsed frame: the separate, cheap call the pipeline makes when it
     * decides to (RFC 1122 section 3.2.1.2).
     *
     * @param buffer buffer holding the frame.
     * @param packet the frame as parsed (status OK, IPv4).
     * @return true when the header checksum is correct; false as well when the frame is not IPv4.
     */
    public static boolean ipv4ChecksumValid(final DirectBuffer buffer, final ParsedPacket packet)
    {
        return 4 == packet.ipVersion && packet.ipHeaderLength >= Ipv4Flyweight.MIN_HEADER_LENGTH &&
            Checksums.ipv4HeaderValid(buffer, packet.l3Offset, packet.ipHeaderLength);
    }

    /**
     * Verify the checksum of the IPv4 header embedded in an ICMP error (RFC 5508 section 4.3: drop the error if
     * it is wrong).
     *
     * @param buffer buffer holding the frame.
     * @param packet the frame as parsed (an ICMPv4 error).
     * @return true when the embedded header checksum is correct; false when there is no embedded IPv4 header.
     */
    public static boolean innerIpv4ChecksumValid(final DirectBuffer buffer, final ParsedPacket packet)
    {
        return 4 == packet.innerIpVersion && packet.innerL3Offset >= 0 &&
            Checksums.ipv4HeaderValid(buffer, packet.innerL3Offset, packet.innerIpHeaderLength);
    }

    private ParseStatus fromEtherType(
        final DirectBuffer buffer, final int firstEtherType, final int firstOffset, final int end,
        final ParsedPacket packet)
    {
        int etherType = firstEtherType;
        int at = firstOffset;
        while (EtherType.isVlanTag(etherType))
        {
            if (MAX_VLAN_TAGS == packet.vlanCount)
            {
                return fail(packet, ParseStatus.TOO_MANY_VLAN_TAGS);
            }
            // The tag's TCI and the next EtherType: 4 bytes after the TPID already read.
            if (end - at < EthernetFlyweight.VLAN_TAG_LENGTH)
            {
                return fail(packet, ParseStatus.TOO_SHORT);
            }
            final int word = FrameBytes.getInt(buffer, at);
            final int vlanId = (word >>> 16) & EthernetFlyweight.VLAN_ID_MASK;
            if (0 == packet.vlanCount)
            {
                packet.outerVlanId = vlanId;
            }
            else
            {
                packet.innerVlanId = vlanId;
            }
            packet.vlanCount++;
            etherType = word & 0xFFFF;
            at += EthernetFlyweight.VLAN_TAG_LENGTH;
        }
        packet.etherType = etherType;
        switch (etherType)
        {
            case EtherType.IPV4:
                packet.l3Offset = at;
                return parseIpv4(buffer, at, end, packet);
            case EtherType.IPV6:
                packet.l3Offset = at;
                return parseIpv6(buffer, at, end, packet);
            case EtherType.ARP:
                packet.l3Offset = at;
                return parseArp(buffer, at, end, packet);
            default:
                return ParseStatus.OK;
        }
    }

    private static ParseStatus parseArp(
        final DirectBuffer buffer, final int at, final int end, final ParsedPacket packet)
    {
        if (!ArpFlyweight.isEthernetIpv4(buffer, at, end - at))
        {
            return fail(packet, ParseStatus.BAD_ARP);
        }
        packet.l3Length = ArpFlyweight.MIN_HEADER_LENGTH;
        packet.dirty |= ParsedPacket.DIRTY_ARP;
        packet.arpOperation = FrameBytes.getShort(buffer, at + ArpFlyweight.OPERATION_OFFSET) & 0xFFFF;
        packet.arpSenderAddress = FrameBytes.getInt(buffer, at + ArpFlyweight.SENDER_PROTOCOL_OFFSET);
        packet.arpTargetAddress = FrameBytes.getInt(buffer, at + ArpFlyweight.TARGET_PROTOCOL_OFFSET);
        return ParseStatus.OK;
    }

    private ParseStatus parseIpv4(final DirectBuffer buffer, final int at, final int end, final ParsedPacket packet)
    {
        final int available = end - at;
        if (available < Ipv4Flyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.TOO_SHORT);
        }
        final int word0 = FrameBytes.getInt(buffer, at);
        if (4 != (word0 >>> 28))
        {
            return fail(packet, ParseStatus.BAD_IP_VERSION);
        }
        packet.ipVersion = 4;
        final int headerLength = (word0 >>> 22) & 0x3C;
        final int totalLength = word0 & 0xFFFF;
        if (headerLength < Ipv4Flyweight.MIN_HEADER_LENGTH || totalLength < headerLength || headerLength > available)
        {
            return fail(packet, ParseStatus.BAD_IP_LENGTH);
        }
        final int l3End = totalLength <= available ? at + totalLength : truncatedEnd(end, packet);
        if (l3End < 0)
        {
            return fail(packet, ParseStatus.BAD_IP_LENGTH);
        }
        // Identification, flags/offset, TTL, protocol and checksum in one read (fewer bounds checks).
        final long words12 = FrameBytes.getLong(buffer, at + Ipv4Flyweight.IDENTIFICATION_OFFSET);
        final int word1 = (int)(words12 >>> 32);
        final int protocol = recordIpv4(buffer, at, headerLength, totalLength, l3End, words12, packet);
        final int l4 = at + headerLength;
        if (0 != (word1 & (Ipv4Flyweight.FLAG_MF | Ipv4Flyweight.FRAGMENT_OFFSET_MASK)) &&
            !firstFragment(word1, l4, l3End, packet))
        {
            return ParseStatus.OK;
        }
        return parseTransport(buffer, protocol, l4, l3End, packet);
    }

    private static int recordIpv4(
        final DirectBuffer buffer,
        final int at,
        final int headerLength,
        final int totalLength,
        final int l3End,
        final long words12,
        final ParsedPacket packet)
    {
        final int word1 = (int)(words12 >>> 32);
        final int word2 = (int)words12;
        final int protocol = (word2 >>> 16) & 0xFF;
        final long addresses = FrameBytes.getLong(buffer, at + Ipv4Flyweight.SOURCE_OFFSET);
        packet.ipHeaderLength = headerLength;
        packet.ipTotalLength = totalLength;
        packet.l3Length = l3End - at;
        packet.ttl = word2 >>> 24;
        packet.protocol = protocol;
        packet.ipv4Source = (int)(addresses >>> 32);
        packet.ipv4Destination = (int)addresses;
        packet.fragmentId = word1 >>> 16;
        packet.dontFragment = 0 != (word1 & Ipv4Flyweight.FLAG_DF);
        return protocol;
    }

    /**
     * Record IPv4 fragment fields; RFC 791: only the first fragment carries the transport header.
     *
     * @return true for a first fragment (parse on), false for a later one (its l4 offset is set, stop).
     */
    private static boolean firstFragment(final int word1, final int l4, final int l3End, final ParsedPacket packet)
    {
        packet.dirty |= ParsedPacket.DIRTY_FRAGMENT;
        packet.fragment = true;
        packet.moreFragments = 0 != (word1 & Ipv4Flyweight.FLAG_MF);
        packet.fragmentOffset = (word1 & Ipv4Flyweight.FRAGMENT_OFFSET_MASK) << 3;
        if (0 == packet.fragmentOffset)
        {
            return true;
        }
        packet.l4Offset = l4;
        packet.l4Length = l3End - l4;
        return false;
    }

    /**
     * The datagram is longer than the frame: accept up to the end of the capture if allowed.
     *
     * @return the end to parse to, or -1 when truncation is not allowed.
     */
    private int truncatedEnd(final int end, final ParsedPacket packet)
    {
        if (!allowTruncated)
        {
            return -1;
        }
        packet.truncated = true;
        return end;
    }

    private ParseStatus parseIpv6(final DirectBuffer buffer, final int at, final int end, final ParsedPacket packet)
    {
        final int available = end - at;
        if (available < Ipv6Flyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.TOO_SHORT);
        }
        final int word1 = FrameBytes.getInt(buffer, at + Ipv6Flyweight.PAYLOAD_LENGTH_OFFSET);
        if (6 != ((FrameBytes.getByte(buffer, at) & 0xF0) >>> 4))
        {
            return fail(packet, ParseStatus.BAD_IP_VERSION);
        }
        packet.ipVersion = 6;
        final int totalLength = Ipv6Flyweight.MIN_HEADER_LENGTH + (word1 >>> 16);
        final int l3End = totalLength <= available ? at + totalLength : truncatedEnd(end, packet);
        if (l3End < 0)
        {
            return fail(packet, ParseStatus.BAD_IP_LENGTH);
        }
        packet.ipTotalLength = totalLength;
        packet.l3Length = l3End - at;
        packet.ttl = word1 & 0xFF;
        packet.dirty |= ParsedPacket.DIRTY_IPV6;
        packet.ipv6SourceOffset = at + Ipv6Flyweight.SOURCE_OFFSET;
        packet.ipv6DestinationOffset = at + Ipv6Flyweight.DESTINATION_OFFSET;
        final int l4 = walkIpv6Extensions(
            buffer, at + Ipv6Flyweight.MIN_HEADER_LENGTH, (word1 >>> 8) & 0xFF, l3End, packet);
        packet.ipv6ExtensionCount = walkCount;
        if (WALK_BAD == l4)
        {
            return fail(packet, ParseStatus.BAD_IPV6_CHAIN);
        }
        packet.ipHeaderLength = l4 - at;
        packet.protocol = walkProtocol;
        if (walkNonFirstFragment)
        {
            packet.l4Offset = l4;
            packet.l4Length = l3End - l4;
            return ParseStatus.OK;
        }
        return parseTransport(buffer, walkProtocol, l4, l3End, packet);
    }

    /**
     * Walk IPv6 extension headers (RFC 8200 section 4.1 order; hop-by-hop only first). Sets walkProtocol,
     * walkCount and walkNonFirstFragment; records fragment fields in the holder when it is given.
     *
     * @return offset of the upper-layer header, or WALK_BAD for a chain that is too long, misordered or truncated.
     */
    private int walkIpv6Extensions(
        final DirectBuffer buffer, final int firstOffset, final int firstNextHeader, final int end,
        final ParsedPacket fragmentHolder)
    {
        int next = firstNextHeader;
        int at = firstOffset;
        walkCount = 0;
        walkNonFirstFragment = false;
        while (IpProtocol.isIpv6Extension(next))
        {
            if (MAX_IPV6_EXTENSIONS == walkCount || (IpProtocol.HOP_BY_HOP == next && 0 != walkCount))
            {
                return WALK_BAD;
            }
            if (end - at < Ipv6ExtensionFlyweight.MIN_HEADER_LENGTH)
            {
                return WALK_BAD;
            }
            final int headerLength = Ipv6ExtensionFlyweight.headerLength(buffer, at, next);
            if (headerLength > end - at)
            {
                return WALK_BAD;
            }
            final int following = FrameBytes.getByte(buffer, at) & 0xFF;
            walkCount++;
            if (IpProtocol.FRAGMENT == next)
            {
                final int offsetFlags = FrameBytes.getShort(buffer,
                    at + Ipv6ExtensionFlyweight.FRAGMENT_OFFSET_FLAGS_OFFSET) & 0xFFFF;
                final int fragmentOffset = offsetFlags & Ipv6ExtensionFlyweight.FRAGMENT_OFFSET_MASK;
                if (null != fragmentHolder)
                {
                    fragmentHolder.dirty |= ParsedPacket.DIRTY_FRAGMENT;
                    fragmentHolder.fragment = true;
                    fragmentHolder.ipv6FragmentHeaderOffset = at;
                    fragmentHolder.fragmentOffset = fragmentOffset;
                    fragmentHolder.moreFragments = 0 != (offsetFlags & Ipv6ExtensionFlyweight.FLAG_M);
                    fragmentHolder.fragmentId =
                        FrameBytes.getInt(buffer, at + Ipv6ExtensionFlyweight.IDENTIFICATION_OFFSET);
                }
                if (0 != fragmentOffset)
                {
                    // Later headers are in the first fragment only (RFC 8200 section 4.5).
                    walkNonFirstFragment = true;
                    walkProtocol = following;
                    return at + headerLength;
                }
            }
            at += headerLength;
            next = following;
        }
        walkProtocol = next;
        return at;
    }

    private ParseStatus parseTransport(
        final DirectBuffer buffer, final int protocol, final int l4, final int l3End, final ParsedPacket packet)
    {
        packet.l4Offset = l4;
        packet.l4Length = l3End - l4;
        switch (protocol)
        {
            case IpProtocol.TCP:
                return parseTcp(buffer, l4, l3End, packet);
            case IpProtocol.UDP:
                return parseUdp(buffer, l4, l3End, packet);
            case IpProtocol.ICMP:
                return 4 == packet.ipVersion ? parseIcmpv4(buffer, l4, l3End, packet) : ParseStatus.OK;
            case IpProtocol.ICMPV6:
                return 6 == packet.ipVersion ? parseIcmpv6(buffer, l4, l3End, packet) : ParseStatus.OK;
            default:
                return ParseStatus.OK;
        }
    }

    private ParseStatus parseTcp(final DirectBuffer buffer, final int l4, final int l3End, final ParsedPacket packet)
    {
        final int length = l3End - l4;
        if (length < TcpFlyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_L4_HEADER);
        }
        // Acknowledgment with data offset, flags and window, then ports with sequence: two reads.
        final long words23 = FrameBytes.getLong(buffer, l4 + TcpFlyweight.ACKNOWLEDGMENT_OFFSET);
        final int word3 = (int)words23;
        final int headerLength = (word3 >>> 26) & 0x3C;
        if (headerLength < TcpFlyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_L4_HEADER);
        }
        // A capture's snap length may cut the options: then walk what was captured.
        final int presentHeaderLength;
        if (headerLength <= length)
        {
            presentHeaderLength = headerLength;
        }
        else if (packet.truncated)
        {
            presentHeaderLength = length;
        }
        else
        {
            return fail(packet, ParseStatus.BAD_L4_HEADER);
        }
        final long words01 = FrameBytes.getLong(buffer, l4);
        final int ports = (int)(words01 >>> 32);
        packet.dirty |= ParsedPacket.DIRTY_TRANSPORT;
        packet.sourcePort = ports >>> 16;
        packet.destinationPort = ports & 0xFFFF;
        packet.tcpSequence = (int)words01;
        packet.tcpAcknowledgment = (int)(words23 >>> 32);
        packet.tcpFlags = (word3 >>> 16) & TcpFlyweight.FLAGS_MASK;
        packet.tcpWindow = word3 & 0xFFFF;
        packet.tcpHeaderLength = headerLength;
        packet.payloadOffset = l4 + presentHeaderLength;
        packet.payloadLength = length - presentHeaderLength;
        if (parseTcpOptions && presentHeaderLength > TcpFlyweight.MIN_HEADER_LENGTH)
        {
            packet.dirty |= ParsedPacket.DIRTY_OPTIONS;
            TcpOptionWalker.walk(buffer, l4 + TcpFlyweight.MIN_HEADER_LENGTH,
                presentHeaderLength - TcpFlyweight.MIN_HEADER_LENGTH, packet.tcpOptions());
        }
        return ParseStatus.OK;
    }

    private ParseStatus parseUdp(final DirectBuffer buffer, final int l4, final int l3End, final ParsedPacket packet)
    {
        final int length = l3End - l4;
        if (length < UdpFlyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_L4_HEADER);
        }
        final int ports = FrameBytes.getInt(buffer, l4);
        final int udpLength = UdpFlyweight.length(buffer, l4);
        packet.dirty |= ParsedPacket.DIRTY_TRANSPORT;
        packet.sourcePort = ports >>> 16;
        packet.destinationPort = ports & 0xFFFF;
        // The UDP length covers the whole datagram: a first fragment (more to come) holds only part of it.
        if (udpLength < UdpFlyweight.MIN_HEADER_LENGTH ||
            (udpLength > length && !packet.truncated && !packet.moreFragments))
        {
            return fail(packet, ParseStatus.BAD_L4_HEADER);
        }
        final int present = Math.min(udpLength, length);
        packet.l4Length = present;
        packet.payloadOffset = l4 + UdpFlyweight.MIN_HEADER_LENGTH;
        packet.payloadLength = present - UdpFlyweight.MIN_HEADER_LENGTH;
        return ParseStatus.OK;
    }

    private static ParseStatus parseIcmpv4(
        final DirectBuffer buffer, final int l4, final int l3End, final ParsedPacket packet)
    {
        final int length = l3End - l4;
        if (length < Icmpv4Flyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        final int type = FrameBytes.getByte(buffer, l4) & 0xFF;
        final int code = FrameBytes.getByte(buffer, l4 + Icmpv4Flyweight.CODE_OFFSET) & 0xFF;
        final int rest = FrameBytes.getInt(buffer, l4 + Icmpv4Flyweight.IDENTIFIER_OFFSET);
        packet.dirty |= ParsedPacket.DIRTY_ICMP | ParsedPacket.DIRTY_TRANSPORT;
        packet.icmpType = type;
        packet.icmpCode = code;
        packet.payloadOffset = l4 + Icmpv4Flyweight.MIN_HEADER_LENGTH;
        packet.payloadLength = length - Icmpv4Flyweight.MIN_HEADER_LENGTH;
        if (!Icmpv4Flyweight.isError(type))
        {
            // Echo, timestamp, information and address-mask messages all start with identifier and sequence.
            packet.icmpIdentifier = rest >>> 16;
            packet.icmpSequence = rest & 0xFFFF;
            return ParseStatus.OK;
        }
        packet.icmpError = true;
        if (Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE == type &&
            Icmpv4Flyweight.CODE_FRAGMENTATION_NEEDED == code)
        {
            packet.icmpMtu = rest & 0xFFFF;
        }
        else if (Icmpv4Flyweight.TYPE_PARAMETER_PROBLEM == type)
        {
            packet.icmpPointer = rest >>> 24;
        }
        return parseEmbeddedIpv4(buffer, l4 + Icmpv4Flyweight.EMBEDDED_OFFSET, l3End, packet);
    }

    private static ParseStatus parseEmbeddedIpv4(
        final DirectBuffer buffer, final int at, final int end, final ParsedPacket packet)
    {
        final int available = end - at;
        if (available < Ipv4Flyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        final int word0 = FrameBytes.getInt(buffer, at);
        final int headerLength = (word0 >>> 22) & 0x3C;
        if (4 != (word0 >>> 28) || headerLength < Ipv4Flyweight.MIN_HEADER_LENGTH || headerLength > available)
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        packet.innerL3Offset = at;
        packet.innerIpVersion = 4;
        packet.innerIpHeaderLength = headerLength;
        packet.innerTotalLength = word0 & 0xFFFF;
        final int flagsFragment = FrameBytes.getShort(buffer, at + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET);
        final int protocol = FrameBytes.getByte(buffer, at + Ipv4Flyweight.PROTOCOL_OFFSET) & 0xFF;
        packet.innerProtocol = protocol;
        packet.innerIpv4Source = FrameBytes.getInt(buffer, at + Ipv4Flyweight.SOURCE_OFFSET);
        packet.innerIpv4Destination = FrameBytes.getInt(buffer, at + Ipv4Flyweight.DESTINATION_OFFSET);
        if (0 != (flagsFragment & Ipv4Flyweight.FRAGMENT_OFFSET_MASK))
        {
            return ParseStatus.OK;
        }
        return parseEmbeddedTransport(buffer, protocol, at + headerLength, end, packet, IpProtocol.ICMP);
    }

    private ParseStatus parseIcmpv6(
        final DirectBuffer buffer, final int l4, final int l3End, final ParsedPacket packet)
    {
        final int length = l3End - l4;
        if (length < Icmpv6Flyweight.MIN_HEADER_LENGTH)
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        final int type = FrameBytes.getByte(buffer, l4) & 0xFF;
        final int rest = FrameBytes.getInt(buffer, l4 + Icmpv6Flyweight.IDENTIFIER_OFFSET);
        packet.dirty |= ParsedPacket.DIRTY_ICMP | ParsedPacket.DIRTY_TRANSPORT;
        packet.icmpType = type;
        packet.icmpCode = FrameBytes.getByte(buffer, l4 + Icmpv6Flyweight.CODE_OFFSET) & 0xFF;
        packet.payloadOffset = l4 + Icmpv6Flyweight.MIN_HEADER_LENGTH;
        packet.payloadLength = length - Icmpv6Flyweight.MIN_HEADER_LENGTH;
        if (!Icmpv6Flyweight.isError(type))
        {
            if (Icmpv6Flyweight.isEcho(type))
            {
                packet.icmpIdentifier = rest >>> 16;
                packet.icmpSequence = rest & 0xFFFF;
            }
            return ParseStatus.OK;
        }
        packet.icmpError = true;
        if (Icmpv6Flyweight.TYPE_PACKET_TOO_BIG == type)
        {
            packet.icmpMtu = rest;
        }
        else if (Icmpv6Flyweight.TYPE_PARAMETER_PROBLEM == type)
        {
            packet.icmpPointer = rest;
        }
        return parseEmbeddedIpv6(buffer, l4 + Icmpv6Flyweight.EMBEDDED_OFFSET, l3End, packet);
    }

    private ParseStatus parseEmbeddedIpv6(
        final DirectBuffer buffer, final int at, final int end, final ParsedPacket packet)
    {
        if (end - at < Ipv6Flyweight.MIN_HEADER_LENGTH || 6 != ((FrameBytes.getByte(buffer, at) & 0xF0) >>> 4))
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        packet.innerL3Offset = at;
        packet.innerIpVersion = 6;
        packet.innerTotalLength = Ipv6Flyweight.MIN_HEADER_LENGTH + Ipv6Flyweight.payloadLength(buffer, at);
        packet.innerIpv6SourceOffset = at + Ipv6Flyweight.SOURCE_OFFSET;
        packet.innerIpv6DestinationOffset = at + Ipv6Flyweight.DESTINATION_OFFSET;
        // The quote is cut at the minimum MTU, so the walk stops at the end of the ICMPv6 message.
        final int l4 = walkIpv6Extensions(
            buffer, at + Ipv6Flyweight.MIN_HEADER_LENGTH, Ipv6Flyweight.nextHeader(buffer, at), end, null);
        if (WALK_BAD == l4)
        {
            return fail(packet, ParseStatus.BAD_ICMP);
        }
        packet.innerIpHeaderLength = l4 - at;
        packet.innerProtocol = walkProtocol;
        if (walkNonFirstFragment)
        {
            return ParseStatus.OK;
        }
        return parseEmbeddedTransport(buffer, walkProtocol, l4, end, packet, IpProtocol.ICMPV6);
    }

    private static ParseStatus parseEmbeddedTransport(
        final DirectBuffer buffer,
        final int protocol,
        final int l4,
        final int end,
        final ParsedPacket packet,
        final int icmpProtocol)
    {
        final int available = end - l4;
        packet.innerL4Offset = l4;
        packet.innerL4Length = available;
        if (IpProtocol.TCP == protocol || IpProtocol.UDP == protocol)
        {
            // RFC 792: the error quotes the IP header and at least 64 bits of data, i.e. both ports.
            if (available < 8)
            {
                return fail(packet, ParseStatus.BAD_ICMP);
            }
            final int ports = FrameBytes.getInt(buffer, l4);
            packet.innerSourcePort = ports >>> 16;
            packet.innerDestinationPort = ports & 0xFFFF;
            if (IpProtocol.TCP == protocol)
            {
                packet.innerTcpSequence = FrameBytes.getInt(buffer, l4 + TcpFlyweight.SEQUENCE_OFFSET);
            }
        }
        else if (icmpProtocol == protocol)
        {
            if (available < 8)
            {
                return fail(packet, ParseStatus.BAD_ICMP);
            }
            packet.innerIcmpType = FrameBytes.getByte(buffer, l4) & 0xFF;
            packet.innerIcmpIdentifier = FrameBytes.getShort(buffer, l4 + 4) & 0xFFFF;
        }
        return ParseStatus.OK;
    }

    private static ParseStatus fail(final ParsedPacket packet, final ParseStatus status)
    {
        packet.statusOrdinal = status.ordinal();
        return status;
    }
}

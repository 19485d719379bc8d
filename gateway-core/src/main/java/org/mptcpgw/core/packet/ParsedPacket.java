package org.mptcpgw.core.packet;

/**
 * Reusable result of one {@link PacketParser} pass over a frame: offsets (absolute buffer indices) and key
 * fields of every header found, so that stages do not parse again. One instance per worker; nothing is
 * allocated after construction.
 * <p>
 * Fields that do not apply to a frame keep their reset values: offsets are -1, numbers 0, and for ICMP the type
 * is -1. Only fields of headers the parser reached are meaningful when {@link #status()} is not OK.
 */
public final class ParsedPacket
{
    /** Link type: Ethernet II (LINKTYPE_ETHERNET). */
    public static final int LINK_ETHERNET = 1;
    /** Link type: raw IPv4/IPv6 (LINKTYPE_RAW). */
    public static final int LINK_RAW = 101;
    /** Link type: Linux cooked capture v1 (LINKTYPE_LINUX_SLL). */
    public static final int LINK_LINUX_SLL = 113;

    private static final ParseStatus[] STATUSES = ParseStatus.values();

    /** Ordinal of the status: an int store per frame instead of a reference store (no GC write barrier). */
    int statusOrdinal;
    int linkType;
    int frameOffset;
    int frameLength;
    boolean truncated;

    int etherType;
    int vlanCount;
    int outerVlanId;
    int innerVlanId;

    int l3Offset;
    int l3Length;
    int ipVersion;
    int ipHeaderLength;
    int ipTotalLength;
    int ttl;
    int protocol;
    int ipv4Source;
    int ipv4Destination;
    int ipv6SourceOffset;
    int ipv6DestinationOffset;
    int ipv6ExtensionCount;
    int ipv6FragmentHeaderOffset;

    boolean fragment;
    int fragmentOffset;
    boolean moreFragments;
    boolean dontFragment;
    int fragmentId;

    int arpOperation;
    int arpSenderAddress;
    int arpTargetAddress;

    int l4Offset;
    int l4Length;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int tcpSequence;
    int tcpAcknowledgment;
    int tcpWindow;
    int tcpHeaderLength;
    int payloadOffset;
    int payloadLength;

    int icmpType;
    int icmpCode;
    int icmpIdentifier;
    int icmpSequence;
    int icmpMtu;
    int icmpPointer;
    boolean icmpError;

    int innerL3Offset;
    int innerIpVersion;
    int innerIpHeaderLength;
    int innerTotalLength;
    int innerProtocol;
    int innerIpv4Source;
    int innerIpv4Destination;
    int innerIpv6SourceOffset;
    int innerIpv6DestinationOffset;
    int innerL4Offset;
    int innerL4Length;
    int innerSourcePort;
    int innerDestinationPort;
    int innerTcpSequence;
    int innerIcmpType;
    int innerIcmpIdentifier;

    static final int DIRTY_IPV6 = 1;
    static final int DIRTY_FRAGMENT = 2;
    static final int DIRTY_ARP = 4;
    static final int DIRTY_TRANSPORT = 8;
    static final int DIRTY_ICMP = 16;
    static final int DIRTY_OPTIONS = 32;
    private static final int DIRTY_ALL = 63;

    /** Groups of fields written since the last reset (DIRTY_* bits), set by the parser. */
    int dirty = DIRTY_ALL;

    private final TcpOptions tcpOptions = new TcpOptions();

    /**
     * Create an empty holder.
     */
    public ParsedPacket()
    {
        reset(0, 0, 0);
    }

    void reset(final int linkType, final int frameOffset, final int frameLength)
    {
        // Fields every IP parse writes are reset always; groups of fields only some frames have are reset when the
        // previous frame wrote them, so that a frame costs only the stores of its own headers.
        statusOrdinal = 0;
        this.linkType = linkType;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        truncated = false;
        etherType = 0;
        vlanCount = 0;
        outerVlanId = -1;
        innerVlanId = -1;
        l3Offset = -1;
        l3Length = 0;
        ipVersion = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        ttl = 0;
        protocol = -1;
        ipv4Source = 0;
        ipv4Destination = 0;
        dontFragment = false;
        fragmentId = 0;
        l4Offset = -1;
        l4Length = 0;
        final int groups = dirty;
        if (0 != groups)
        {
            resetGroups(groups);
        }
    }

    private void resetGroups(final int groups)
    {
        dirty = 0;
        if (0 != (groups & DIRTY_IPV6))
        {
            ipv6SourceOffset = -1;
            ipv6DestinationOffset = -1;
            ipv6ExtensionCount = 0;
            ipv6FragmentHeaderOffset = -1;
        }
        if (0 != (groups & DIRTY_FRAGMENT))
        {
            fragment = false;
            fragmentOffset = 0;
            moreFragments = false;
        }
        if (0 != (groups & DIRTY_ARP))
        {
            arpOperation = 0;
            arpSenderAddress = 0;
            arpTargetAddress = 0;
        }
        if (0 != (groups & DIRTY_TRANSPORT))
        {
            sourcePort = 0;
            destinationPort = 0;
            tcpFlags = 0;
            tcpSequence = 0;
            tcpAcknowledgment = 0;
            tcpWindow = 0;
            tcpHeaderLength = 0;
            payloadOffset = -1;
            payloadLength = 0;
        }
        if (0 != (groups & DIRTY_ICMP))
        {
            resetIcmp();
        }
        if (0 != (groups & DIRTY_OPTIONS))
        {
            tcpOptions.reset();
        }
    }

    private void resetIcmp()
    {
        icmpType = -1;
        icmpCode = 0;
        icmpIdentifier = 0;
        icmpSequence = 0;
        icmpMtu = 0;
        icmpPointer = 0;
        icmpError = false;
        innerL3Offset = -1;
        innerIpVersion = 0;
        innerIpHeaderLength = 0;
        innerTotalLength = 0;
        innerProtocol = -1;
        innerIpv4Source = 0;
        innerIpv4Destination = 0;
        innerIpv6SourceOffset = -1;
        innerIpv6DestinationOffset = -1;
        innerL4Offset = -1;
        innerL4Length = 0;
        innerSourcePort = 0;
        innerDestinationPort = 0;
        innerTcpSequence = 0;
        innerIcmpType = -1;
        innerIcmpIdentifier = 0;
    }

    /**
     * @return OK or the first problem found.
     */
    public ParseStatus status()
    {
        return STATUSES[statusOrdinal];
    }

    /**
     * @return {@link #LINK_ETHERNET}, {@link #LINK_LINUX_SLL} or {@link #LINK_RAW}.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * @return offset of the frame's first byte.
     */
    public int frameOffset()
    {
        return frameOffset;
    }

    /**
     * @return captured length of the frame.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * @return true when the IP datagram is longer than the captured frame and the parser was asked to accept
     * that (pcap files with a small snap length); lengths then stop at the end of the capture.
     */
    public boolean truncated()
    {
        return truncated;
    }

    /**
     * @return EtherType of the layer-3 payload after any VLAN tags (synthesised for raw IP).
     */
    public int etherType()
    {
        return etherType;
    }

    /**
     * @return number of VLAN tags walked.
     */
    public int vlanCount()
    {
        return vlanCount;
    }

    /**
     * @return VLAN id of the first (outer) tag, or -1.
     */
    public int outerVlanId()
    {
        return outerVlanId;
    }

    /**
     * @return VLAN id of the second (inner) tag, or -1.
     */
    public int innerVlanId()
    {
        return innerVlanId;
    }

    /**
     * @return offset of the layer-3 header (IP or ARP), or -1.
     */
    public int l3Offset()
    {
        return l3Offset;
    }

    /**
     * @return length of the IP datagram within the frame (total length, or up to the capture end when
     * truncated); trailing Ethernet padding is excluded.
     */
    public int l3Length()
    {
        return l3Length;
    }

    /**
     * @return 4, 6, or 0 when the frame is not IP.
     */
    public int ipVersion()
    {
        return ipVersion;
    }

    /**
     * @return IPv4 header length (IHL * 4), or for IPv6 the fixed header plus every extension header walked.
     */
    public int ipHeaderLength()
    {
        return ipHeaderLength;
    }

    /**
     * @return IPv4 total length, or 40 + IPv6 payload length.
     */
    public int ipTotalLength()
    {
        return ipTotalLength;
    }

    /**
     * @return IPv4 TTL or IPv6 hop limit.
     */
    public int ttl()
    {
        return ttl;
    }

    /**
     * @return transport protocol (for IPv6 the one after the extension headers), or -1.
     */
    public int protocol()
    {
        return protocol;
    }

    /**
     * @return IPv4 source address.
     */
    public int ipv4Source()
    {
        return ipv4Source;
    }

    /**
     * @return IPv4 destination address.
     */
    public int ipv4Destination()
    {
        return ipv4Destination;
    }

    /**
     * @return offset of the IPv6 source address, or -1.
     */
    public int ipv6SourceOffset()
    {
        return ipv6SourceOffset;
    }

    /**
     * @return offset of the IPv6 destination address, or -1.
     */
    public int ipv6DestinationOffset()
    {
        return ipv6DestinationOffset;
    }

    /**
     * @return number of IPv6 extension headers walked.
     */
    public int ipv6ExtensionCount()
    {
        return ipv6ExtensionCount;
    }

    /**
     * @return offset of the IPv6 fragment header, or -1.
     */
    public int ipv6FragmentHeaderOffset()
    {
        return ipv6FragmentHeaderOffset;
    }

    /**
     * @return true for a fragment (IPv4 MF or offset, or an IPv6 fragment header).
     */
    public boolean fragment()
    {
        return fragment;
    }

    /**
     * @return true for a fragment that does not start the datagram: it has no transport header.
     */
    public boolean nonFirstFragment()
    {
        return fragment && 0 != fragmentOffset;
    }

    /**
     * @return fragment offset in bytes.
     */
    public int fragmentOffset()
    {
        return fragmentOffset;
    }

    /**
     * @return IPv4 MF or IPv6 M flag.
     */
    public boolean moreFragments()
    {
        return moreFragments;
    }

    /**
     * @return IPv4 DF flag.
     */
    public boolean dontFragment()
    {
        return dontFragment;
    }

    /**
     * @return IPv4 identification (16 bits) or IPv6 fragment identification (32 bits).
     */
    public int fragmentId()
    {
        return fragmentId;
    }

    /**
     * @return ARP operation, or 0 when the frame is not ARP.
     */
    public int arpOperation()
    {
        return arpOperation;
    }

    /**
     * @return ARP sender protocol address.
     */
    public int arpSenderAddress()
    {
        return arpSenderAddress;
    }

    /**
     * @return ARP target protocol address.
     */
    public int arpTargetAddress()
    {
        return arpTargetAddress;
    }

    /**
     * @return offset of the transport header (also set for a non-first fragment: the start of its data), or -1.
     */
    public int l4Offset()
    {
        return l4Offset;
    }

    /**
     * @return transport length: header plus payload (UDP: its length field).
     */
    public int l4Length()
    {
        return l4Length;
    }

    /**
     * @return TCP or UDP source port.
     */
    public int sourcePort()
    {
        return sourcePort;
    }

    /**
     * @return TCP or UDP destination port.
     */
    public int destinationPort()
    {
        return destinationPort;
    }

    /**
     * @return TCP flags (9 bits, see {@link TcpFlyweight}).
     */
    public int tcpFlags()
    {
        return tcpFlags;
    }

    /**
     * @return TCP sequence number.
     */
    public int tcpSequence()
    {
        return tcpSequence;
    }

    /**
     * @return TCP acknowledgment number.
     */
    public int tcpAcknowledgment()
    {
        return tcpAcknowledgment;
    }

    /**
     * @return TCP window (unscaled).
     */
    public int tcpWindow()
    {
        return tcpWindow;
    }

    /**
     * @return TCP header length in bytes.
     */
    public int tcpHeaderLength()
    {
        return tcpHeaderLength;
    }

    /**
     * @return the TCP options, walked when the frame is TCP and option parsing is on.
     */
    public TcpOptions tcpOptions()
    {
        return tcpOptions;
    }

    /**
     * @return offset of the transport payload (TCP data, UDP data, ICMP body), or -1.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /**
     * @return length of the transport payload.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * @return ICMP type, or -1 when the frame is not ICMP.
     */
    public int icmpType()
    {
        return icmpType;
    }

    /**
     * @return ICMP code.
     */
    public int icmpCode()
    {
        return icmpCode;
    }

    /**
     * @return ICMP echo identifier.
     */
    public int icmpIdentifier()
    {
        return icmpIdentifier;
    }

    /**
     * @return ICMP echo sequence number.
     */
    public int icmpSequence()
    {
        return icmpSequence;
    }

    /**
     * @return next-hop MTU of an ICMPv4 fragmentation-needed message, or the ICMPv6 packet-too-big MTU.
     */
    public int icmpMtu()
    {
        return icmpMtu;
    }

    /**
     * @return parameter-problem pointer.
     */
    public int icmpPointer()
    {
        return icmpPointer;
    }

    /**
     * @return true for an ICMP error message (its embedded header fields are set).
     */
    public boolean icmpError()
    {
        return icmpError;
    }

    /**
     * @return offset of the IP header embedded in an ICMP error, or -1.
     */
    public int innerL3Offset()
    {
        return innerL3Offset;
    }

    /**
     * @return version of the embedded IP header.
     */
    public int innerIpVersion()
    {
        return innerIpVersion;
    }

    /**
     * @return header length of the embedded IP header (IPv6: with extension headers).
     */
    public int innerIpHeaderLength()
    {
        return innerIpHeaderLength;
    }

    /**
     * @return total length announced by the embedded IP header (the quote is usually shorter).
     */
    public int innerTotalLength()
    {
        return innerTotalLength;
    }

    /**
     * @return transport protocol of the embedded datagram, or -1.
     */
    public int innerProtocol()
    {
        return innerProtocol;
    }

    /**
     * @return embedded IPv4 source address.
     */
    public int innerIpv4Source()
    {
        return innerIpv4Source;
    }

    /**
     * @return embedded IPv4 destination address.
     */
    public int innerIpv4Destination()
    {
        return innerIpv4Destination;
    }

    /**
     * @return offset of the embedded IPv6 source address.
     */
    public int innerIpv6SourceOffset()
    {
        return innerIpv6SourceOffset;
    }

    /**
     * @return offset of the embedded IPv6 destination address.
     */
    public int innerIpv6DestinationOffset()
    {
        return innerIpv6DestinationOffset;
    }

    /**
     * @return offset of the embedded transport header, or -1.
     */
    public int innerL4Offset()
    {
        return innerL4Offset;
    }

    /**
     * @return bytes of the embedded transport header and data present in the quote.
     */
    public int innerL4Length()
    {
        return innerL4Length;
    }

    /**
     * @return embedded TCP/UDP source port.
     */
    public int innerSourcePort()
    {
        return innerSourcePort;
    }

    /**
     * @return embedded TCP/UDP destination port.
     */
    public int innerDestinationPort()
    {
        return innerDestinationPort;
    }

    /**
     * @return embedded TCP sequence number.
     */
    public int innerTcpSequence()
    {
        return innerTcpSequence;
    }

    /**
     * @return embedded ICMP type (an error about an ICMP message).
     */
    public int innerIcmpType()
    {
        return innerIcmpType;
    }

    /**
     * @return embedded ICMP echo identifier.
     */
    public int innerIcmpIdentifier()
    {
        return innerIcmpIdentifier;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(256).append("ParsedPacket{status=").append(status())
            .append(", link=").append(linkType).append(", frame=").append(frameOffset).append('+').append(frameLength)
            .append(", truncated=").append(truncated)
            .append(", etherType=0x").append(Integer.toHexString(etherType))
            .append(", vlans=").append(vlanCount).append('/').append(outerVlanId).append('/').append(innerVlanId)
            .append(", l3=").append(l3Offset).append('+').append(l3Length).append(", ipVersion=").append(ipVersion)
            .append(", ipHeaderLength=").append(ipHeaderLength).append(", ipTotalLength=").append(ipTotalLength)
            .append(", ttl=").append(ttl).append(", protocol=").append(protocol);
        if (4 == ipVersion)
        {
            sb.append(", src=").append(Ipv4Flyweight.addressToString(ipv4Source))
                .append(", dst=").append(Ipv4Flyweight.addressToString(ipv4Destination));
        }
        else if (6 == ipVersion)
        {
            sb.append(", src@").append(ipv6SourceOffset).append(", dst@").append(ipv6DestinationOffset)
                .append(", extensions=").append(ipv6ExtensionCount);
        }
        sb.append(", fragment=").append(fragment).append('/').append(fragmentOffset).append('/')
            .append(moreFragments).append("/df=").append(dontFragment).append("/id=").append(fragmentId)
            .append(", arp=").append(arpOperation)
            .append(", l4=").append(l4Offset).append('+').append(l4Length)
            .append(", ports=").append(sourcePort).append('>').append(destinationPort)
            .append(", tcp=[").append(TcpFlyweight.flagsToString(tcpFlags)).append("] seq=")
            .append(Integer.toUnsignedString(tcpSequence)).append(" ack=")
            .append(Integer.toUnsignedString(tcpAcknowledgment)).append(" win=").append(tcpWindow)
            .append(" hlen=").append(tcpHeaderLength)
            .append(", payload=").append(payloadOffset).append('+').append(payloadLength)
            .append(", icmp=").append(icmpType).append('/').append(icmpCode).append(" id=").append(icmpIdentifier)
            .append(" seq=").append(icmpSequence).append(" mtu=").append(icmpMtu).append(" ptr=").append(icmpPointer)
            .append(" error=").append(icmpError);
        if (icmpError)
        {
            sb.append(", inner{l3=").append(innerL3Offset).append(" v").append(innerIpVersion)
                .append(" hlen=").append(innerIpHeaderLength).append(" total=").append(innerTotalLength)
                .append(" protocol=").append(innerProtocol);
            if (4 == innerIpVersion)
            {
                sb.append(" src=").append(Ipv4Flyweight.addressToString(innerIpv4Source))
                    .append(" dst=").append(Ipv4Flyweight.addressToString(innerIpv4Destination));
            }
            sb.append(" l4=").append(innerL4Offset).append('+').append(innerL4Length)
                .append(" ports=").append(innerSourcePort).append('>').append(innerDestinationPort)
                .append(" icmpId=").append(innerIcmpIdentifier).append('}');
        }
        return sb.append(", ").append(tcpOptions).append('}').toString();
    }
}

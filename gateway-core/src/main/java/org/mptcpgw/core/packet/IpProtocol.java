package org.mptcpgw.core.packet;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers") the codecs know, including the IPv6
 * extension headers of RFC 8200 section 4 that the extension-header walk steps over.
 */
public final class IpProtocol
{
    /** IPv6 Hop-by-Hop Options header (RFC 8200 section 4.3). */
    public static final int HOP_BY_HOP = 0;
    /** ICMP for IPv4 (RFC 792). */
    public static final int ICMP = 1;
    /** TCP (RFC 9293). */
    public static final int TCP = 6;
    /** UDP (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 Routing header (RFC 8200 section 4.4). */
    public static final int ROUTING = 43;
    /** IPv6 Fragment header (RFC 8200 section 4.5). */
    public static final int FRAGMENT = 44;
    /** Encapsulating Security Payload (RFC 4303): the chain ends here, the rest is encrypted. */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302): length in 4-byte units minus 2. */
    public static final int AH = 51;
    /** ICMP for IPv6 (RFC 4443). */
    public static final int ICMPV6 = 58;
    /** IPv6 No Next Header (RFC 8200 section 4.7). */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 Destination Options header (RFC 8200 section 4.6). */
    public static final int DESTINATION_OPTIONS = 60;
    /** Mobility header (RFC 6275). */
    public static final int MOBILITY = 135;
    /** Host Identity Protocol (RFC 7401). */
    public static final int HIP = 139;
    /** Shim6 (RFC 5533). */
    public static final int SHIM6 = 140;

    private IpProtocol()
    {
    }

    /**
     * @param protocol a next-header value.
     * @return true if it names an IPv6 extension header with the generic (next header, length) layout that the
     * walk steps over (the fragment header has a fixed length, AH its own length unit).
     */
    public static boolean isIpv6Extension(final int protocol)
    {
        switch (protocol)
        {
            case HOP_BY_HOP:
            case ROUTING:
            case FRAGMENT:
            case AH:
            case DESTINATION_OPTIONS:
            case MOBILITY:
            case HIP:
            case SHIM6:
                return true;
            default:
                return false;
        }
    }
}

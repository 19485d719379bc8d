package org.mptcpgw.nat;

/**
 * The transport protocols the NAT translates, as IP protocol numbers, and their dense index (0..2) used to lay out
 * per-protocol tables. The ICMP "port" of a session is the echo identifier; the ICMP remote port is always 0.
 */
public final class NatProtocol
{
    /** ICMP (IP protocol 1): echo request and reply sessions keyed by the echo identifier. */
    public static final int ICMP = 1;
    /** TCP (IP protocol 6). */
    public static final int TCP = 6;
    /** UDP (IP protocol 17). */
    public static final int UDP = 17;

    /** Number of protocols with a dense index. */
    public static final int COUNT = 3;

    /** Dense index of TCP. */
    public static final int TCP_INDEX = 0;
    /** Dense index of UDP. */
    public static final int UDP_INDEX = 1;
    /** Dense index of ICMP. */
    public static final int ICMP_INDEX = 2;

    private NatProtocol()
    {
    }

    /**
     * @param protocol IP protocol number.
     * @return dense index 0..2, or -1 when the NAT does not translate the protocol.
     */
    public static int index(final int protocol)
    {
        switch (protocol)
        {
            case TCP:
                return TCP_INDEX;
            case UDP:
                return UDP_INDEX;
            case ICMP:
                return ICMP_INDEX;
            default:
                return -1;
        }
    }

    /**
     * @param index dense index 0..2.
     * @return the IP protocol number.
     */
    public static int protocol(final int index)
    {
        switch (index)
        {
            case TCP_INDEX:
                return TCP;
            case UDP_INDEX:
                return UDP;
            case ICMP_INDEX:
                return ICMP;
            default:
                throw new IllegalArgumentException("no protocol with index " + index);
        }
    }

    /**
     * @param protocol IP protocol number.
     * @return short lowercase name for logs and docs.
     */
    public static String name(final int protocol)
    {
        switch (protocol)
        {
            case TCP:
                return "tcp";
            case UDP:
                return "udp";
            case ICMP:
                return "icmp";
            default:
                return "proto-" + protocol;
        }
    }
}

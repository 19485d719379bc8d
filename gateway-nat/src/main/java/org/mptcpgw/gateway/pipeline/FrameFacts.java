package org.mptcpgw.gateway.pipeline;

/**
 * What the classify stage learned about each frame of the vector, for the later stages (struct of arrays, one slot
 * per vector index, reused for every batch): they read plain ints instead of parsing again.
 */
final class FrameFacts
{
    /** The frame came from the LAN (outbound). */
    static final int DIRECTION_OUT = 0;
    /** The frame came from an uplink (inbound). */
    static final int DIRECTION_IN = 1;

    final int[] direction;
    final int[] protocol;
    final int[] source;
    final int[] destination;
    /** Source port, or the ICMP echo identifier. */
    final int[] sourcePort;
    /** Destination port, or the ICMP echo identifier for inbound echo replies. */
    final int[] destinationPort;
    final int[] tcpFlags;
    final int[] ipHeaderLength;
    final int[] ipTotalLength;
    final int[] l4Length;
    final int[] tcpHeaderLength;
    final int[] payloadLength;
    final int[] ttl;
    final int[] icmpType;
    final boolean[] dontFragment;
    final boolean[] nonFirstFragment;
    /** A fragment with more to come (MF set): with offset 0, the first fragment, which carries the ports. */
    final boolean[] moreFragments;
    /** IPv4 identification: with the addresses and protocol, what ties the fragments of a datagram together. */
    final int[] fragmentId;
    final boolean[] icmpError;

    FrameFacts(final int capacity)
    {
        direction = new int[capacity];
        protocol = new int[capacity];
        source = new int[capacity];
        destination = new int[capacity];
        sourcePort = new int[capacity];
        destinationPort = new int[capacity];
        tcpFlags = new int[capacity];
        ipHeaderLength = new int[capacity];
        ipTotalLength = new int[capacity];
        l4Length = new int[capacity];
        tcpHeaderLength = new int[capacity];
        payloadLength = new int[capacity];
        ttl = new int[capacity];
        icmpType = new int[capacity];
        dontFragment = new boolean[capacity];
        nonFirstFragment = new boolean[capacity];
        moreFragments = new boolean[capacity];
        fragmentId = new int[capacity];
        icmpError = new boolean[capacity];
    }
}

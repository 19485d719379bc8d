package org.mptcpgw.core.packet;

import org.mptcpgw.core.pipeline.DropReason;

/**
 * Outcome of {@link PacketParser}: {@link #OK} or the first problem found. Each failure maps onto the
 * pipeline's {@link DropReason}, so a stage can drop and count without a second table.
 * <p>
 * A frame that is well formed but of a kind the parser does not look into (another EtherType, another IP
 * protocol, a non-first fragment) is {@link #OK}: the pipeline decides what to do with it.
 */
public enum ParseStatus
{
    /** The headers announced by the frame are all present and consistent (ordinal 0, relied upon). */
    OK(null),
    /** Shorter than the link header, the IP header or another fixed-size header it announces. */
    TOO_SHORT(DropReason.TOO_SHORT),
    /** IP version field does not match the EtherType (or is neither 4 nor 6 for raw IP). */
    BAD_IP_VERSION(DropReason.BAD_IP_VERSION),
    /** IPv4 IHL below 5 or past the frame, total (or IPv6 payload) length inconsistent with the frame. */
    BAD_IP_LENGTH(DropReason.BAD_IP_LENGTH),
    /** TCP data offset below 5 or past the segment; UDP length inconsistent with the datagram. */
    BAD_L4_HEADER(DropReason.BAD_L4_HEADER),
    /** IPv6 extension-header chain longer than the walk bound, misplaced hop-by-hop, or truncated. */
    BAD_IPV6_CHAIN(DropReason.BAD_IPV6_CHAIN),
    /** More stacked VLAN tags than {@link PacketParser#MAX_VLAN_TAGS}. */
    TOO_MANY_VLAN_TAGS(DropReason.TOO_MANY_VLAN_TAGS),
    /** ARP packet too short or not for Ethernet/IPv4. */
    BAD_ARP(DropReason.BAD_ARP),
    /** ICMP message shorter than its header, or an error whose embedded header is missing or malformed. */
    BAD_ICMP(DropReason.BAD_ICMP);

    private final DropReason dropReason;

    ParseStatus(final DropReason dropReason)
    {
        this.dropReason = dropReason;
    }

    /**
     * @return the drop reason for this failure, or null for {@link #OK}.
     */
    public DropReason dropReason()
    {
        return dropReason;
    }

    /**
     * @return true for {@link #OK}.
     */
    public boolean isOk()
    {
        return this == OK;
    }
}

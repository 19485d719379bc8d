package org.mptcpgw.core.pipeline;

/**
 * Why a frame was dropped. One enum for the whole gateway so that every drop has a stable id, a label for
 * metrics and a line saying what it means (VPP {@code foreach_*_error}, Aeron {@code SystemCounterDescriptor}).
 * Ids are stable across releases: add new reasons at the end.
 */
public enum DropReason
{
    /** Frame shorter than the headers its fields announce, or than an Ethernet header. */
    TOO_SHORT(1, "too_short", "frame shorter than its headers"),
    /** IPv4 version field is not 4 (or IPv6 not 6). */
    BAD_IP_VERSION(2, "bad_ip_version", "IP version field does not match the EtherType"),
    /** IPv4 IHL below 5 or past the frame, or total length inconsistent with the frame. */
    BAD_IP_LENGTH(3, "bad_ip_length", "IPv4 header or total length inconsistent with the frame"),
    /** IPv4 header checksum is wrong. */
    BAD_IP_CHECKSUM(4, "bad_ip_checksum", "IPv4 header checksum is wrong"),
    /** TCP data offset below 5 or past the segment; UDP length inconsistent. */
    BAD_L4_HEADER(5, "bad_l4_header", "transport header length inconsistent with the packet"),
    /** IPv6 extension-header chain longer than the walk bound, looping or truncated. */
    BAD_IPV6_CHAIN(6, "bad_ipv6_chain", "IPv6 extension-header chain too long or truncated"),
    /** More VLAN tags than the gateway walks. */
    TOO_MANY_VLAN_TAGS(7, "too_many_vlan_tags", "more stacked VLAN tags than supported"),
    /** TTL (hop limit) would reach zero: an ICMP time exceeded is generated where a router must. */
    TTL_EXPIRED(8, "ttl_expired", "TTL reached zero on a routed path"),
    /** ARP packet malformed or not for Ethernet/IPv4. */
    BAD_ARP(9, "bad_arp", "ARP packet malformed or not Ethernet/IPv4"),
    /** Inbound packet to a NAT address that matches no mapping. */
    NO_SESSION(10, "no_session", "inbound packet matches no NAT mapping"),
    /** Inbound packet refused by address-dependent filtering (RFC 4787 section 5). */
    FILTERED(11, "filtered", "inbound packet refused by the filtering behaviour"),
    /** No free outside port on the chosen path for a new mapping. */
    OUT_OF_PORTS(12, "out_of_ports", "no free outside port on the path"),
    /** The session table is full. */
    MAX_SESSIONS(13, "max_sessions", "session table full"),
    /** The inside host already holds its quota of mappings on the path. */
    HOST_QUOTA(14, "host_quota", "inside host reached its mapping quota on the path"),
    /** The next hop's MAC address is not resolved yet (an ARP request was sent). */
    NEXT_HOP_UNRESOLVED(15, "next_hop_unresolved", "next-hop MAC not resolved yet"),
    /** No usable path for a new flow. */
    NO_PATH(16, "no_path", "no healthy path for the flow"),
    /** The transmit ring of the outgoing port is full. */
    TX_RING_FULL(17, "tx_ring_full", "transmit ring full"),
    /** Frame longer than the outgoing port can carry and not segmentable by it. */
    FRAME_TOO_LONG(18, "frame_too_long", "frame longer than the outgoing port accepts"),
    /** Packet with DF set exceeds the path MTU: ICMP fragmentation needed was generated. */
    MTU_EXCEEDED(19, "mtu_exceeded", "packet with DF larger than the path MTU"),
    /** ICMP error about a flow the gateway does not know. */
    ICMP_ERROR_NO_SESSION(20, "icmp_error_no_session", "ICMP error matches no session"),
    /** ICMP error malformed, with a bad checksum, or with a bad embedded header (RFC 5508 section 4). */
    BAD_ICMP(21, "bad_icmp", "ICMP message malformed or with a bad checksum"),
    /** Protocol the NAT cannot translate. */
    UNSUPPORTED_PROTOCOL(22, "unsupported_protocol", "protocol the NAT cannot translate"),
    /** Non-first IPv4 fragment with no known flow. */
    FRAGMENT_NO_FLOW(23, "fragment_no_flow", "non-first fragment of an unknown flow"),
    /** The ring to another worker is full. */
    HANDOFF_RING_FULL(24, "handoff_ring_full", "handoff ring to the owning worker full"),
    /** Frame arrived on a port that does not forward it (e.g. non-IP on a NAT-only uplink). */
    NOT_FORWARDED(25, "not_forwarded", "frame of a kind this port does not forward"),
    /** The flow's path is down and the flow cannot move (plain TCP translated on a dead path). */
    PATH_DOWN(26, "path_down", "flow pinned to a path that is down"),
    /** A GSO super-frame cannot be sent on a port without a virtio-net header. */
    GSO_UNSUPPORTED(27, "gso_unsupported", "GSO frame to a port without virtio-net header"),
    /** Frame addressed to the gateway itself that it does not answer. */
    LOCAL_UNHANDLED(28, "local_unhandled", "frame for the gateway that it does not answer"),
    /** MPTCP connection table full: the subflow is forwarded by hash but the connection not tracked. */
    MPTCP_TABLE_FULL(29, "mptcp_table_full", "MPTCP connection table full"),
    /**
     * MP_JOIN answered with a reset: it could only share a path with another subflow of its connection while a path
     * is down, so the host's path manager retries it later and it lands on the path when it returns.
     */
    JOIN_DEFERRED(30, "join_deferred", "MP_JOIN reset while a path it could take is down");

    private static final DropReason[] BY_ID;

    static
    {
        int max = 0;
        for (final DropReason r : values())
        {
            max = Math.max(max, r.id);
        }
        BY_ID = new DropReason[max + 1];
        for (final DropReason r : values())
        {
            if (null != BY_ID[r.id])
            {
                throw new IllegalStateException("duplicate DropReason id " + r.id + ": " + r + ", " + BY_ID[r.id]);
            }
            BY_ID[r.id] = r;
        }
    }

    private final int id;
    private final String label;
    private final String description;

    DropReason(final int id, final String label, final String description)
    {
        this.id = id;
        this.label = label;
        this.description = description;
    }

    /**
     * @return stable numeric id.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return label used as the {@code reason} tag value.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return one line saying what the reason means.
     */
    public String description()
    {
        return description;
    }

    /**
     * @param id a reason id.
     * @return the reason with that id, or null.
     */
    public static DropReason get(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * @return largest id in use.
     */
    public static int maxId()
    {
        return BY_ID.length - 1;
    }
}

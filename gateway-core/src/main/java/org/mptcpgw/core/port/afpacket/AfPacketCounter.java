package org.mptcpgw.core.port.afpacket;

/**
 * Counters an {@link AfPacketPort} keeps beyond {@link org.mptcpgw.core.port.PortStatistics}: one stable id,
 * a metrics label and one line each (like {@link org.mptcpgw.core.pipeline.DropReason}).
 */
public enum AfPacketCounter
{
    /** Frames the kernel put into the receive ring (PACKET_STATISTICS tp_packets, summed). */
    KERNEL_PACKETS(0, "kernel_packets", "frames the kernel delivered to the receive ring"),
    /** Frames longer than a V2 slot, read whole from the socket queue. */
    OVERSIZE_RECEIVED(1, "oversize_received", "frames longer than a ring slot read whole with recv()"),
    /** Frames longer than a TX ring slot, sent with send() on the second socket (or through the large-slot ring). */
    OVERSIZE_SENT(2, "oversize_sent", "frames longer than a TX ring slot sent on the second socket"),
    /** Frames handed out with FLAG_TRUNCATED (the ring kept only a prefix). */
    TRUNCATED(3, "truncated", "frames received truncated"),
    /** Ring entries with offsets or lengths outside their slot or block: skipped. */
    MALFORMED_RING_ENTRY(4, "malformed_ring_entry", "ring entries with impossible offsets, skipped"),
    /** An oversize copy did not match its ring entry (or was missing): the truncated prefix was handed out. */
    OVERSIZE_MISMATCH(5, "oversize_mismatch", "oversize copy missing or not matching its ring entry"),
    /** TX ring kicks that returned an error (the frames stay queued and the next flush kicks again). */
    KICK_FAILURES(6, "kick_failures", "TX ring kicks that failed"),
    /** send() calls that failed; the frame is lost and counted in txRejected as well. */
    SEND_FAILURES(7, "send_failures", "send() calls that failed"),
    /** Frames whose VLAN tag the kernel had moved out of band and the port put back. */
    VLAN_REINSERTED(8, "vlan_reinserted", "VLAN tags put back into received frames");

    private final int id;
    private final String label;
    private final String description;

    AfPacketCounter(final int id, final String label, final String description)
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
     * @return label for metrics.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return what the counter counts.
     */
    public String description()
    {
        return description;
    }
}

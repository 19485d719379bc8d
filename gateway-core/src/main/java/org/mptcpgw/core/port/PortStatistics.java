package org.mptcpgw.core.port;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Statistics a port keeps beyond the pipeline's own counters: what the ring or the kernel lost before the
 * gateway saw a frame. Single writer (the owning worker), any number of readers (metrics); values are
 * published with release semantics and read with acquire semantics.
 */
public final class PortStatistics
{
    private static final AtomicLongFieldUpdater<PortStatistics> RING_DROPS =
        AtomicLongFieldUpdater.newUpdater(PortStatistics.class, "ringDrops");
    private static final AtomicLongFieldUpdater<PortStatistics> RING_FREEZES =
        AtomicLongFieldUpdater.newUpdater(PortStatistics.class, "ringFreezes");
    private static final AtomicLongFieldUpdater<PortStatistics> TX_REJECTED =
        AtomicLongFieldUpdater.newUpdater(PortStatistics.class, "txRejected");
    private static final AtomicLongFieldUpdater<PortStatistics> CARRIER_CHANGES =
        AtomicLongFieldUpdater.newUpdater(PortStatistics.class, "carrierChanges");

    private volatile long ringDrops;
    private volatile long ringFreezes;
    private volatile long txRejected;
    private volatile long carrierChanges;
    private volatile boolean carrierUp = true;

    /**
     * Add frames the kernel dropped because the receive ring was full (PACKET_STATISTICS tp_drops).
     *
     * @param delta frames dropped since the last read.
     */
    public void addRingDrops(final long delta)
    {
        RING_DROPS.lazySet(this, ringDrops + delta);
    }

    /**
     * Add ring freezes (PACKET_STATISTICS tp_freeze_q_cnt, TPACKET_V3 only).
     *
     * @param delta freezes since the last read.
     */
    public void addRingFreezes(final long delta)
    {
        RING_FREEZES.lazySet(this, ringFreezes + delta);
    }

    /**
     * Add frames the kernel refused at transmission (TP_STATUS_WRONG_FORMAT or a failed send).
     *
     * @param delta frames refused.
     */
    public void addTxRejected(final long delta)
    {
        TX_REJECTED.lazySet(this, txRejected + delta);
    }

    /**
     * Record the carrier state of the interface.
     *
     * @param up true when the link has carrier.
     */
    public void carrier(final boolean up)
    {
        if (up != carrierUp)
        {
            carrierUp = up;
            CARRIER_CHANGES.lazySet(this, carrierChanges + 1);
        }
    }

    /**
     * @return frames dropped by the kernel because the receive ring was full.
     */
    public long ringDrops()
    {
        return ringDrops;
    }

    /**
     * @return receive ring freezes.
     */
    public long ringFreezes()
    {
        return ringFreezes;
    }

    /**
     * @return frames the kernel refused to transmit.
     */
    public long txRejected()
    {
        return txRejected;
    }

    /**
     * @return number of carrier changes seen.
     */
    public long carrierChanges()
    {
        return carrierChanges;
    }

    /**
     * @return true when the link has carrier.
     */
    public boolean carrierUp()
    {
        return carrierUp;
    }
}

package org.mptcpgw.gateway.health;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.gateway.pipeline.ControlEvents;

/**
 * Hands a worker's path events to the health agent through a many-to-one ring: one claimed record per event, no
 * allocation, never blocking; a full ring loses the event and counts it.
 */
public final class RingControlEvents implements ControlEvents
{
    /** Record type: a probe reply (path int, sequence int, round-trip time long). */
    public static final int PROBE_REPLY = 1;
    /** Record type: a SYN/ACK to an MPTCP SYN (path int, kept int). */
    public static final int MPTCP_ANSWER = 2;
    /** Length of every record. */
    public static final int RECORD_LENGTH = 16;

    private final RingBuffer ring;
    private final AtomicCounter lost;

    /**
     * @param ring the ring the health agent reads.
     * @param lost counts events lost to a full ring.
     */
    public RingControlEvents(final RingBuffer ring, final AtomicCounter lost)
    {
        this.ring = ring;
        this.lost = lost;
    }

    @Override
    public void probeReply(final int path, final int sequence, final long rttNs)
    {
        final int index = ring.tryClaim(PROBE_REPLY, RECORD_LENGTH);
        if (index <= 0)
        {
            lost.incrementRelease();
            return;
        }
        final AtomicBuffer buffer = ring.buffer();
        buffer.putInt(index, path);
        buffer.putInt(index + 4, sequence);
        buffer.putLong(index + 8, rttNs);
        ring.commit(index);
    }

    @Override
    public void mptcpAnswer(final int path, final boolean optionKept)
    {
        final int index = ring.tryClaim(MPTCP_ANSWER, RECORD_LENGTH);
        if (index <= 0)
        {
            lost.incrementRelease();
            return;
        }
        final AtomicBuffer buffer = ring.buffer();
        buffer.putInt(index, path);
        buffer.putInt(index + 4, optionKept ? 1 : 0);
        buffer.putLong(index + 8, 0);
        ring.commit(index);
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Values of the {@link AfPacketCounter}s of one port, in off-heap memory: written only by the worker that owns
 * the port (plain read, ordered write: no read-modify-write atomics), read by any thread with volatile
 * semantics.
 */
public final class AfPacketCounters
{
    private static final AfPacketCounter[] COUNTERS = AfPacketCounter.values();

    private final UnsafeBuffer values =
        new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS.length * Long.BYTES));

    /**
     * Add one. Owner thread only.
     *
     * @param counter the counter.
     */
    public void increment(final AfPacketCounter counter)
    {
        add(counter, 1);
    }

    /**
     * Add a delta. Owner thread only.
     *
     * @param counter the counter.
     * @param delta   amount to add.
     */
    public void add(final AfPacketCounter counter, final long delta)
    {
        final int index = counter.id() * Long.BYTES;
        values.putLongOrdered(index, values.getLong(index) + delta);
    }

    /**
     * @param counter the counter.
     * @return its value, from any thread.
     */
    public long get(final AfPacketCounter counter)
    {
        return values.getLongVolatile(counter.id() * Long.BYTES);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("AfPacketCounters{");
        for (final AfPacketCounter c : COUNTERS)
        {
            sb.append(c.label()).append('=').append(get(c)).append(c.ordinal() + 1 < COUNTERS.length ? ", " : "}");
        }
        return sb.toString();
    }
}

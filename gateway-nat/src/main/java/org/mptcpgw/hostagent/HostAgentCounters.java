package org.mptcpgw.hostagent;

/**
 * The agent's counters: plain longs, written only by the agent's thread (single writer). Read them from that
 * thread, or take a {@link #format()} snapshot for logs.
 */
public final class HostAgentCounters
{
    private final long[] values = new long[HostAgentCounter.values().length];

    /**
     * @param counter which.
     */
    public void increment(final HostAgentCounter counter)
    {
        values[counter.id()]++;
    }

    /**
     * @param counter which.
     * @param delta   amount to add.
     */
    public void add(final HostAgentCounter counter, final long delta)
    {
        values[counter.id()] += delta;
    }

    /**
     * @param counter which.
     * @return its value.
     */
    public long get(final HostAgentCounter counter)
    {
        return values[counter.id()];
    }

    /**
     * @return the non-zero counters as {@code label=value} pairs (allocates; for logs).
     */
    public String format()
    {
        final StringBuilder text = new StringBuilder(256);
        for (final HostAgentCounter counter : HostAgentCounter.values())
        {
            final long value = values[counter.id()];
            if (0 != value)
            {
                if (text.length() > 0)
                {
                    text.append(' ');
                }
                text.append(counter.label()).append('=').append(value);
            }
        }
        return text.length() == 0 ? "(all zero)" : text.toString();
    }

    /**
     * @return {@link #format()}.
     */
    @Override
    public String toString()
    {
        return format();
    }
}

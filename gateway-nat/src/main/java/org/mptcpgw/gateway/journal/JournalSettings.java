package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BitUtil;
import org.mptcpgw.gateway.config.ConfigException;
import org.mptcpgw.gateway.config.GatewayConfig;

import java.nio.file.Path;

/**
 * The journal's settings, read once from the {@code journal.*} keys.
 * <p>
 * Roll cycles: {@code hourly} maps to {@link RollCycles#FAST_HOURLY} and {@code daily} to
 * {@link RollCycles#FAST_DAILY}. The non-FAST hourly cycle (now {@code LegacyRollCycles.HOURLY}) caps a cycle at
 * 2^28 documents, which a sustained 75 k events/s reaches within the hour and a burst at the journal's design rate
 * (1 M events/s) within five minutes, after which appends fail; the FAST cycles allow 2^32 documents per cycle and
 * index every 256th document instead of every 16th or 64th, so each append writes less index. Random access by
 * index is a little slower, which the journal never needs: its readers scan sequentially.
 *
 * @param enabled         journal at all.
 * @param dir             directory of the queue.
 * @param rollCycle       Chronicle roll cycle.
 * @param retentionCycles cycle files kept (the newest ones); older ones are deleted.
 * @param ringCapacity    capacity of the ring between workers and the agent, in bytes (a power of two).
 * @param warmRestart     rebuild the live state from the journal at start.
 * @param blockSizeBytes  Chronicle block size (the unit a cycle file grows by), 0 for Chronicle's default.
 */
public record JournalSettings(
    boolean enabled,
    Path dir,
    RollCycle rollCycle,
    int retentionCycles,
    int ringCapacity,
    boolean warmRestart,
    long blockSizeBytes)
{
    /** Smallest ring accepted. */
    public static final int MIN_RING_CAPACITY = 64 * 1024;
    /** Largest ring accepted. */
    public static final int MAX_RING_CAPACITY = 1 << 30;

    /**
     * @param config the gateway configuration.
     * @return the journal settings (ring size rounded up to a power of two).
     */
    public static JournalSettings from(final GatewayConfig config)
    {
        final long ringSize = config.size("journal.ring-size");
        if (ringSize < MIN_RING_CAPACITY || ringSize > MAX_RING_CAPACITY)
        {
            throw new ConfigException("journal.ring-size", "must be between 64k and 1g");
        }
        return new JournalSettings(
            config.bool("journal.enabled"),
            Path.of(config.string("journal.dir")),
            rollCycle(config.choice("journal.roll-cycle")),
            config.integer("journal.retention", 1, 10_000),
            BitUtil.findNextPositivePowerOfTwo((int)ringSize),
            config.bool("journal.warm-restart"),
            0);
    }

    /**
     * @param word {@code hourly} or {@code daily}.
     * @return the Chronicle roll cycle.
     */
    public static RollCycle rollCycle(final String word)
    {
        return "hourly".equals(word) ? RollCycles.FAST_HOURLY : RollCycles.FAST_DAILY;
    }

    /**
     * The longest idle timeout of any session or connection: a session with no sign of life for longer cannot be
     * live any more, so a warm restart does not restore it.
     *
     * @param config the gateway configuration.
     * @return nanoseconds.
     */
    public static long longestIdleTimeoutNs(final GatewayConfig config)
    {
        long longest = 0;
        for (final String key : new String[]{
            "nat.tcp.established-timeout", "nat.tcp.opening-timeout", "nat.tcp.closing-timeout",
            "nat.tcp.rst-linger", "nat.udp.timeout", "nat.icmp.timeout"})
        {
            longest = Math.max(longest, config.durationNs(key));
        }
        return longest;
    }
}

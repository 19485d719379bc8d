package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;

/**
 * Wiring of the journal: the journal agent and one {@link JournalPublisher} per worker (and one for the control
 * thread), each publisher with a one-to-one ring of its own to the agent and its own overflow counter (single
 * writer: no producer ever contends with another). Build it at start, before any agent runs (counters are
 * allocated here), after {@link JournalReplay} has read the previous state:
 * <pre>
 *   JournalReplay.Result previous = settings.warmRestart() ? JournalReplay.replay(dir, now, idle) : null;
 *   GatewayStartInfo start = GatewayStartInfo.from(config, null != previous, Main.Version.projectVersion());
 *   Journal journal = Journal.create(settings, counters, start);
 *   JournalPublisher p0 = journal.publisher(0);   // one per worker, plus one for the control thread
 *   // run journal.agent() on the control thread (composite) or its own runner with Journal.idleStrategy()
 * </pre>
 * When the journal is disabled there is no ring and no agent, and publishers do nothing.
 */
public final class Journal
{
    private final JournalSettings settings;
    private final GatewayCounters counters;
    private final JournalAgent agent;

    private Journal(final JournalSettings settings, final GatewayCounters counters, final JournalAgent agent)
    {
        this.settings = settings;
        this.counters = counters;
        this.agent = agent;
    }

    /**
     * @param settings journal settings.
     * @param counters the gateway's counters (journal counters are allocated in them).
     * @param start    what the "gateway started" record says.
     * @return the journal.
     */
    public static Journal create(
        final JournalSettings settings, final GatewayCounters counters, final GatewayStartInfo start)
    {
        return create(settings, counters, start, SystemTimeProvider.INSTANCE, JournalAgent.DEFAULT_DRAIN_LIMIT);
    }

    /**
     * @param settings     journal settings.
     * @param counters     the gateway's counters.
     * @param start        what the "gateway started" record says.
     * @param timeProvider clock of the queue (roll cycles) and of the agent's own records; tests pass a settable one.
     * @param drainLimit   records written per duty cycle at most.
     * @return the journal.
     */
    public static Journal create(
        final JournalSettings settings,
        final GatewayCounters counters,
        final GatewayStartInfo start,
        final TimeProvider timeProvider,
        final int drainLimit)
    {
        return create(settings, counters, start, timeProvider, drainLimit, JournalAgent.DEFAULT_DRAIN_INTERVAL_NS,
            System::nanoTime);
    }

    /**
     * @param settings        journal settings.
     * @param counters        the gateway's counters (journal counters are allocated in them).
     * @param start           what the "gateway started" record says.
     * @param timeProvider    clock of the queue (roll cycles) and of the agent's own records.
     * @param drainLimit      records written per duty cycle at most.
     * @param drainIntervalNs shortest time between two drains of the ring while records keep coming.
     * @param nanoClock       clock of the drain interval; tests pass a settable one.
     * @return the journal.
     */
    public static Journal create(
        final JournalSettings settings,
        final GatewayCounters counters,
        final GatewayStartInfo start,
        final TimeProvider timeProvider,
        final int drainLimit,
        final long drainIntervalNs,
        final NanoClock nanoClock)
    {
        if (!settings.enabled())
        {
            return new Journal(settings, counters, null);
        }
        final JournalAgent agent = new JournalAgent(settings,
            counters.allocate(CounterType.JOURNAL_EVENTS, 0, 0, 0),
            counters.allocate(CounterType.JOURNAL_LAG, 0, 0, 0),
            counters.allocate(CounterType.JOURNAL_DISK_BYTES, 0, 0, 0),
            start, timeProvider, drainLimit, drainIntervalNs, nanoClock);
        return new Journal(settings, counters, agent);
    }

    /**
     * A one-to-one ring of the given capacity, in aligned off-heap memory: one producer thread, the journal agent
     * the consumer. Its claim and commit are plain and ordered stores, with no compare-and-swap: a locked
     * instruction would make the worker wait, on every event, for the stores of the previous record to reach the
     * cache lines the agent last read (docs/journal.md).
     *
     * @param capacity bytes for records (a power of two).
     * @return the ring.
     */
    public static OneToOneRingBuffer newRing(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("ring capacity must be a power of two: " + capacity);
        }
        return new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    }

    /**
     * The idle strategy for the journal agent when it has a runner of its own: spin briefly, yield, then park up to
     * 1 ms, so an idle journal costs no CPU and a busy one drains the ring at once.
     *
     * @return a new idle strategy.
     */
    public static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
    }

    /**
     * A publisher for one thread, with its own ring of {@code journal.ring-size} bytes and its own overflow
     * counter. Call at wiring time, before the agent starts (allocates the ring and a counter).
     *
     * @param worker worker index, or {@link JournalRecordFlyweight#CONTROL_WORKER} for the control thread.
     * @return the publisher.
     */
    public JournalPublisher publisher(final int worker)
    {
        if (null == agent)
        {
            return JournalPublisher.disabled(worker);
        }
        final RingBuffer ring = newRing(settings.ringCapacity());
        agent.addRing(ring);
        return new JournalPublisher(ring, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, worker), worker);
    }

    /**
     * @return the agent, or null when the journal is disabled.
     */
    public JournalAgent agent()
    {
        return agent;
    }

    /**
     * A batched publisher for a forwarding worker (see {@link JournalPublisher#JournalPublisher(RingBuffer,
     * AtomicCounter, int, int)}): it stages records and the worker calls {@link JournalPublisher#flush()} once per duty
     * cycle. Call at wiring time.
     *
     * @param worker worker index.
     * @return the publisher.
     */
    public JournalPublisher workerPublisher(final int worker)
    {
        if (null == agent)
        {
            return JournalPublisher.disabled(worker);
        }
        final RingBuffer ring = newRing(settings.ringCapacity());
        agent.addRing(ring);
        return new JournalPublisher(ring, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, worker), worker,
            JournalPublisher.DEFAULT_STAGING_BYTES);
    }

    /**
     * @return bytes in the publishers' rings that the agent has not read yet (0 when the journal is disabled).
     */
    public long backlogBytes()
    {
        return null == agent ? 0 : agent.backlogBytes();
    }

    /**
     * @return the settings.
     */
    public JournalSettings settings()
    {
        return settings;
    }
}

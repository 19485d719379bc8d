package org.mptcpgw.bench.journal;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.journal.Journal;
import org.mptcpgw.gateway.journal.JournalAgent;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What journaling costs the forwarding thread.
 * <ul>
 *   <li>{@code publish}: "session created" records claimed, written and committed into the ring, then read back by
 *       the same thread as the agent reads them (without the disk): the producer's cost per event plus the
 *       consumer's, measured without a second thread competing for the CPU; run with {@code -prof gc} for 0 B/op.
 *   <li>{@code work} and {@code workAndPublish}: a stand-in for the forwarding work done between two journal
 *       events ({@code Blackhole.consumeCPU(workTokens)}), without and with one event published, while the real
 *       journal agent writes to disk on its own thread. The ratio of the two scores is the forwarding rate kept,
 *       provided the worker has a core of its own (as with {@code engine.cpus}); on a 2-vCPU machine shared with
 *       other work the agent's thread competes with the benchmark thread, and the difference measures that.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    // The JVM flags Agrona and Chronicle need: keep in step with gateway.jvm.flags in the parent pom.
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class JournalPublishBenchmark
{
    private static final int INSIDE = 0xC000_0200;   // 192.0.2.0
    private static final int OUTSIDE = 0xC633_6402;  // 198.51.100.2
    private static final int REMOTE = 0xCB00_7150;   // 203.0.113.80
    /** Events per invocation of {@code publish}. */
    static final int BATCH = 256;

    /**
     * A ring that the benchmark thread drains itself after each batch (no second thread competing for the CPU).
     */
    @State(Scope.Thread)
    public static class LocalRing
    {
        GatewayCounters counters;
        RingBuffer ring;
        JournalPublisher publisher;
        final MessageHandler discard = (msgTypeId, buffer, index, length) -> {};

        /**
         * Build the ring.
         */
        @Setup(Level.Trial)
        public void open()
        {
            counters = GatewayCounters.inMemory(16);
            ring = Journal.newRing(BenchJournal.RING_CAPACITY);
            publisher = new JournalPublisher(ring, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, 0), 0);
        }

        /**
         * Release the counters.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            counters.close();
        }
    }

    /**
     * The real journal, agent on its own thread.
     */
    @State(Scope.Benchmark)
    public static class RealJournal
    {
        BenchJournal journal;

        /**
         * Open the journal.
         */
        @Setup(Level.Trial)
        public void open()
        {
            journal = new BenchJournal();
        }

        /**
         * Close and delete it.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            journal.close();
        }
    }

    /**
     * A ring drained by a consumer thread that only reads (discards) the records, on the agent's schedule (every
     * {@link JournalAgent#DEFAULT_DRAIN_INTERVAL_NS}): separates what the hand-off between the cores costs the
     * worker from what the agent's Chronicle writes on the other core cost it.
     */
    @State(Scope.Benchmark)
    public static class DrainOnly
    {
        GatewayCounters counters;
        JournalPublisher publisher;
        JournalPublisher batched;
        AgentRunner runner;

        /**
         * Build the ring and start the consumer.
         */
        @Setup(Level.Trial)
        public void open()
        {
            counters = GatewayCounters.inMemory(16);
            final RingBuffer ring = Journal.newRing(BenchJournal.RING_CAPACITY);
            publisher = new JournalPublisher(ring, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, 0), 0);
            final RingBuffer batchRing = Journal.newRing(BenchJournal.RING_CAPACITY);
            batched = new JournalPublisher(batchRing, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, 1), 1,
                JournalPublisher.DEFAULT_STAGING_BYTES);
            final MessageHandler discard = (msgTypeId, buffer, index, length) -> {};
            final Agent consumer = new Agent()
            {
                private long lastDrainNs;

                public int doWork()
                {
                    final long nowNs = System.nanoTime();
                    if (nowNs - lastDrainNs < JournalAgent.DEFAULT_DRAIN_INTERVAL_NS)
                    {
                        return 0;
                    }
                    final int read = ring.read(discard, JournalAgent.DEFAULT_DRAIN_LIMIT) +
                        batchRing.read(discard, JournalAgent.DEFAULT_DRAIN_LIMIT);
                    if (read < JournalAgent.DEFAULT_DRAIN_LIMIT)
                    {
                        lastDrainNs = nowNs;
                    }
                    return read;
                }

                public String roleName()
                {
                    return "drain-only";
                }
            };
            runner = new AgentRunner(Journal.idleStrategy(), Throwable::printStackTrace, null, consumer);
            AgentRunner.startOnThread(runner);
        }

        /**
         * Stop the consumer.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            runner.close();
            counters.close();
        }
    }

    /**
     * Per-thread counts reported next to the score.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome
    {
        /** Events the ring refused. */
        public long overflows;
        long sequence;
    }

    /**
     * Forwarding work done between two journal events.
     */
    @State(Scope.Benchmark)
    public static class Work
    {
        /** Work in consumeCPU tokens. */
        @Param({"100", "1000"})
        public int workTokens;
    }

    /**
     * Journal events a worker makes per duty cycle (it flushes its publisher once per cycle).
     */
    @State(Scope.Benchmark)
    public static class Cycle
    {
        /** Events between two flushes. */
        @Param({"1", "8", "64"})
        public int eventsPerCycle;
        int eventsThisCycle;
    }

    /**
     * Publish a batch of events, then consume them as the agent's ring read does (without the disk write): the
     * producer's cost per event plus the consumer's, an upper bound of what a worker pays.
     *
     * @param ring    the ring.
     * @param outcome overflow count (stays 0: the batch always fits).
     * @return records consumed.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int publish(final LocalRing ring, final Outcome outcome)
    {
        final JournalPublisher publisher = ring.publisher;
        for (int i = 0; i < BATCH; i++)
        {
            final long id = outcome.sequence++;
            if (!publisher.sessionCreated(id, id, 1, 6, INSIDE, 1024 + ((int)id & 0x7FFF), OUTSIDE,
                1024 + ((int)id & 0xFFFF), REMOTE, 443, 0))
            {
                outcome.overflows++;
            }
        }
        // A read stops at the end of the buffer when the records wrap around: read until the batch is consumed.
        int consumed = 0;
        for (int read = 1; read > 0; consumed += read)
        {
            read = ring.ring.read(ring.discard, BATCH);
        }
        return consumed;
    }

    /**
     * Forwarding work alone (the baseline).
     *
     * @param work how much.
     */
    @Benchmark
    public void work(final Work work)
    {
        Blackhole.consumeCPU(work.workTokens);
    }

    /**
     * The baseline of the batched variants: the same work and the same bookkeeping of the benchmark itself (event
     * sequence, arguments, cycle counter), the arguments handed to a black hole instead of the journal.
     *
     * @param work  how much work.
     * @param cycle events per duty cycle.
     * @param outcome sequence.
     * @param hole  takes the arguments.
     * @return the cycle position.
     */
    @Benchmark
    public int workAndBookkeeping(final Work work, final Cycle cycle, final Outcome outcome, final Blackhole hole)
    {
        Blackhole.consumeCPU(work.workTokens);
        final long id = outcome.sequence++;
        hole.consume(id);
        hole.consume(1024 + ((int)id & 0x7FFF));
        hole.consume(1024 + ((int)id & 0xFFFF));
        if (++cycle.eventsThisCycle == cycle.eventsPerCycle)
        {
            cycle.eventsThisCycle = 0;
            return 1;
        }
        return 0;
    }

    /**
     * Forwarding work plus one event handed to a consumer on the other core that reads it and writes nothing.
     *
     * @param work    how much work.
     * @param ring    the ring and its consumer.
     * @param outcome overflow count.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean workAndHandOff(final Work work, final DrainOnly ring, final Outcome outcome)
    {
        Blackhole.consumeCPU(work.workTokens);
        final long id = outcome.sequence++;
        final boolean accepted = ring.publisher.sessionCreated(id, id, 1, 6, INSIDE,
            1024 + ((int)id & 0x7FFF), OUTSIDE, 1024 + ((int)id & 0xFFFF), REMOTE, 443, 0);
        if (!accepted)
        {
            outcome.overflows++;
        }
        return accepted;
    }

    /**
     * Forwarding work alone while the drain-only consumer runs on the other core (nothing to read): what the
     * consumer's thread costs by being there.
     *
     * @param work how much work.
     * @param ring the idle consumer.
     */
    @Benchmark
    public void workBesideConsumer(final Work work, final DrainOnly ring)
    {
        Blackhole.consumeCPU(work.workTokens);
    }

    /**
     * Forwarding work plus one event staged by a worker's batched publisher, flushed every {@code eventsPerCycle}
     * events to a consumer on the other core that reads and writes nothing.
     *
     * @param work    how much work.
     * @param cycle   events per duty cycle.
     * @param ring    the rings and their consumer.
     * @param outcome overflow count.
     * @return records handed to the ring by this call's flush, if it made one.
     */
    @Benchmark
    public int workAndHandOffBatched(final Work work, final Cycle cycle, final DrainOnly ring, final Outcome outcome)
    {
        Blackhole.consumeCPU(work.workTokens);
        final long id = outcome.sequence++;
        final JournalPublisher publisher = ring.batched;
        publisher.sessionCreated(id, id, 1, 6, INSIDE, 1024 + ((int)id & 0x7FFF), OUTSIDE,
            1024 + ((int)id & 0xFFFF), REMOTE, 443, 0);
        // A counter, not id % eventsPerCycle: a 64-bit division would cost the benchmark more than the event.
        if (++cycle.eventsThisCycle == cycle.eventsPerCycle)
        {
            cycle.eventsThisCycle = 0;
            return publisher.flush();
        }
        return 0;
    }

    /**
     * Forwarding work plus one event journaled to disk by the agent through a worker's batched publisher, flushed
     * (one ring message) every {@code eventsPerCycle} events, as a worker flushes once per duty cycle.
     *
     * @param work    how much work.
     * @param cycle   events per duty cycle.
     * @param journal the real journal.
     * @param outcome overflow count.
     * @return records handed to the ring by this call's flush, if it made one.
     */
    @Benchmark
    public int workAndPublishBatched(
        final Work work, final Cycle cycle, final RealJournal journal, final Outcome outcome)
    {
        Blackhole.consumeCPU(work.workTokens);
        final long id = outcome.sequence++;
        final JournalPublisher publisher = journal.journal.batched;
        publisher.sessionCreated(id, id, 1, 6, INSIDE, 1024 + ((int)id & 0x7FFF), OUTSIDE,
            1024 + ((int)id & 0xFFFF), REMOTE, 443, 0);
        // A counter, not id % eventsPerCycle: a 64-bit division would cost the benchmark more than the event.
        if (++cycle.eventsThisCycle == cycle.eventsPerCycle)
        {
            cycle.eventsThisCycle = 0;
            return publisher.flush();
        }
        return 0;
    }

    /**
     * Forwarding work plus one event journaled to disk by the agent.
     *
     * @param work    how much work.
     * @param journal the real journal.
     * @param outcome overflow count.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean workAndPublish(final Work work, final RealJournal journal, final Outcome outcome)
    {
        Blackhole.consumeCPU(work.workTokens);
        final long id = outcome.sequence++;
        final boolean accepted = journal.journal.publisher.sessionCreated(id, id, 1, 6, INSIDE,
            1024 + ((int)id & 0x7FFF), OUTSIDE, 1024 + ((int)id & 0xFFFF), REMOTE, 443, 0);
        if (!accepted)
        {
            outcome.overflows++;
        }
        return accepted;
    }
}

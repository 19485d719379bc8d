package org.mptcpgw.bench.journal;

import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.journal.Journal;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 *   <li>{@code publish}: one "session created" record into a ring that a background thread drains (the agent's
 *       read without the disk), i.e. the producer's cost per event; run with {@code -prof gc} to see 0 B/op.
 *       {@code overflows} counts events refused because the drainer fell behind (they cost less).
 *   <li>{@code work} and {@code workAndPublish}: a stand-in for the forwarding work done between two journal
 *       events ({@code Blackhole.consumeCPU(workTokens)}), without and with one event published, while the real
 *       journal agent writes to disk on its own thread. The ratio of the two scores is the forwarding rate kept.
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

    /**
     * A ring drained by a background thread that discards the records.
     */
    @State(Scope.Benchmark)
    public static class DrainedRing
    {
        GatewayCounters counters;
        RingBuffer ring;
        JournalPublisher publisher;
        private Thread drainer;
        private volatile boolean running;

        /**
         * Start the drainer.
         */
        @Setup(Level.Trial)
        public void start()
        {
            counters = GatewayCounters.inMemory(16);
            ring = Journal.newRing(BenchJournal.RING_CAPACITY);
            publisher = new JournalPublisher(ring, counters.allocate(CounterType.JOURNAL_OVERFLOWS, 0, 0, 0), 0);
            running = true;
            drainer = new Thread(() ->
            {
                while (running)
                {
                    if (0 == ring.read((msgTypeId, buffer, index, length) -> {}, 4096))
                    {
                        Thread.onSpinWait();
                    }
                }
            }, "drainer");
            drainer.setDaemon(true);
            drainer.start();
        }

        /**
         * Stop the drainer.
         *
         * @throws InterruptedException if interrupted while joining.
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException
        {
            running = false;
            drainer.join(10_000);
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
     * Producer cost of one event.
     *
     * @param ring    the drained ring.
     * @param outcome overflow count.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean publish(final DrainedRing ring, final Outcome outcome)
    {
        final long id = outcome.sequence++;
        final boolean accepted = ring.publisher.sessionCreated(id, id, 1, 6, INSIDE, 1024 + ((int)id & 0x7FFF),
            OUTSIDE, 1024 + ((int)id & 0xFFFF), REMOTE, 443, 0);
        if (!accepted)
        {
            outcome.overflows++;
        }
        return accepted;
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

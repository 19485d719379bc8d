package org.mptcpgw.bench.journal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Events per second from a worker's publisher through the ring and the journal agent (its own thread) into the
 * Chronicle files. One operation = one 48-byte "session created" record on disk: an invocation publishes
 * {@link #BATCH} records (retrying while the ring is full, which a real worker would count as an overflow instead)
 * and returns once the agent has written them all, so the score is the end-to-end rate, not the producer's.
 * A fresh journal directory per iteration keeps the disk use bounded (about 5 MiB per 100 k records).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(JournalThroughputBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
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
public class JournalThroughputBenchmark
{
    /** Records per invocation. */
    static final int BATCH = 100_000;
    private static final int INSIDE = 0xC000_0200;   // 192.0.2.0
    private static final int OUTSIDE = 0xC633_6402;  // 198.51.100.2
    private static final int REMOTE = 0xCB00_7150;   // 203.0.113.80

    private BenchJournal journal;
    private long published;
    private long timestampNs;

    /**
     * Open a fresh journal with its agent running.
     */
    @Setup(Level.Iteration)
    public void open()
    {
        journal = new BenchJournal();
        published = journal.eventsWritten();
        timestampNs = System.currentTimeMillis() * 1_000_000L;
    }

    /**
     * Stop the agent and delete the journal.
     */
    @TearDown(Level.Iteration)
    public void close()
    {
        journal.close();
    }

    /**
     * Publish a batch and wait until it is on disk.
     */
    @Benchmark
    public void publishAndJournal()
    {
        final long base = published;
        for (int i = 0; i < BATCH; i++)
        {
            final long id = base + i;
            while (!journal.publisher.sessionCreated(timestampNs + id, id, i & 3, 6, INSIDE + (i & 0xFF),
                1024 + (i & 0x7FFF), OUTSIDE, 1024 + (i & 0xFFFF), REMOTE, 443, 0))
            {
                Thread.onSpinWait();
            }
        }
        published = base + BATCH;
        journal.awaitWritten(published);
    }
}

package org.mptcpgw.bench.journal;

import org.mptcpgw.gateway.journal.JournalReplay;
import org.mptcpgw.gateway.journal.NatLogQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Reading a journal of 100 k sessions (the acceptance figure of {@code nat-log}: under 1 s).
 * <ul>
 *   <li>{@code natLogQuery}: "who held 198.51.100.2:PORT at T" over a journal of 100 k sessions that reuse 20 k
 *       outside ports five times each (200 k records: every session created and ended 30 s later);
 *   <li>{@code replay}: the warm-restart replay of a journal of 100 k live sessions.
 * </ul>
 * Both journals are written once per trial through the real publisher, ring and agent. The JVM is warm: the one-off
 * start-up of Chronicle in a fresh JVM (about 1-2 s on the development VM) comes on top for the command line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
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
public class NatLogQueryBenchmark
{
    private static final int SESSIONS = 100_000;
    private static final int PORTS = 20_000;
    private static final int INSIDE = 0xC000_0200;   // 192.0.2.0
    private static final int OUTSIDE = 0xC633_6402;  // 198.51.100.2
    private static final int REMOTE = 0xCB00_7150;   // 203.0.113.80
    private static final long STEP_NS = 10_000_000L;
    private static final long LIFETIME_NS = 30_000_000_000L;

    private BenchJournal reused;
    private BenchJournal live;
    private long t0Ns;
    private int nextTarget;

    /**
     * Write both journals.
     */
    @Setup(Level.Trial)
    public void write()
    {
        t0Ns = System.currentTimeMillis() * 1_000_000L;
        reused = new BenchJournal();
        writeReused(reused, t0Ns);
        reused.stop();
        live = new BenchJournal();
        for (int i = 0; i < SESSIONS; i++)
        {
            publish(live, true, t0Ns + i, i);
        }
        live.stop();
    }

    /**
     * 100 k sessions, one every 10 ms from t0, each ended 30 s after it was created, on 20 k outside ports.
     */
    static void writeReused(final BenchJournal journal, final long t0Ns)
    {
        for (int i = 0; i < SESSIONS; i++)
        {
            final long created = t0Ns + i * STEP_NS;
            publish(journal, true, created, i);
            if (i >= LIFETIME_NS / STEP_NS)
            {
                publish(journal, false, created, i - (int)(LIFETIME_NS / STEP_NS));
            }
        }
    }

    /**
     * @return the instant half-way through the life of session {@code target}.
     */
    static long queryInstantNs(final long t0Ns, final int target)
    {
        return t0Ns + target * STEP_NS + LIFETIME_NS / 2;
    }

    /**
     * @return "198.51.100.2:PORT", the outside endpoint of session {@code target}.
     */
    static String outsideEndpoint(final int target)
    {
        return "198.51.100.2:" + (1024 + (target % PORTS));
    }

    private static void publish(final BenchJournal journal, final boolean create, final long timestampNs, final int i)
    {
        final int host = INSIDE + (i % 200);
        final int port = 30000 + (i % 30000);
        final int outsidePort = 1024 + (i % PORTS);
        while (create ?
            !journal.publisher.sessionCreated(timestampNs, i, i % 3, 6, host, port, OUTSIDE, outsidePort, REMOTE, 443,
                0) :
            !journal.publisher.sessionEnded(timestampNs, i, i % 3, 6, host, port, OUTSIDE, outsidePort, REMOTE, 443,
                0, 1))
        {
            Thread.onSpinWait();
        }
    }

    /**
     * Delete both journals.
     */
    @TearDown(Level.Trial)
    public void delete()
    {
        reused.close();
        live.close();
    }

    /**
     * Who held one outside port at one instant (a different session each call).
     *
     * @return the number of sessions found (1).
     */
    @Benchmark
    public int natLogQuery()
    {
        final int target = 40_000 + (nextTarget++ % 20_000);
        final long at = queryInstantNs(t0Ns, target);
        final int found = new NatLogQuery().outside(OUTSIDE, 1024 + (target % PORTS)).at(at).run(reused.dir)
            .entries().size();
        if (1 != found)
        {
            throw new IllegalStateException("expected one session for " + target + ", found " + found);
        }
        return found;
    }

    /**
     * Replay 100 k live sessions.
     *
     * @return the number of sessions to restore.
     */
    @Benchmark
    public int replay()
    {
        return JournalReplay.replay(live.dir, t0Ns + SESSIONS + 1, 7_440_000_000_000L).sessions().size();
    }
}

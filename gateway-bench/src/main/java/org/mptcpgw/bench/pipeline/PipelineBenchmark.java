package org.mptcpgw.bench.pipeline;

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

import java.util.concurrent.TimeUnit;

/**
 * The whole in-memory pipeline, one thread: each invocation is one duty cycle of the real forwarding worker on a
 * full batch of {@link PipelineRig#BATCH} frames, so the score (operations per microsecond) is millions of packets
 * per second on one core, and {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per packet.
 * Goal: at least 20 Mpps per core and 0 B per packet. See {@link PipelineRig} for what the in-memory ports copy.
 * Run: {@code java -jar gateway-bench/target/benchmarks.jar PipelineBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class PipelineBenchmark
{
    /** Flows in the session table (two per MPTCP connection). */
    @Param({"100000"})
    public int flows;

    /** The traffic replayed: mixed, small, nat-out, nat-in, pass (see {@link TrafficMix}). */
    @Param({"mixed", "small", "nat-out", "nat-in", "pass"})
    public String mix;

    private PipelineRig rig;
    private long framesAtStart;
    private long invocations;

    /**
     * Open the flows and check that the mix is forwarded without a drop.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        rig = PipelineRig.create(flows, TrafficMix.of(mix), 0x5EED_BE7CL);
        System.out.println("# rig: " + rig.verify());
        framesAtStart = rig.framesProcessed();
    }

    /**
     * Check that every invocation processed a full batch, so that the score counts packets exactly.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long frames = rig.framesProcessed() - framesAtStart;
        final long dropped = rig.framesDropped();
        rig.close();
        if (frames != invocations * PipelineRig.BATCH || 0 != dropped)
        {
            throw new IllegalStateException("invalid run: " + frames + " frames in " + invocations +
                " batches, " + dropped + " dropped");
        }
    }

    /**
     * One duty cycle over one batch.
     *
     * @return the worker's work count.
     */
    @Benchmark
    @OperationsPerInvocation(PipelineRig.BATCH)
    public int pipeline()
    {
        invocations++;
        return rig.doWork();
    }
}

package org.mptcpgw.bench.pipeline;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Issue 5's acceptance, measured without JMH: "zero bytes allocated per packet and no GC over a 60 s run at load".
 * Builds the {@link PipelineRig}, warms it up, then (1) counts the bytes the forwarding thread allocates over at
 * least {@code --packets} packets with {@code ThreadMXBean#getThreadAllocatedBytes} and (2) runs the pipeline flat
 * out for {@code --seconds} and counts the garbage collections of every collector. Prints {@code key=value} lines
 * (read by scripts/bench.sh) and exits 1 when the pipeline allocates steadily (per packet or per batch), a
 * collection ran or a frame was dropped.
 */
@Command(name = "pipeline-allocation", mixinStandardHelpOptions = true,
    description = "Bytes allocated per packet and GC count of the in-memory pipeline at load.")
public final class PipelineAllocation implements Callable<Integer>
{
    private static final int CLOCK_CHECK_BATCHES = 64;
    /**
     * Below this many bytes per packet an allocation cannot be per packet or per batch (16 bytes per 256-packet
     * batch is 0.0625): it is a one-off, e.g. objects that escape analysis had removed, allocated for real while a
     * method runs deoptimised until the JIT compiles it again. Reported as "sporadic", with the exact byte count.
     */
    private static final double STEADY_BYTES_PER_PACKET = 0.01;

    @Option(names = "--flows", defaultValue = "100000", description = "flows in the session table")
    private int flows;

    @Option(names = "--mix", defaultValue = "mixed", description = "mixed, small, nat-out, nat-in or pass")
    private String mix;

    @Option(names = "--packets", defaultValue = "10000000", description = "packets for the allocation count")
    private long packets;

    @Option(names = "--warmup-packets", defaultValue = "5000000", description = "packets before counting")
    private long warmupPackets;

    @Option(names = "--seconds", defaultValue = "60", description = "duration of the GC run at load")
    private double seconds;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (PipelineRig rig = PipelineRig.create(flows, TrafficMix.of(mix), 0xA110_CA7EL))
        {
            System.out.println("rig=" + rig.verify());
            runPackets(rig, warmupPackets);
            // Setup garbage is collected now, so that the runs below start from a quiet heap.
            System.gc();

            final long threadId = Thread.currentThread().getId();
            final long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
            final long framesBefore = rig.framesProcessed();
            final long startNs = System.nanoTime();
            runPackets(rig, packets);
            final long elapsedNs = System.nanoTime() - startNs;
            final long allocated = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
            final long counted = rig.framesProcessed() - framesBefore;
            System.out.printf("alloc.packets=%d%nalloc.bytes=%d%nalloc.bytes_per_packet=%.6f%nalloc.mpps=%.3f%n",
                counted, allocated, (double)allocated / counted, counted * 1e3 / elapsedNs);

            final long gcBefore = collections();
            final long gcTimeBefore = collectionMillis();
            final long runFramesBefore = rig.framesProcessed();
            final long runStartNs = System.nanoTime();
            final long runEndNs = runStartNs + (long)(seconds * 1e9);
            long nowNs = runStartNs;
            while (nowNs - runEndNs < 0)
            {
                for (int i = 0; i < CLOCK_CHECK_BATCHES; i++)
                {
                    rig.doWork();
                }
                nowNs = System.nanoTime();
            }
            final long runFrames = rig.framesProcessed() - runFramesBefore;
            final long gcCount = collections() - gcBefore;
            System.out.printf("gc.seconds=%.1f%ngc.packets=%d%ngc.mpps=%.3f%ngc.collections=%d%ngc.millis=%d%n",
                (nowNs - runStartNs) / 1e9, runFrames, runFrames * 1e3 / (nowNs - runStartNs), gcCount,
                collectionMillis() - gcTimeBefore);
            System.out.println("gc.collectors=" + collectorNames());
            final long dropped = rig.framesDropped();
            System.out.println("dropped=" + dropped);
            final double perPacket = (double)allocated / counted;
            System.out.println("alloc.kind=" + (0 == allocated ? "zero" :
                perPacket < STEADY_BYTES_PER_PACKET ? "sporadic" : "steady"));
            final boolean pass = perPacket < STEADY_BYTES_PER_PACKET && 0 == gcCount && 0 == dropped;
            System.out.println("verdict=" + (pass ? "PASS" : "FAIL"));
            return pass ? 0 : 1;
        }
    }

    private static void runPackets(final PipelineRig rig, final long count)
    {
        final long target = rig.framesProcessed() + count;
        while (rig.framesProcessed() < target)
        {
            for (int i = 0; i < CLOCK_CHECK_BATCHES; i++)
            {
                rig.doWork();
            }
        }
    }

    /**
     * Collections of the collectors that count cycles (ZGC also registers a bean counting its pauses, which would
     * count each cycle several times).
     */
    private static long collections()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : collectors())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long collectionMillis()
    {
        long millis = 0;
        for (final GarbageCollectorMXBean gc : collectors())
        {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    private static String collectorNames()
    {
        final StringBuilder names = new StringBuilder();
        for (final GarbageCollectorMXBean gc : collectors())
        {
            names.append(names.length() > 0 ? "," : "").append(gc.getName().replace(' ', '_'));
        }
        return names.toString();
    }

    private static List<GarbageCollectorMXBean> collectors()
    {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter((gc) -> !gc.getName().contains("Pauses"))
            .toList();
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PipelineAllocation()).execute(args));
    }
}

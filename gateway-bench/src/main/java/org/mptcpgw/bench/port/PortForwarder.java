package org.mptcpgw.bench.port;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.Poller;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.afpacket.AfPacketConfig;
import org.mptcpgw.core.port.afpacket.AfPacketPort;
import org.mptcpgw.core.port.afpacket.KernelIsolation;
import org.mptcpgw.core.port.afpacket.RingVersion;
import org.mptcpgw.core.port.afpacket.TxMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of the port benchmark: a pass-through between two {@link AfPacketPort}s. Each duty cycle
 * receives a batch from one port, copies every frame (with its virtio-net header) into a transmit slot of the
 * other, flushes once, releases, and does the same the other way. When a cycle finds nothing it spins a few
 * times, then waits in {@code poll()} for at most a millisecond. Optionally mutes the kernel on both
 * interfaces ({@link KernelIsolation}) for the run. Ends after {@code --seconds} or at SIGTERM, printing one
 * line of statistics either way.
 */
@Command(name = "port-forwarder", mixinStandardHelpOptions = true,
    description = "Forward frames between two interfaces through AF_PACKET ports for a number of seconds.")
public final class PortForwarder implements Callable<Integer>
{
    @Option(names = "--left", required = true, description = "first interface")
    private String left;

    @Option(names = "--right", required = true, description = "second interface")
    private String right;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to run")
    private double seconds;

    @Option(names = "--ring-version", defaultValue = "V2", description = "V2 or V3")
    private RingVersion ringVersion;

    @Option(names = "--retire-ms", defaultValue = "1", description = "V3 block retire timer in ms")
    private int retireMs;

    @Option(names = "--tx-mode", defaultValue = "TX_RING", description = "TX_RING or SEND")
    private TxMode txMode;

    @Option(names = "--tx-frame-size", defaultValue = "2048", description = "TX ring slot size in bytes")
    private int txFrameSize;

    @Option(names = "--tx-frames", defaultValue = "1024", description = "TX ring slots")
    private int txFrames;

    @Option(names = "--tx-large-frames", defaultValue = "0",
        description = "slots of the 64 KiB TX ring for GSO frames; 0 sends them with send()")
    private int txLargeFrames;

    @Option(names = "--qdisc-bypass", description = "send with PACKET_QDISC_BYPASS")
    private boolean qdiscBypass;

    @Option(names = "--no-vnet", description = "without PACKET_VNET_HDR")
    private boolean noVnet;

    @Option(names = "--idle-spins", defaultValue = "200", description = "empty cycles before waiting in poll()")
    private int idleSpins;

    @Option(names = "--isolate", description = "mute the kernel on both interfaces while running")
    private boolean isolate;

    /** Frames forwarded before allocation is measured: the JIT compiles the forwarding path meanwhile. */
    static final long WARM_UP_FRAMES = 200_000;

    private final FrameVector vector = new FrameVector(FrameVector.DEFAULT_CAPACITY);
    private final UnsafeBuffer source = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer target = new UnsafeBuffer(0, 0);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;
    private long forwarded;
    private long txFull;
    private long dropped;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call() throws InterruptedException
    {
        // SIGTERM ends the run early but still prints the statistics and undoes the kernel isolation.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndAwait, "forwarder-stop"));
        try
        {
            return run();
        }
        finally
        {
            finished.countDown();
        }
    }

    private void stopAndAwait()
    {
        stopped = true;
        try
        {
            finished.await(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private int run()
    {
        final AfPacketConfig config = AfPacketConfig.builder().ringVersion(ringVersion).retireBlockTimeoutMs(retireMs)
            .txMode(txMode).txFrameSizeBytes(txFrameSize).txFrameCount(txFrames).txLargeFrameCount(txLargeFrames)
            .qdiscBypass(qdiscBypass).vnetHeader(!noVnet).build();
        final KernelIsolation isolation = isolate ? KernelIsolation.apply(List.of(left, right)) : null;
        try (AfPacketPort a = AfPacketPort.open(left, config); AfPacketPort b = AfPacketPort.open(right, config);
            Poller poller = new Poller(a.pollDescriptors()[0], b.pollDescriptors()[0]))
        {
            System.out.println("ready " + config);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long startNs = System.nanoTime();
            long allocatedBefore = -1;
            final long endNs = startNs + (long)(seconds * 1e9);
            long nextStatsNs = startNs;
            int idle = 0;
            long nowNs = startNs;
            while (nowNs - endNs < 0 && !stopped)
            {
                final int work = forward(a, b, 0) + forward(b, a, 1);
                // Frames the kernel did not take at the last kick (send buffer full) are kicked again here, not
                // only when the next batch arrives: flush() makes no system call when nothing is pending.
                a.flush();
                b.flush();
                if (0 == work)
                {
                    if (++idle > idleSpins)
                    {
                        poller.poll(1);
                        idle = 0;
                    }
                }
                else
                {
                    idle = 0;
                }
                nowNs = System.nanoTime();
                if (nowNs - nextStatsNs > 0)
                {
                    if (allocatedBefore < 0 && forwarded >= WARM_UP_FRAMES)
                    {
                        allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                    }
                    a.pollStatistics();
                    b.pollStatistics();
                    nextStatsNs = nowNs + 10_000_000L;
                }
            }
            final long allocated =
                allocatedBefore < 0 ? -1 : threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            final double elapsedS = (System.nanoTime() - startNs) / 1e9;
            System.out.printf("forwarder forwarded=%d seconds=%.2f mpps=%.3f ringDrops=%d txFull=%d dropped=%d " +
                "allocatedBytesAfterWarmUp=%d %s %s%n", forwarded, elapsedS, forwarded / elapsedS / 1e6,
                a.statistics().ringDrops() + b.statistics().ringDrops(), txFull, dropped, allocated,
                a.counters(), b.counters());
        }
        finally
        {
            if (null != isolation)
            {
                isolation.close();
            }
        }
        return 0;
    }

    private int forward(final AfPacketPort in, final AfPacketPort out, final int portIndex)
    {
        vector.clear();
        final int received = in.receive(vector, portIndex, 0);
        if (0 == received)
        {
            return 0;
        }
        final int vnet = in.vnetHeaderLength();
        for (int i = 0; i < received; i++)
        {
            final int length = vector.length(i);
            if (0 != (vector.flags(i) & FrameVector.FLAG_TRUNCATED))
            {
                dropped++;
                continue;
            }
            final long address = out.claim(length);
            if (0 == address)
            {
                txFull++;
                continue;
            }
            source.wrap(vector.address(i) - vnet, length + vnet);
            target.wrap(address - vnet, length + vnet);
            target.putBytes(0, source, 0, length + vnet);
            out.commit(address, length, vector.flags(i));
            forwarded++;
        }
        out.flush();
        in.releaseReceived();
        return received;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PortForwarder()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}

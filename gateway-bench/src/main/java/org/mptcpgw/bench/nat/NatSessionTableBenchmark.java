package org.mptcpgw.bench.nat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatProtocol;
import org.mptcpgw.nat.NatSessionTable;
import org.mptcpgw.nat.TcpFlags;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of an established flow: the exact lookup plus {@code onPacket}, outbound and inbound, with the
 * table holding a million established TCP sessions (each its own mapping, 16 paths) and packets drawn at random
 * from 100,000 hot flows, so indexes and records miss the private caches as they would under real traffic.
 * Run: {@code java -cp ... org.openjdk.jmh.Main NatSessionTableBenchmark -f 1 -wi 2 -i 3 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class NatSessionTableBenchmark
{
    private static final int ORDER_LENGTH = 1 << 20;
    private static final long NOW_NS = 1L << 40;

    /** Sessions in the table. */
    @Param({"1000000"})
    public int sessions;

    /** Flows the packets are drawn from. */
    @Param({"100000"})
    public int hotFlows;

    private NatSessionTable table;
    private int[] path;
    private int[] insideIp;
    private int[] insidePort;
    private int[] remoteIp;
    private int[] outsideIp;
    private int[] outsidePort;
    private int[] order;
    private int cursor;
    private int remotePort;

    /**
     * Fill the table and pick the hot flows.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        table = SessionTableFill.emptyTable(sessions, NOW_NS);
        final int[] created = SessionTableFill.fill(table, sessions, NOW_NS);
        final SplittableRandom random = new SplittableRandom(0xBE7CL);
        final int[] hot = SessionTableFill.randomIndexes(hotFlows, sessions, random);
        path = new int[hotFlows];
        insideIp = new int[hotFlows];
        insidePort = new int[hotFlows];
        remoteIp = new int[hotFlows];
        outsideIp = new int[hotFlows];
        outsidePort = new int[hotFlows];
        for (int h = 0; h < hotFlows; h++)
        {
            final int i = hot[h];
            path[h] = SessionTableFill.path(i);
            insideIp[h] = SessionTableFill.insideIp(i);
            insidePort[h] = SessionTableFill.insidePort(i);
            remoteIp[h] = SessionTableFill.remoteIp(i);
            outsideIp[h] = table.outsideIp(created[i]);
            outsidePort[h] = table.outsidePort(created[i]);
        }
        remotePort = SessionTableFill.remotePort();
        order = SessionTableFill.randomIndexes(ORDER_LENGTH, hotFlows, random);
    }

    /**
     * An outbound data segment of an established flow.
     *
     * @return the session, so the work is not dead code.
     */
    @Benchmark
    public int outboundEstablished()
    {
        final int h = order[cursor++ & (ORDER_LENGTH - 1)];
        final int session = table.lookupOutbound(
            path[h], NatProtocol.TCP, insideIp[h], insidePort[h], remoteIp[h], remotePort);
        table.onPacket(session, FlowDirection.OUTBOUND, TcpFlags.ACK, NOW_NS);
        return session;
    }

    /**
     * An inbound data segment of an established flow.
     *
     * @return the session, so the work is not dead code.
     */
    @Benchmark
    public int inboundEstablished()
    {
        final int h = order[cursor++ & (ORDER_LENGTH - 1)];
        final int session = table.lookupInbound(
            path[h], NatProtocol.TCP, outsideIp[h], outsidePort[h], remoteIp[h], remotePort);
        table.onPacket(session, FlowDirection.INBOUND, TcpFlags.ACK, NOW_NS);
        return session;
    }

    /**
     * The same packet selection without the table: the cost of the benchmark's own array reads, to subtract.
     *
     * @return a value derived from the selected flow.
     */
    @Benchmark
    public int baselineSelectFlow()
    {
        final int h = order[cursor++ & (ORDER_LENGTH - 1)];
        return path[h] + insideIp[h] + insidePort[h] + remoteIp[h];
    }
}

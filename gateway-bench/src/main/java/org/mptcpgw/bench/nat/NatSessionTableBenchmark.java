package org.mptcpgw.bench.nat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatProtocol;
import org.mptcpgw.nat.NatSessionTable;
import org.mptcpgw.nat.SessionLookupBatch;
import org.mptcpgw.nat.TcpFlags;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of an established flow: the exact lookup plus {@code onPacket}, outbound and inbound, with the
 * table holding a million established TCP sessions (each its own mapping, 16 paths) and packets drawn at random
 * from 100,000 hot flows, so indexes and records miss the private caches as they would under real traffic. The
 * batch variants look up a vector of 32 packets at once ({@link SessionLookupBatch}) and report time per packet.
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
    private static final int BATCH = 32;
    private static final long NOW_NS = 1L << 40;
    private static final int FLOW_STRIDE = 8;
    private static final int PATH = 0;
    private static final int INSIDE_IP = 1;
    private static final int INSIDE_PORT = 2;
    private static final int REMOTE_IP = 3;
    private static final int REMOTE_PORT = 4;
    private static final int OUTSIDE_IP = 5;
    private static final int OUTSIDE_PORT = 6;

    /** Sessions in the table. */
    @Param({"1000000"})
    public int sessions;

    /** Flows the packets are drawn from. */
    @Param({"100000"})
    public int hotFlows;

    private NatSessionTable table;
    private int[] flows;
    private int[] order;
    private int cursor;
    private final SessionLookupBatch batch = new SessionLookupBatch(BATCH);

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
        // One 32-byte row per flow, like the header fields of a packet: the harness reads one line per packet.
        flows = new int[hotFlows * FLOW_STRIDE];
        for (int h = 0; h < hotFlows; h++)
        {
            final int i = hot[h];
            final int row = h * FLOW_STRIDE;
            flows[row + PATH] = SessionTableFill.path(i);
            flows[row + INSIDE_IP] = SessionTableFill.insideIp(i);
            flows[row + INSIDE_PORT] = SessionTableFill.insidePort(i);
            flows[row + REMOTE_IP] = SessionTableFill.remoteIp(i);
            flows[row + REMOTE_PORT] = SessionTableFill.remotePort();
            flows[row + OUTSIDE_IP] = table.outsideIp(created[i]);
            flows[row + OUTSIDE_PORT] = table.outsidePort(created[i]);
        }
        order = SessionTableFill.randomIndexes(ORDER_LENGTH, hotFlows, random);
        for (int i = 0; i < ORDER_LENGTH; i++)
        {
            order[i] *= FLOW_STRIDE;
        }
    }

    /**
     * An outbound data segment of an established flow.
     *
     * @return the session, so the work is not dead code.
     */
    @Benchmark
    public int outboundEstablished()
    {
        final int[] flows = this.flows;
        final int row = order[cursor++ & (ORDER_LENGTH - 1)];
        final int session = table.lookupOutbound(flows[row + PATH], NatProtocol.TCP, flows[row + INSIDE_IP],
            flows[row + INSIDE_PORT], flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
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
        final int[] flows = this.flows;
        final int row = order[cursor++ & (ORDER_LENGTH - 1)];
        final int session = table.lookupInbound(flows[row + PATH], NatProtocol.TCP, flows[row + OUTSIDE_IP],
            flows[row + OUTSIDE_PORT], flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        table.onPacket(session, FlowDirection.INBOUND, TcpFlags.ACK, NOW_NS);
        return session;
    }

    /**
     * Outbound data segments of established flows, looked up 32 at a time.
     *
     * @return a session, so the work is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int outboundEstablishedBatch()
    {
        final int[] flows = this.flows;
        final SessionLookupBatch batch = this.batch.clear();
        for (int k = 0; k < BATCH; k++)
        {
            final int row = order[cursor++ & (ORDER_LENGTH - 1)];
            batch.add(flows[row + PATH], NatProtocol.TCP, flows[row + INSIDE_IP], flows[row + INSIDE_PORT],
                flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        }
        table.lookupOutbound(batch);
        int last = 0;
        for (int k = 0; k < BATCH; k++)
        {
            last = batch.session(k);
            table.onPacket(last, FlowDirection.OUTBOUND, TcpFlags.ACK, NOW_NS);
        }
        return last;
    }

    /**
     * Inbound data segments of established flows, looked up 32 at a time.
     *
     * @return a session, so the work is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int inboundEstablishedBatch()
    {
        final int[] flows = this.flows;
        final SessionLookupBatch batch = this.batch.clear();
        for (int k = 0; k < BATCH; k++)
        {
            final int row = order[cursor++ & (ORDER_LENGTH - 1)];
            batch.add(flows[row + PATH], NatProtocol.TCP, flows[row + OUTSIDE_IP], flows[row + OUTSIDE_PORT],
                flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        }
        table.lookupInbound(batch);
        int last = 0;
        for (int k = 0; k < BATCH; k++)
        {
            last = batch.session(k);
            table.onPacket(last, FlowDirection.INBOUND, TcpFlags.ACK, NOW_NS);
        }
        return last;
    }

    /**
     * The same packet selection without the table: the cost of the harness's own reads, to compare against.
     *
     * @return a value derived from the selected flow.
     */
    @Benchmark
    public int baselineSelectFlow()
    {
        final int[] flows = this.flows;
        final int row = order[cursor++ & (ORDER_LENGTH - 1)];
        return flows[row + PATH] + flows[row + INSIDE_IP] + flows[row + INSIDE_PORT] + flows[row + REMOTE_IP] +
            flows[row + REMOTE_PORT];
    }
}

package org.mptcpgw.bench.nat;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.gateway.pipeline.HeaderRewriter;
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

import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Established-flow translation, what issue 7 asks at least 20 Mpps of per core: for each packet, the exact
 * session lookup, the session's state update ({@code onPacket}), and the rewrite of the frame in place with the
 * production {@link HeaderRewriter#translate}: source (outbound) or destination (inbound) address and port, TTL, with
 * incremental IPv4 and TCP checksums (RFC 1624). Frames are 64-byte TCP segments in direct memory, one per slot of
 * a 32-frame vector as a port hands them out; before each packet the harness writes the flow's endpoint into the
 * frame (as the sender did), so every rewrite changes real bytes. Packets are drawn at random from {@code hotFlows}
 * flows of a table holding {@code sessions} sessions (16 paths, each session its own mapping). The batch variants
 * look the 32 keys of a vector up together ({@link SessionLookupBatch}), as a worker has a vector in hand.
 * Run with {@code -prof gc}: 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class NatTranslateBenchmark
{
    private static final int ORDER_LENGTH = 1 << 20;
    private static final int VECTOR = 32;
    private static final int FRAME_BYTES = 64;
    private static final long NOW_NS = 1L << 40;
    private static final int FLOW_STRIDE = 8;
    private static final int PATH = 0;
    private static final int INSIDE_IP = 1;
    private static final int INSIDE_PORT = 2;
    private static final int REMOTE_IP = 3;
    private static final int REMOTE_PORT = 4;
    private static final int OUTSIDE_IP = 5;
    private static final int OUTSIDE_PORT = 6;
    private static final int L3 = EthernetFlyweight.MIN_HEADER_LENGTH;
    private static final int L4 = L3 + Ipv4Flyweight.MIN_HEADER_LENGTH;
    private static final int SEGMENT = Ipv4Flyweight.MIN_HEADER_LENGTH + TcpFlyweight.MIN_HEADER_LENGTH + 10;

    /** Sessions in the table. */
    @Param({"10000", "100000", "1000000"})
    public int sessions;

    /** Most flows the packets are drawn from (all of them in a smaller table). */
    @Param({"100000"})
    public int hotFlows;

    private NatSessionTable table;
    private int[] flows;
    private int[] order;
    private int cursor;
    private final SessionLookupBatch batch = new SessionLookupBatch(VECTOR);
    private final UnsafeBuffer vector = new UnsafeBuffer(BufferUtil.allocateDirectAligned(VECTOR * FRAME_BYTES, 64));
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /**
     * Fill the table, pick the hot flows, build the frames.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        table = SessionTableFill.emptyTable(sessions, NOW_NS);
        final int[] created = SessionTableFill.fill(table, sessions, NOW_NS);
        final SplittableRandom random = new SplittableRandom(0x7A45L);
        final int hot = Math.min(hotFlows, sessions);
        final int[] picked = SessionTableFill.randomIndexes(hot, sessions, random);
        flows = new int[hot * FLOW_STRIDE];
        for (int h = 0; h < hot; h++)
        {
            final int i = picked[h];
            final int row = h * FLOW_STRIDE;
            flows[row + PATH] = SessionTableFill.path(i);
            flows[row + INSIDE_IP] = SessionTableFill.insideIp(i);
            flows[row + INSIDE_PORT] = SessionTableFill.insidePort(i);
            flows[row + REMOTE_IP] = SessionTableFill.remoteIp(i);
            flows[row + REMOTE_PORT] = SessionTableFill.remotePort();
            flows[row + OUTSIDE_IP] = table.outsideIp(created[i]);
            flows[row + OUTSIDE_PORT] = table.outsidePort(created[i]);
        }
        order = SessionTableFill.randomIndexes(ORDER_LENGTH, hot, random);
        for (int i = 0; i < ORDER_LENGTH; i++)
        {
            order[i] *= FLOW_STRIDE;
        }
        for (int k = 0; k < VECTOR; k++)
        {
            frame.wrap(vector, k * FRAME_BYTES, FRAME_BYTES);
            new EthernetFlyweight().wrap(frame, 0).destination(0x0200_0000_0002L).source(0x0200_0000_0001L)
                .etherType(EtherType.IPV4);
            new Ipv4Flyweight().wrap(frame, L3).versionAndHeaderLength(20).tos(0).totalLength(SEGMENT)
                .identification(k).flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DF).ttl(64).protocol(IpProtocol.TCP)
                .checksum(0).source(0xC000_0202).destination(0xCB00_7164).updateChecksum();
            new TcpFlyweight().wrap(frame, L4).sourcePort(40000).destinationPort(443).sequence(k)
                .acknowledgment(1).headerLengthAndFlags(TcpFlyweight.MIN_HEADER_LENGTH, TcpFlyweight.ACK).window(502)
                .urgentPointer(0).checksum(0);
            frame.putShort(L4 + TcpFlyweight.CHECKSUM_OFFSET, (short)Checksums.transportChecksumIpv4(frame, L4,
                SEGMENT - Ipv4Flyweight.MIN_HEADER_LENGTH, TcpFlyweight.CHECKSUM_OFFSET, 0xC000_0202, 0xCB00_7164,
                IpProtocol.TCP), ByteOrder.BIG_ENDIAN);
        }
    }

    /**
     * Outbound, one packet: lookup, state, rewrite of the source to the outside endpoint.
     *
     * @return the new TCP checksum, so the work is not dead code.
     */
    @Benchmark
    public int outbound()
    {
        final int row = order[cursor++ & (ORDER_LENGTH - 1)];
        final UnsafeBuffer f = frame;
        f.wrap(vector, (cursor & (VECTOR - 1)) * FRAME_BYTES, FRAME_BYTES);
        arriveOutbound(f, row);
        final int[] flows = this.flows;
        final int session = table.lookupOutbound(flows[row + PATH], NatProtocol.TCP, flows[row + INSIDE_IP],
            flows[row + INSIDE_PORT], flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        table.onPacket(session, FlowDirection.OUTBOUND, TcpFlags.ACK, NOW_NS);
        return translateOut(f, session);
    }

    /**
     * Inbound, one packet: lookup, state, rewrite of the destination to the inside endpoint.
     *
     * @return the new TCP checksum.
     */
    @Benchmark
    public int inbound()
    {
        final int row = order[cursor++ & (ORDER_LENGTH - 1)];
        final UnsafeBuffer f = frame;
        f.wrap(vector, (cursor & (VECTOR - 1)) * FRAME_BYTES, FRAME_BYTES);
        arriveInbound(f, row);
        final int[] flows = this.flows;
        final int session = table.lookupInbound(flows[row + PATH], NatProtocol.TCP, flows[row + OUTSIDE_IP],
            flows[row + OUTSIDE_PORT], flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        table.onPacket(session, FlowDirection.INBOUND, TcpFlags.ACK, NOW_NS);
        return translateIn(f, session);
    }

    /**
     * Outbound, a vector of 32 packets: keys gathered, looked up together, then state and rewrite per packet.
     *
     * @return the last checksum.
     */
    @Benchmark
    @OperationsPerInvocation(VECTOR)
    public int outboundVector()
    {
        final int[] flows = this.flows;
        final SessionLookupBatch batch = this.batch.clear();
        final UnsafeBuffer f = frame;
        for (int k = 0; k < VECTOR; k++)
        {
            final int row = order[cursor++ & (ORDER_LENGTH - 1)];
            f.wrap(vector, k * FRAME_BYTES, FRAME_BYTES);
            arriveOutbound(f, row);
            batch.add(flows[row + PATH], NatProtocol.TCP, flows[row + INSIDE_IP], flows[row + INSIDE_PORT],
                flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        }
        table.lookupOutbound(batch);
        int last = 0;
        for (int k = 0; k < VECTOR; k++)
        {
            final int session = batch.session(k);
            table.onPacket(session, FlowDirection.OUTBOUND, TcpFlags.ACK, NOW_NS);
            f.wrap(vector, k * FRAME_BYTES, FRAME_BYTES);
            last = translateOut(f, session);
        }
        return last;
    }

    /**
     * Inbound, a vector of 32 packets.
     *
     * @return the last checksum.
     */
    @Benchmark
    @OperationsPerInvocation(VECTOR)
    public int inboundVector()
    {
        final int[] flows = this.flows;
        final SessionLookupBatch batch = this.batch.clear();
        final UnsafeBuffer f = frame;
        for (int k = 0; k < VECTOR; k++)
        {
            final int row = order[cursor++ & (ORDER_LENGTH - 1)];
            f.wrap(vector, k * FRAME_BYTES, FRAME_BYTES);
            arriveInbound(f, row);
            batch.add(flows[row + PATH], NatProtocol.TCP, flows[row + OUTSIDE_IP], flows[row + OUTSIDE_PORT],
                flows[row + REMOTE_IP], flows[row + REMOTE_PORT]);
        }
        table.lookupInbound(batch);
        int last = 0;
        for (int k = 0; k < VECTOR; k++)
        {
            final int session = batch.session(k);
            table.onPacket(session, FlowDirection.INBOUND, TcpFlags.ACK, NOW_NS);
            f.wrap(vector, k * FRAME_BYTES, FRAME_BYTES);
            last = translateIn(f, session);
        }
        return last;
    }

    /** The sender's endpoint in the frame (the checksums are not redone: only the rewrite's arithmetic counts). */
    private void arriveOutbound(final UnsafeBuffer f, final int row)
    {
        f.putInt(L3 + Ipv4Flyweight.SOURCE_OFFSET, flows[row + INSIDE_IP], ByteOrder.BIG_ENDIAN);
        f.putShort(L4 + TcpFlyweight.SOURCE_PORT_OFFSET, (short)flows[row + INSIDE_PORT], ByteOrder.BIG_ENDIAN);
        f.putByte(L3 + Ipv4Flyweight.TTL_OFFSET, (byte)64);
    }

    private void arriveInbound(final UnsafeBuffer f, final int row)
    {
        f.putInt(L3 + Ipv4Flyweight.DESTINATION_OFFSET, flows[row + OUTSIDE_IP], ByteOrder.BIG_ENDIAN);
        f.putShort(L4 + TcpFlyweight.DESTINATION_PORT_OFFSET, (short)flows[row + OUTSIDE_PORT],
            ByteOrder.BIG_ENDIAN);
        f.putByte(L3 + Ipv4Flyweight.TTL_OFFSET, (byte)64);
    }

    private int translateOut(final UnsafeBuffer f, final int session)
    {
        final NatSessionTable table = this.table;
        HeaderRewriter.translate(f, L3, L4, IpProtocol.TCP, true, table.outsideIp(session), table.outsidePort(session),
            false);
        return f.getShort(L4 + TcpFlyweight.CHECKSUM_OFFSET);
    }

    private int translateIn(final UnsafeBuffer f, final int session)
    {
        final NatSessionTable table = this.table;
        HeaderRewriter.translate(f, L3, L4, IpProtocol.TCP, false, table.insideIp(session), table.insidePort(session),
            false);
        return f.getShort(L4 + TcpFlyweight.CHECKSUM_OFFSET);
    }
}

package org.mptcpgw.bench.pipeline;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptionWalker;
import org.mptcpgw.core.packet.TcpOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Classification with the MPTCP lookup, as the classify, flow and session stages do it for the two kinds of frames
 * they tell apart: a data segment (headers parsed once, TCP options not walked, as the fast path does) and an
 * MP_JOIN SYN (options walked, MPTCP decoded, its token looked up among {@code connections} tracked connections).
 * Frames are drawn at random from 4096 different frames in direct memory, tokens of random connections. Nanoseconds
 * per frame; run with {@code -prof gc} to see 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class ClassifyBenchmark
{
    private static final int FRAMES = 4096;
    private static final int SLOT = 128;

    /** MPTCP connections tracked. */
    @Param({"50000"})
    public int connections;

    private final PacketParser headers = new PacketParser().parseTcpOptions(false);
    private final ParsedPacket packet = new ParsedPacket();
    private final TcpOptions options = new TcpOptions();
    private final MptcpOptions mptcp = new MptcpOptions();
    private MptcpConnectionTable table;
    private UnsafeBuffer joins;
    private UnsafeBuffer data;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private int[] joinLengths;
    private int dataLength;
    private int next;

    /**
     * Track the connections and write the frames.
     */
    @Setup
    public void setUp()
    {
        table = new MptcpConnectionTable(Math.max(16, 2 * connections), 2, new NoEvents());
        final MptcpCrypto crypto = new MptcpCrypto();
        final SplittableRandom random = new SplittableRandom(0xC1A5_51F1L);
        final int[] tokens = new int[connections];
        for (int c = 0; c < connections; c++)
        {
            final int conn = table.onCapableSyn(MptcpCrypto.VERSION_1, 0, PipelineRig.hostIp(c),
                PipelineRig.initialPort(c), PipelineRig.SERVER, PipelineRig.SERVER_PORT, 0, 0);
            final long key = random.nextLong();
            tokens[c] = crypto.token(key, MptcpCrypto.VERSION_1);
            table.onCapableSynAck(conn, MptcpCrypto.VERSION_1, key, tokens[c], 0);
        }
        final FrameBuilder builder = new FrameBuilder();
        joins = new UnsafeBuffer(BufferUtil.allocateDirectAligned(FRAMES * SLOT, 64));
        joinLengths = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++)
        {
            final int c = random.nextInt(connections);
            joinLengths[i] = builder.tcp(joins, i * SLOT, PipelineRig.ROUTER1_MAC, PipelineRig.hostMac(c),
                PipelineRig.hostIp(c), PipelineRig.SERVER, PipelineRig.joinPort(c), PipelineRig.SIGNAL_PORT,
                TcpFlyweight.SYN, c, 0, FrameBuilder.mpJoinSyn(tokens[c], c), 0);
        }
        data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
        dataLength = builder.tcp(data, 0, PipelineRig.ROUTER1_MAC, PipelineRig.hostMac(0), PipelineRig.hostIp(0),
            PipelineRig.SERVER, PipelineRig.initialPort(0), PipelineRig.SERVER_PORT,
            TcpFlyweight.ACK | TcpFlyweight.PSH, 1, 1, null, 1460);
        if (MptcpConnectionTable.NONE == mpJoinSyn() || dataSegment() < 0)
        {
            throw new IllegalStateException("benchmark frames do not classify");
        }
    }

    /**
     * @return the connection of a random MP_JOIN SYN's token.
     */
    @Benchmark
    public int mpJoinSyn()
    {
        final int i = next++ & (FRAMES - 1);
        frame.wrap(joins, i * SLOT, joinLengths[i]);
        if (ParseStatus.OK != headers.parseEthernet(frame, 0, joinLengths[i], packet))
        {
            return -2;
        }
        TcpOptionWalker.walkHeader(frame, packet.l4Offset(), packet.tcpHeaderLength(), options);
        if (!options.has(TcpOptions.MPTCP) ||
            0 == (MptcpOptionParser.parseAll(frame, options, packet.tcpFlags(), mptcp) & MptcpOptions.MP_JOIN))
        {
            return -3;
        }
        return table.lookupToken(mptcp.joinToken());
    }

    /**
     * @return the destination port of a 1514-byte data segment (headers only, as on the fast path).
     */
    @Benchmark
    public int dataSegment()
    {
        if (ParseStatus.OK != headers.parseEthernet(data, 0, dataLength, packet))
        {
            return -1;
        }
        return packet.destinationPort();
    }

    private static final class NoEvents implements MptcpConnectionTable.Listener
    {
        @Override
        public void onTracked(final MptcpConnectionTable table, final int conn)
        {
        }

        @Override
        public void onSubflowAdded(final MptcpConnectionTable table, final int conn, final int path)
        {
        }

        @Override
        public void onEnded(final MptcpConnectionTable table, final int conn, final int cause)
        {
        }
    }
}

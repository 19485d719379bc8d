package org.mptcpgw.bench.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per frame to parse Ethernet + IPv4 + TCP + TCP options and decode the MPTCP options, for a SYN with
 * MP_CAPABLE and for a 1500-byte segment with DSS (goal: at most 25 ns). Run with {@code -prof gc} to see that
 * B/op is zero. Each benchmark returns the parse result so that nothing is optimised away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PacketParserBenchmark
{
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket packet = new ParsedPacket();
    private final MptcpOptions mptcp = new MptcpOptions();
    private UnsafeBuffer syn;
    private UnsafeBuffer data;

    /**
     * Build the frames in direct memory.
     */
    @Setup
    public void setUp()
    {
        syn = BenchFrames.synWithMpCapable();
        data = BenchFrames.dataWithDss();
        if (MptcpOptions.MP_CAPABLE != synWithMpCapable() || MptcpOptions.DSS != dataWithDss1500())
        {
            throw new IllegalStateException("benchmark frames do not parse: " + packet);
        }
    }

    /**
     * @return MPTCP presence bits of a SYN with MP_CAPABLE.
     */
    @Benchmark
    public int synWithMpCapable()
    {
        return parse(syn);
    }

    /**
     * @return MPTCP presence bits of a 1500-byte data segment with DSS.
     */
    @Benchmark
    public int dataWithDss1500()
    {
        return parse(data);
    }

    /**
     * @return status of the layer 2-4 parse of the DSS segment alone (TCP options walked, MPTCP not decoded).
     */
    @Benchmark
    public int dataWithDss1500HeadersOnly()
    {
        return parser.parseEthernet(data, 0, data.capacity(), packet).ordinal();
    }

    private int parse(final UnsafeBuffer frame)
    {
        if (ParseStatus.OK != parser.parseEthernet(frame, 0, frame.capacity(), packet))
        {
            return -1;
        }
        return MptcpOptionParser.parseAll(frame, packet.tcpOptions(), packet.tcpFlags(), mptcp);
    }
}

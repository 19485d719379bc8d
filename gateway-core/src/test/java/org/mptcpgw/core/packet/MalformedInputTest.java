package org.mptcpgw.core.packet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.pcap.CaptureFrames;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never throws and is never read outside its frame. Every buffer wraps exactly the frame's bytes, so
 * Agrona's bounds checks (on by default) turn any over-read into an exception that fails the property.
 * About 1.2 million cases in total: random bytes through every entry point, mutated and cut real frames from the
 * captures, random TCP option areas, and mutated MPTCP options.
 */
class MalformedInputTest
{
    private static final List<CaptureFrames.Frame> FRAMES = CaptureFrames.all();

    private final PacketParser strict = new PacketParser();
    private final PacketParser lenient = new PacketParser().allowTruncated(true);
    private final ParsedPacket packet = new ParsedPacket();
    private final MptcpOptions mptcp = new MptcpOptions();
    private final TcpOptions tcpOptions = new TcpOptions();

    @Property(tries = 300_000, shrinking = ShrinkingMode.FULL)
    void shouldClassifyRandomBytesAtEveryEntryPoint(@ForAll @Size(max = 160) final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        for (final int linkType : new int[]{ParsedPacket.LINK_ETHERNET, ParsedPacket.LINK_LINUX_SLL,
            ParsedPacket.LINK_RAW})
        {
            parseEverything(strict, linkType, buffer);
            parseEverything(lenient, linkType, buffer);
        }
    }

    @Property(tries = 400_000)
    void shouldClassifyMutatedAndCutCaptureFrames(
        @ForAll @IntRange(min = 0, max = 100_000) final int frameChoice, @ForAll final long seed)
    {
        final CaptureFrames.Frame frame = FRAMES.get(frameChoice % FRAMES.size());
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] bytes = frame.bytes.clone();
        final int mutations = random.nextInt(5);
        // Mutate where it matters most: the first 120 bytes hold every header and the TCP options.
        final int window = Math.min(bytes.length, 120);
        for (int i = 0; i < mutations && window > 0; i++)
        {
            bytes[random.nextInt(window)] = (byte)random.nextInt(256);
        }
        final int length = random.nextBoolean() ? bytes.length : random.nextInt(bytes.length + 1);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes, 0, length);
        parseEverything(strict, frame.linkType, buffer);
        parseEverything(lenient, frame.linkType, buffer);
    }

    @Property(tries = 300_000)
    void shouldWalkAnyOptionsArea(
        @ForAll @Size(max = 40) final byte[] area, @ForAll @IntRange(min = 0, max = 0x1FF) final int tcpFlags)
    {
        // Bias towards MPTCP: make kind 30 frequent so that the subtype parsers see random bodies.
        for (int i = 0; i + 1 < area.length; i += 7)
        {
            if (0 == (area[i] & 1))
            {
                area[i] = (byte)TcpOptions.KIND_MPTCP;
            }
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(area);
        TcpOptionWalker.walk(buffer, 0, area.length, tcpOptions);
        MptcpOptionParser.parseAll(buffer, tcpOptions, tcpFlags, mptcp);
        assertTrue(tcpOptions.mptcpCount() <= TcpOptions.MAX_MPTCP_OPTIONS);
    }

    @Property(tries = 200_000)
    void shouldParseAnyMptcpOptionBody(
        @ForAll @IntRange(min = 0, max = 15) final int subtype,
        @ForAll @IntRange(min = 2, max = 40) final int length,
        @ForAll @Size(min = 40, max = 40) final byte[] body,
        @ForAll @IntRange(min = 0, max = 0x1FF) final int tcpFlags)
    {
        body[0] = (byte)TcpOptions.KIND_MPTCP;
        body[1] = (byte)length;
        body[2] = (byte)((subtype << 4) | (body[2] & 0x0F));
        final UnsafeBuffer option = new UnsafeBuffer(body, 0, length);
        final int result = MptcpOptionParser.parseOne(option, 0, length, tcpFlags, mptcp);
        assertTrue(result >= MptcpOptionParser.RESULT_MALFORMED && result <= MptcpOptions.SUBTYPE_MP_TCPRST);
    }

    private void parseEverything(final PacketParser parser, final int linkType, final UnsafeBuffer buffer)
    {
        final ParseStatus status = parser.parse(linkType, buffer, 0, buffer.capacity(), packet);
        assertNotNull(status);
        if (status.isOk())
        {
            assertTrue(packet.l3Offset() <= buffer.capacity());
            assertTrue(packet.payloadOffset() + packet.payloadLength() <= buffer.capacity());
            if (4 == packet.ipVersion() && packet.l3Offset() >= 0)
            {
                Checksums.ipv4HeaderValid(buffer, packet.l3Offset(), packet.ipHeaderLength());
            }
            if (IpProtocol.TCP == packet.protocol() && packet.tcpHeaderLength() > 0)
            {
                MptcpOptionParser.parseAll(buffer, packet.tcpOptions(), packet.tcpFlags(), mptcp);
            }
        }
        packet.toString();
    }
}

package org.mptcpgw.core.pcap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.port.FrameVector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapFilePortTest
{
    private static final long PORT_MAC = 0x0200_0000_0AFEL;
    private static final long NOW_NS = 0x1234_5678L;

    private Path dir;

    @BeforeEach
    void createDirectory() throws IOException
    {
        dir = Files.createTempDirectory("pcap-port-");
    }

    @AfterEach
    void deleteDirectory() throws IOException
    {
        try (var files = Files.list(dir))
        {
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void shouldReplayAnEthernetCaptureUnchangedWithItsTimestamps() throws IOException
    {
        final Path in = CaptureFrames.DIRECTORY.resolve("tcpdump-mptcp-v0.pcap");
        final Path out = dir.resolve("out.pcap");
        final int frames = replay(in, out, 32);
        assertEquals(264, frames);
        // Output frames carry the capture time of the last frame of their batch: with batches of one frame the
        // timestamps come out unchanged.
        final Path single = dir.resolve("single.pcap");
        assertEquals(264, replay(in, single, 1));
        assertEquals(timestamps(in), timestamps(single));
        final List<byte[]> expected = read(in);
        final List<byte[]> actual = read(out);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), "frame " + (i + 1));
        }
    }

    @Test
    void shouldGiveLinuxCookedFramesASyntheticEthernetHeader() throws IOException
    {
        final Path in = CaptureFrames.DIRECTORY.resolve("tcpdump-mptcp-v1.pcap");
        try (PcapFilePort port = new PcapFilePort("v1", in, null, 64, PcapFilePort.DEFAULT_SLOT_SIZE, PORT_MAC))
        {
            assertEquals(ParsedPacket.LINK_LINUX_SLL, port.inputLinkType());
            final FrameVector vector = new FrameVector(64);
            assertEquals(20, port.receive(vector, 3, NOW_NS));
            final List<CaptureFrames.Frame> originals = new ArrayList<>();
            for (final CaptureFrames.Frame f : CaptureFrames.all())
            {
                if ("tcpdump-mptcp-v1.pcap".equals(f.file))
                {
                    originals.add(f);
                }
            }
            final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
            final ParsedPacket packet = new ParsedPacket();
            for (int i = 0; i < vector.count(); i++)
            {
                vector.wrap(i, frame);
                final byte[] sll = originals.get(i).bytes;
                assertEquals(sll.length - 16 + 14, vector.length(i));
                assertEquals(PORT_MAC, EthernetFlyweight.mac(frame, 0));
                assertEquals(EthernetFlyweight.mac(new UnsafeBuffer(sll), 6), EthernetFlyweight.mac(frame, 6));
                assertEquals(EtherType.IPV4, EthernetFlyweight.etherType(frame, 0));
                final byte[] l3 = new byte[vector.length(i) - 14];
                frame.getBytes(14, l3);
                assertArrayEquals(Arrays.copyOfRange(sll, 16, sll.length), l3);
                assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(frame, 0, vector.length(i), packet));
                assertEquals(3, vector.rxPort(i));
            }
            // The GSO super-frame of 7176 bytes fits a default slot.
            assertEquals(7176 + 14, vector.length(3));
            assertTrue(port.endOfInput() || 0 == port.receive(new FrameVector(1), 0, NOW_NS));
        }
    }

    @Test
    void shouldGiveRawIpFramesASyntheticEthernetHeader() throws IOException
    {
        final Path in = CaptureFrames.DIRECTORY.resolve("tcpdump-mptcp-tcprst.pcap");
        try (PcapFilePort port = new PcapFilePort("raw", in, null, 8, 2048, PORT_MAC))
        {
            final FrameVector vector = new FrameVector(8);
            assertEquals(2, port.receive(vector, 0, NOW_NS));
            final UnsafeBuffer frame = vector.wrap(0, new UnsafeBuffer(0, 0));
            assertEquals(44 + 14, vector.length(0));
            assertEquals(0, EthernetFlyweight.mac(frame, 6));
            assertEquals(EtherType.IPV4, EthernetFlyweight.etherType(frame, 0));
            assertEquals(0x45, frame.getByte(14));
            assertTrue(port.endOfInput() || 0 == port.receive(vector, 0, NOW_NS));
        }
    }

    @Test
    void shouldFlagFramesCutBySnapLengthOrSlotSize() throws IOException
    {
        try (PcapFilePort port = new PcapFilePort("oobr", CaptureFrames.DIRECTORY.resolve(
            "tcpdump-mptcp-dss-oobr.pcap"), null, 4, 2048, PORT_MAC))
        {
            final FrameVector vector = new FrameVector(4);
            assertEquals(1, port.receive(vector, 0, NOW_NS));
            assertEquals(73, vector.length(0));
            assertEquals(FrameVector.FLAG_TRUNCATED, vector.flags(0));
            assertEquals(1, port.framesTruncated());
        }
        try (PcapFilePort port = new PcapFilePort("small", CaptureFrames.DIRECTORY.resolve(
            "tcpdump-mptcp-v0.pcap"), null, 4, 64, PORT_MAC))
        {
            final FrameVector vector = new FrameVector(4);
            assertEquals(4, port.receive(vector, 0, NOW_NS));
            assertEquals(64, vector.length(0));
            assertEquals(FrameVector.FLAG_TRUNCATED, vector.flags(0));
        }
    }

    @Test
    void shouldHandOutAtMostItsSlotsUntilReleasedAndStampCaptureOrAgentTime() throws IOException
    {
        try (PcapFilePort port = new PcapFilePort("batches", CaptureFrames.DIRECTORY.resolve(
            "tcpdump-mptcp-v0.pcap"), null, 6, 2048, PORT_MAC))
        {
            final FrameVector vector = new FrameVector(4);
            assertEquals(4, port.receive(vector, 0, NOW_NS));
            assertEquals(1_361_796_995_701_161_000L, vector.timestampNs(0));
            final FrameVector more = new FrameVector(4);
            assertEquals(2, port.receive(more, 0, NOW_NS));
            assertEquals(0, port.receive(new FrameVector(4), 0, NOW_NS));
            assertTrue(more.address(0) != vector.address(0));
            port.releaseReceived();
            port.useCaptureTime(false);
            final FrameVector next = new FrameVector(4);
            assertEquals(4, port.receive(next, 0, NOW_NS));
            assertEquals(NOW_NS, next.timestampNs(0));
            assertEquals(10, port.framesReceived());
            assertFalse(port.endOfInput());
        }
    }

    @Test
    void shouldRefuseClaimsItCannotHonour() throws IOException
    {
        try (PcapFilePort port = new PcapFilePort("tx", null, null, 2, 128, PORT_MAC))
        {
            assertTrue(port.endOfInput());
            assertEquals(0, port.receive(new FrameVector(4), 0, NOW_NS));
            assertEquals(0, port.claim(129));
            final long a = port.claim(60);
            assertTrue(0 != a);
            assertEquals(0, port.claim(60));
            assertThrows(IllegalStateException.class, () -> port.commit(a + 1, 60, 0));
            port.commit(a, 60, 0);
            port.commit(port.claim(60), 60, 0);
            assertEquals(0, port.claim(60));
            assertEquals(2, port.flush());
            assertEquals(2, port.framesWritten());
            assertTrue(0 != port.claim(60));
            assertEquals(0, port.vnetHeaderLength());
            assertEquals(128, port.maxFrameLength());
            assertEquals(PORT_MAC, port.macAddress());
        }
    }

    @Test
    void shouldWriteEveryLinkTypeWithTheRightFileHeader() throws IOException
    {
        final byte[] ip = Files.readAllBytes(CaptureFrames.DIRECTORY.resolve("tcpdump-mptcp-tcprst.pcap"));
        for (final int linkType : new int[]{ParsedPacket.LINK_ETHERNET, ParsedPacket.LINK_LINUX_SLL,
            ParsedPacket.LINK_RAW})
        {
            final Path file = dir.resolve("w" + linkType + ".pcap");
            try (PcapWriter writer = PcapWriter.open(file, linkType, 65535, true))
            {
                writer.write(new UnsafeBuffer(ip), 40, 44, 1_620_829_639_175_792_123L);
                assertEquals(1, writer.frameCount());
            }
            final byte[] header = Files.readAllBytes(file);
            // Magic for nanosecond files, and the LINKTYPE_ value at offset 20 (little-endian on this host).
            assertEquals(0x4d, header[0] & 0xFF);
            assertEquals(linkType, (header[20] & 0xFF) | ((header[21] & 0xFF) << 8));
            try (PcapReader reader = PcapReader.open(file))
            {
                assertEquals(linkType, reader.linkType());
                assertTrue(reader.next());
                assertEquals(1_620_829_639_175_792_123L, reader.timestampNs());
                assertEquals(44, reader.capturedLength());
                assertFalse(reader.next());
            }
        }
    }

    private static int replay(final Path in, final Path out, final int batch) throws IOException
    {
        int frames = 0;
        try (PcapFilePort port = new PcapFilePort("replay", in, out, batch, PcapFilePort.DEFAULT_SLOT_SIZE, PORT_MAC))
        {
            final FrameVector vector = new FrameVector(batch);
            final UnsafeBuffer rx = new UnsafeBuffer(0, 0);
            final UnsafeBuffer tx = new UnsafeBuffer(0, 0);
            while (!port.endOfInput())
            {
                vector.clear();
                final int n = port.receive(vector, 0, 0);
                for (int i = 0; i < n; i++)
                {
                    vector.wrap(i, rx);
                    final long address = port.claim(vector.length(i));
                    tx.wrap(address, vector.length(i));
                    tx.putBytes(0, rx, 0, vector.length(i));
                    port.commit(address, vector.length(i), vector.flags(i));
                }
                frames += port.flush();
                port.releaseReceived();
            }
        }
        return frames;
    }

    private static List<byte[]> read(final Path file) throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file))
        {
            while (reader.next())
            {
                frames.add(reader.frame().clone());
            }
        }
        return frames;
    }

    private static List<Long> timestamps(final Path file) throws IOException
    {
        final List<Long> times = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file))
        {
            while (reader.next())
            {
                times.add(reader.timestampNs());
            }
        }
        return times;
    }
}

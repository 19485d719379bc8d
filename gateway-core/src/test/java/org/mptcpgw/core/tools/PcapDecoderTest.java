package org.mptcpgw.core.tools;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.pcap.CaptureFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapDecoderTest
{
    @Test
    void shouldPrintOneJsonObjectPerFrameWithAStableKeyOrder() throws IOException
    {
        final List<String> lines = decode("tcpdump-mptcp-v0.pcap");
        assertEquals(264, lines.size());
        for (final String line : lines)
        {
            final Map<String, Object> frame = MiniJson.object(line);
            assertEquals(List.of("frame", "time", "link", "length", "captured", "status"),
                new ArrayList<>(frame.keySet()).subList(0, 6));
        }
        final Map<String, Object> first = MiniJson.object(lines.get(0));
        assertEquals("1361796995.701161000", first.get("time"));
        assertEquals("ethernet", first.get("link"));
        assertEquals("10.2.1.2", first.get("src"));
        assertEquals("S", first.get("tcpFlagsText"));
        // tcpdump -nv: "mptcp 12 capable v0 csum {0x9c9eabd1e46a33b2}"; token_A from protocol.md 4.1.
        final Map<String, Object> capable = firstOption(first);
        assertEquals("MP_CAPABLE", capable.get("subtype"));
        assertEquals("0x9c9eabd1e46a33b2", capable.get("senderKey"));
        assertEquals("0xaf9706eb", capable.get("senderToken"));
        assertEquals(Boolean.TRUE, capable.get("checksumRequired"));
    }

    @Test
    void shouldPrintBothTokenVariantsForTheFastCloseKey() throws IOException
    {
        final Map<String, Object> frame = MiniJson.object(decode("tcpdump-mptcp-fclose.pcap").get(9));
        final Map<String, Object> fastClose = firstOption(frame);
        assertEquals("MP_FASTCLOSE", fastClose.get("subtype"));
        assertEquals("0xd005b1ab34bad344", fastClose.get("receiverKey"));
        assertTrue(fastClose.containsKey("tokenV0") && fastClose.containsKey("idsnV0"));
        assertTrue(fastClose.containsKey("tokenV1") && fastClose.containsKey("idsnV1"));
        // The same key appeared on the SYN/ACK (v0): its v0 token is the one printed there.
        final Map<String, Object> synAck = firstOption(MiniJson.object(decode("tcpdump-mptcp-fclose.pcap").get(3)));
        assertEquals(synAck.get("senderToken"), fastClose.get("tokenV0"));
    }

    @Test
    void shouldClassifyTheOutOfBoundsDssCapture() throws IOException
    {
        // tcpdump's mptcp-dss-oobr.pcap: a 3-byte DSS in a frame cut by a snap length of 73.
        final List<String> lines = decode("tcpdump-mptcp-dss-oobr.pcap");
        assertEquals(1, lines.size());
        final Map<String, Object> frame = MiniJson.object(lines.get(0));
        assertEquals("OK", frame.get("status"));
        assertEquals(Boolean.TRUE, frame.get("truncated"));
        final Map<String, Object> dss = firstOption(frame);
        assertEquals("DSS", dss.get("subtype"));
        assertEquals(Boolean.FALSE, dss.get("valid"));

        // On the data path (no truncation allowed) the same frame is a classified drop.
        final CaptureFrames.Frame oobr = CaptureFrames.find("tcpdump-mptcp-dss-oobr.pcap", 1);
        final ParsedPacket packet = new ParsedPacket();
        final UnsafeBuffer buffer = new UnsafeBuffer(oobr.bytes);
        assertEquals(ParseStatus.BAD_IP_LENGTH, new PacketParser().parseEthernet(buffer, 0, oobr.bytes.length,
            packet));
        new PacketParser().allowTruncated(true).parseEthernet(buffer, 0, oobr.bytes.length, packet);
        final MptcpOptions options = new MptcpOptions();
        assertEquals(0, MptcpOptionParser.parseAll(buffer, packet.tcpOptions(), packet.tcpFlags(), options));
        assertEquals(MptcpOptions.DSS, options.invalid());
    }

    @Test
    void shouldDecodeEveryCaptureWithoutErrors() throws IOException
    {
        for (final Path file : CaptureFrames.files())
        {
            for (final String line : decode(file.getFileName().toString()))
            {
                MiniJson.object(line);
            }
        }
    }

    @Test
    void shouldRejectAFileThatIsNotACapture()
    {
        assertThrows(IOException.class, () -> new PcapDecoder().decode(CaptureFrames.DIRECTORY.resolve("README.md"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOption(final Map<String, Object> frame)
    {
        return ((List<Map<String, Object>>)frame.get("mptcp")).get(0);
    }

    private static List<String> decode(final String name) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            new PcapDecoder().decode(CaptureFrames.DIRECTORY.resolve(name), out);
        }
        final List<String> lines = new ArrayList<>();
        for (final String line : bytes.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isEmpty())
            {
                lines.add(line);
            }
        }
        return lines;
    }
}

package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.pcap.PcapReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MPTCP tracker driven by real traffic: public captures (tcpdump's v0 and fast-close tests, ptcpdump's v1) and
 * the capture recorded from this kernel in the lab (v1, ADD_ADDR, joins from two addresses). Frames from the
 * connection's initiator enter on the LAN port, the others on the primary uplink; the gateway must learn the
 * server's key, compute its token and tie the joins to the connection.
 */
class CaptureTrackingTest
{
    static Path capture(final String name)
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("gateway-core")))
        {
            root = root.getParent();
        }
        return root.resolve("gateway-core/src/test/resources/captures").resolve(name);
    }

    /** Replay a capture; frames from the endpoint that sent a connection's SYN are LAN frames. */
    static PipelineHarness replay(final String name, final List<Integer> tokensSeen) throws IOException
    {
        final PipelineHarness gw = new PipelineHarness().resolved();
        final PacketParser parser = new PacketParser();
        final ParsedPacket packet = new ParsedPacket();
        final java.util.Set<Long> initiators = new java.util.HashSet<>();
        try (PcapReader reader = PcapReader.open(capture(name)))
        {
            while (reader.next())
            {
                final byte[] frame = java.util.Arrays.copyOf(reader.frame(), reader.capturedLength());
                if (!parser.parseEthernet(new UnsafeBuffer(frame), 0, frame.length, packet).isOk() ||
                    6 != packet.protocol())
                {
                    continue;
                }
                final long endpoint = ((long)packet.ipv4Source() << 16) | packet.sourcePort();
                if (0x002 == (packet.tcpFlags() & 0x012))
                {
                    initiators.add(endpoint);
                }
                frame[0] &= (byte)0xFE; // unicast destination: captured MACs may be anything
                gw.inject(initiators.contains(endpoint) ? gw.lan : gw.wan1, frame);
                gw.run();
                final MptcpConnectionTable table = gw.pipeline.context().connections();
                for (int c = 0; c < table.capacity(); c++)
                {
                    if (MptcpConnectionTable.ESTABLISHED == table.state(c) && !tokensSeen.contains(
                        table.serverToken(c)))
                    {
                        tokensSeen.add(table.serverToken(c));
                    }
                }
            }
        }
        return gw;
    }

    @Test
    void shouldTrackV0ConnectionAndTieItsJoinByToken() throws IOException
    {
        final List<Integer> tokens = new ArrayList<>();
        try (PipelineHarness gw = replay("tcpdump-mptcp-v0.pcap", tokens))
        {
            // RFC 6824: token of key B 0x967d2770b6960552 is 0xe47f0142, the token of the MP_JOIN in frame 8.
            assertEquals(List.of(0xE47F0142), tokens);
            assertEquals(0, gw.counter(CounterType.MPTCP_UNKNOWN_TOKENS));
            assertEquals(1, gw.counter(CounterType.MPTCP_JOINS, "path=isp2"), "the join goes to the other path");
            final MptcpConnectionTable table = gw.pipeline.context().connections();
            final int conn = table.lookupToken(0xE47F0142);
            assertNotEquals(MptcpConnectionTable.NONE, conn);
            assertEquals(0, table.version(conn));
            assertEquals(0x9C9EABD1E46A33B2L, table.hostKey(conn));
        }
    }

    @Test
    void shouldEndConnectionOnFastClose() throws IOException
    {
        final List<Integer> tokens = new ArrayList<>();
        try (PipelineHarness gw = replay("tcpdump-mptcp-fclose.pcap", tokens))
        {
            assertEquals(1, tokens.size());
            assertEquals(1, gw.counter(CounterType.MPTCP_FASTCLOSES));
            assertEquals(MptcpConnectionTable.NONE, gw.pipeline.context().connections().lookupToken(tokens.get(0)),
                "a fast-closed connection can no longer be joined");
        }
    }

    @Test
    void shouldTrackV1ConnectionFromPtcpdump() throws IOException
    {
        final List<Integer> tokens = new ArrayList<>();
        try (PipelineHarness gw = replay("ptcpdump-mptcp.pcap", tokens))
        {
            // protocol.md 4.1: key B 0xe356a8f252e41976 -> token 0x64a48c01 (SHA-256, v1).
            assertEquals(List.of(0x64A48C01), tokens);
            assertEquals(0, gw.counter(CounterType.MPTCP_FALLBACKS));
        }
    }

    @Test
    void shouldTieBothJoinsOfLabRecordingFromTheRealKernel() throws IOException
    {
        final List<Integer> tokens = new ArrayList<>();
        try (PipelineHarness gw = replay("lab-mptcp-v1.pcap", tokens))
        {
            assertTrue(tokens.contains(0x617B8D85), "token of the joins in the recording: " + tokens);
            assertEquals(0, gw.counter(CounterType.MPTCP_UNKNOWN_TOKENS));
            assertTrue(gw.counter(CounterType.MPTCP_JOINS) >= 2, "both joins placed");
        }
    }
}

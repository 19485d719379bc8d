package org.mptcpgw.gateway.golden;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.pcap.PcapWriter;
import org.mptcpgw.gateway.PcapReplay;
import org.mptcpgw.gateway.cli.ReplayCommand;
import org.mptcpgw.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden tests, Snabb lwAFTR style: for each scenario a configuration and an input capture go through the gateway's
 * pipeline offline ({@link PcapReplay}); the output capture must equal the checked-in one byte for byte and the
 * counters must equal the checked-in counters file. {@code -Dregenerate=true} rewrites the inputs (from
 * {@link GoldenScenarios}), outputs and counters; review the diff with {@code mptcp-gateway decode}.
 */
class GoldenReplayTest
{
    static Path goldenDir()
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("gateway-nat")))
        {
            root = root.getParent();
        }
        return root.resolve("gateway-nat/src/test/resources/golden");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "mptcp-join-on-second-path", "plain-tcp-passthrough", "arp", "icmp-errors", "ttl-and-mtu", "bad-input",
        "section-2.1-pinned-sources", "hairpin-udp", "fragments"})
    void shouldReplayScenarioExactly(final String scenario, @TempDir final Path temp) throws IOException
    {
        final Path dir = goldenDir().resolve(scenario);
        final boolean regenerate = Boolean.getBoolean("regenerate");
        if (regenerate)
        {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("gateway.properties"), GoldenScenarios.config(scenario));
            try (PcapWriter writer = PcapWriter.open(dir.resolve("in.pcap"), 1))
            {
                long t = 1_700_000_000_000_000_000L;
                for (final byte[] frame : GoldenScenarios.frames(scenario))
                {
                    writer.write(frame, t);
                    t += 1_000_000;
                }
            }
        }
        final Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(dir.resolve("gateway.properties"))));
        final GatewayConfig config = GatewayConfig.parse(properties);
        final Path out = temp.resolve("out.pcap");
        final PcapReplay.Result result = PcapReplay.replay(config, dir.resolve("in.pcap"), out);
        final String counters;
        try (GatewayCounters c = result.counters())
        {
            counters = String.join("\n", ReplayCommand.nonZero(c).values()) + "\n";
        }
        if (regenerate)
        {
            Files.copy(out, dir.resolve("out.pcap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("counters.txt"), counters, StandardCharsets.UTF_8);
        }
        assertTrue(result.framesIn() > 0);
        assertArrayEquals(Files.readAllBytes(dir.resolve("out.pcap")), Files.readAllBytes(out),
            scenario + ": output differs from golden out.pcap (compare with mptcp-gateway decode)");
        assertEquals(Files.readString(dir.resolve("counters.txt")), counters, scenario + ": counters differ");
        final List<String> lines = Files.readAllLines(dir.resolve("counters.txt"));
        assertTrue(lines.stream().anyMatch((l) -> l.startsWith("gateway.port.rx.packets")), "counters recorded");
    }
}

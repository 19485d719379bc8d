package org.mptcpgw.gateway.cli;

import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.PcapReplay;
import org.mptcpgw.gateway.config.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway replay IN.pcap OUT.pcap -c FILE}: the gateway's pipeline offline over a capture (no root),
 * for debugging traces and for golden tests; prints the counters that changed.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Run the pipeline offline over a capture and write what the gateway would transmit.")
public final class ReplayCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "IN.pcap", description = "Capture to replay (Ethernet).")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT.pcap", description = "Capture to write.")
    private Path output;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Configuration; set path.NAME.next-hop-mac so frames from each uplink are recognised.")
    private Path configFile;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call() throws IOException
    {
        final GatewayConfig config = GatewayConfig.load(configFile);
        final PcapReplay.Result result = PcapReplay.replay(config, input, output);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("replayed %d frames, wrote %d to %s%n", result.framesIn(), result.framesOut(), output);
        try (GatewayCounters counters = result.counters())
        {
            for (final String line : nonZero(counters).values())
            {
                out.println(line);
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * @param counters counters after a replay.
     * @return "label = value" for every non-zero counter, sorted by label.
     */
    public static TreeMap<String, String> nonZero(final GatewayCounters counters)
    {
        final TreeMap<String, Long> sums = new TreeMap<>();
        counters.reader().forEach((id, typeId, key, label) ->
        {
            final CounterType type = CounterType.get(typeId);
            final long value = counters.reader().getCounterValue(id);
            if (null != type && 0 != value && CounterType.Kind.COUNTER == type.kind())
            {
                sums.merge(label, value, Long::sum);
            }
        });
        final TreeMap<String, String> lines = new TreeMap<>();
        sums.forEach((label, value) -> lines.put(label, label + " = " + value));
        return lines;
    }
}

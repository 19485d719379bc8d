package org.mptcpgw.gateway.cli;

import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.metrics.StatusView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway status}: a live terminal view of a running gateway, read from its counters file (so it works
 * from any network namespace on the machine).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Live view of a running gateway: per-path throughput, subflows, sessions, health, top drops.")
public final class StatusCommand implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (for run.dir).")
    private Path configFile;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory of the gateway.")
    private Path runDir;

    @Option(names = "--once", description = "Print one snapshot (rates over --interval) and exit.")
    private boolean once;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
        description = "Refresh interval (default ${DEFAULT-VALUE}).")
    private String interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
        description = "Stop after N refreshes (0: until interrupted).")
    private int count;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call() throws InterruptedException
    {
        final Path dir = null != runDir ? runDir :
            Path.of(null != configFile ? GatewayConfig.load(configFile).string("run.dir") : "/run/mptcp-gateway");
        final Path file = dir.resolve(RunCommand.COUNTERS_FILE);
        final GatewayCounters.MappedReader mapped = GatewayCounters.openReader(file);
        if (null == mapped)
        {
            throw new StartupException("no counters at " + file + ": is the gateway running with run.dir=" + dir + "?");
        }
        final long intervalNs = org.mptcpgw.gateway.config.ValueType.parseDurationNs("--interval", interval);
        final PrintWriter out = spec.commandLine().getOut();
        StatusView.Snapshot previous = StatusView.Snapshot.read(mapped.reader(), System.nanoTime());
        final int rounds = once ? 1 : (count > 0 ? count : Integer.MAX_VALUE);
        for (int i = 0; i < rounds; i++)
        {
            Thread.sleep(Math.max(1, intervalNs / 1_000_000));
            final StatusView.Snapshot now = StatusView.Snapshot.read(mapped.reader(), System.nanoTime());
            final Duration up = Duration.ofMillis(System.currentTimeMillis() - mapped.startTimeMs());
            final String header = String.format("mptcp-gateway status  pid %d %s  up %dh%02dm%02ds  %s",
                mapped.pid(), mapped.writerAlive() ? "running" : "NOT RUNNING (last values)",
                up.toHours(), up.toMinutesPart(), up.toSecondsPart(), file);
            if (!once)
            {
                out.print("\033[H\033[2J");
            }
            out.print(StatusView.render(now, previous, header));
            out.flush();
            previous = now;
            if (!mapped.writerAlive() && !once)
            {
                return Main.EXIT_FAILURE;
            }
        }
        return Main.EXIT_OK;
    }
}

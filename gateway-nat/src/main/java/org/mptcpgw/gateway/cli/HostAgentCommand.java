package org.mptcpgw.gateway.cli;

import org.mptcpgw.gateway.config.ValueType;
import org.mptcpgw.hostagent.ConnectionFilter;
import org.mptcpgw.hostagent.HostAgentRunner;
import org.mptcpgw.hostagent.HostAgentSettings;
import org.mptcpgw.hostagent.IpPrefix;
import org.mptcpgw.hostagent.MptcpHostSettings;
import org.mptcpgw.hostagent.netlink.NetlinkException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code mptcp-gateway host-agent}: runs on the end host (not the gateway) and asks the kernel's userspace MPTCP
 * path manager for N extra subflows from the host's one address for each new outgoing MPTCP connection, and
 * re-creates them when they are lost, until SIGTERM/SIGINT. See docs/host-agent.md.
 */
@Command(name = "host-agent", mixinStandardHelpOptions = true,
    description = {
        "Run on an end host: ask the kernel's userspace MPTCP path manager for extra subflows from the same address " +
            "for every new outgoing MPTCP connection, and re-create lost ones, until SIGTERM.",
        "Needs root (CAP_NET_ADMIN) and net.mptcp.path_manager=userspace (or --configure-host)."})
public final class HostAgentCommand implements Callable<Integer>
{
    @Option(names = "--subflows", defaultValue = "1", paramLabel = "N",
        description = "Extra subflows per connection, 1..8 (default ${DEFAULT-VALUE}).")
    private int subflows;

    @Option(names = "--dst", paramLabel = "PREFIX",
        description = "Only connections to this destination prefix, e.g. 203.0.113.0/24 (repeatable; default any).")
    private List<String> destinations = new ArrayList<>();

    @Option(names = "--port", paramLabel = "P",
        description = "Only connections to this destination port (repeatable; default any).")
    private List<Integer> ports = new ArrayList<>();

    @Option(names = "--configure-host",
        description = "Enable MPTCP and select the userspace path manager in this network namespace first.")
    private boolean configureHost;

    @Option(names = "--max-backoff", defaultValue = "2s", paramLabel = "DURATION",
        description = "Longest wait between attempts to re-create a lost subflow (default ${DEFAULT-VALUE}; " +
            "the first wait is 250ms, doubling).")
    private String maxBackoff;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        final HostAgentSettings settings = settings();
        final PrintWriter out = spec.commandLine().getOut();
        final MptcpHostSettings host = new MptcpHostSettings(MptcpHostSettings.DEFAULT_ROOT);
        if (configureHost)
        {
            final List<String> changes;
            try
            {
                changes = host.configure();
            }
            catch (final IllegalStateException ex)
            {
                throw new StartupException(ex.getMessage(), ex);
            }
            out.println(changes.isEmpty() ? "host-agent: host already configured (net.mptcp: enabled, userspace PM)" :
                "host-agent: " + String.join("; ", changes));
            out.flush();
        }
        final List<String> problems = host.problems();
        if (!problems.isEmpty())
        {
            throw new StartupException(String.join("; ", problems));
        }
        final HostAgentRunner runner;
        try
        {
            runner = HostAgentRunner.open(settings);
        }
        catch (final NetlinkException ex)
        {
            throw new StartupException(ex.getMessage(), ex);
        }
        out.println("host-agent: running (" + settings + "); the server must accept at least " +
            settings.subflows() + " joins (its `ip mptcp limits` subflows)");
        out.flush();
        runUntilSignalled(runner, out);
        return Main.EXIT_OK;
    }

    private static void runUntilSignalled(final HostAgentRunner runner, final PrintWriter out)
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.set(true);
            try
            {
                // Let the loop finish and close its sockets before the JVM goes.
                stopped.await(2, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "host-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            runner.run(stop::get);
        }
        finally
        {
            runner.close();
            out.println("host-agent: stopped; " + runner.counters().format());
            out.flush();
            stopped.countDown();
        }
    }

    private HostAgentSettings settings()
    {
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (final String destination : destinations)
        {
            try
            {
                prefixes.add(IpPrefix.parse(destination));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dst: " + ex.getMessage());
            }
        }
        final int[] portArray = new int[ports.size()];
        for (int i = 0; i < portArray.length; i++)
        {
            portArray[i] = ports.get(i);
        }
        final long maxBackoffNs = ValueType.parseDurationNs("--max-backoff", maxBackoff);
        try
        {
            return HostAgentSettings.of(subflows, new ConnectionFilter(prefixes, portArray), maxBackoffNs);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
    }
}

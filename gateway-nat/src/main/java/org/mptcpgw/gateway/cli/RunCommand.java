package org.mptcpgw.gateway.cli;

import org.mptcpgw.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway run -c FILE}: run the gateway until SIGTERM/SIGINT.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the gateway inline between the LAN and its uplinks until SIGTERM.")
public final class RunCommand implements Callable<Integer>
{
    /** Name of the counters file in the run directory. */
    public static final String COUNTERS_FILE = "counters.dat";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Configuration file.")
    private Path configFile;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        GatewayConfig.load(configFile);
        throw new StartupException("the forwarding engine is not wired yet");
    }
}

package org.mptcpgw.gateway.cli;

import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.config.ValueType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway check-config -c FILE}: validate the configuration and print what it means.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate a configuration file without starting anything; exit code 2 on an error.")
public final class CheckConfigCommand implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Configuration file.")
    private Path configFile;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        final GatewayConfig config = GatewayConfig.load(configFile);
        final var out = spec.commandLine().getOut();
        out.println("configuration " + configFile + " is valid");
        out.println("lan: " + config.string("lan.interface"));
        for (final PathConfig p : config.paths())
        {
            out.printf("path %s: interface %s, %s, %s, address %s, next hop %s, weight %d%n",
                p.name(), p.interfaceName(), p.role().name().toLowerCase(java.util.Locale.ROOT),
                p.mode().name().toLowerCase(java.util.Locale.ROOT),
                0 == p.address() ? "-" : ValueType.formatIpv4(p.address()), ValueType.formatIpv4(p.nextHop()),
                p.weight());
        }
        return Main.EXIT_OK;
    }
}

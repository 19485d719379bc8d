package org.mptcpgw.gateway.cli;

import org.mptcpgw.core.nativeio.Native;
import org.mptcpgw.gateway.config.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway reload -c FILE}: validate the file, then ask the running gateway (SIGHUP to the pid in its run
 * directory) to apply path weights and roles without dropping flows.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = "Validate the configuration and make the running gateway apply path weights and roles.")
public final class ReloadCommand implements Callable<Integer>
{
    private static final int SIGHUP = 1;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Configuration file.")
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
        final Path pidFile = Path.of(config.string("run.dir")).resolve(RunCommand.PID_FILE);
        if (!Files.isRegularFile(pidFile))
        {
            throw new StartupException("no gateway running with run.dir=" + config.string("run.dir") + " (no " +
                pidFile + ")");
        }
        final int pid = Integer.parseInt(Files.readString(pidFile).trim());
        if (0 != Native.libc().kill(pid, SIGHUP))
        {
            throw new StartupException("cannot signal gateway pid " + pid + ": not running, or not allowed");
        }
        spec.commandLine().getOut().println("asked gateway " + pid + " to reload " + configFile);
        return Main.EXIT_OK;
    }
}

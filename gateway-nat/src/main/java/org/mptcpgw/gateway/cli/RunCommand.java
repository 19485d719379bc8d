package org.mptcpgw.gateway.cli;

import org.mptcpgw.core.engine.PollIdleStrategy;
import org.mptcpgw.gateway.AfPacketWiring;
import org.mptcpgw.gateway.Gateway;
import org.mptcpgw.gateway.config.ConfigException;
import org.mptcpgw.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mptcp-gateway run -c FILE}: run the gateway until SIGTERM/SIGINT. SIGHUP (or {@code mptcp-gateway reload})
 * re-reads the file and applies path weights and roles. On the way out it closes its rings and undoes what it set up
 * in the kernel (docs/kernel-isolation.md).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the gateway inline between the LAN and its uplinks until SIGTERM.")
public final class RunCommand implements Callable<Integer>
{
    /** Name of the counters file in the run directory. */
    public static final String COUNTERS_FILE = "counters.dat";
    /** Name of the pid file in the run directory. */
    public static final String PID_FILE = "gateway.pid";
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Configuration file.")
    private Path configFile;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final GatewayConfig config = GatewayConfig.load(configFile);
        final Path runDir = Path.of(config.string("run.dir"));
        // One gateway per run directory: a second one would take over the counters file and the kernel isolation
        // of the first. The lock lives as long as the process (released by the kernel even after kill -9).
        final FileChannel lockChannel = lock(runDir);
        final AfPacketWiring wiring = new AfPacketWiring(config);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Gateway gateway;
        wiring.prepare();
        try
        {
            gateway = Gateway.start(config, new Gateway.Options(wiring.opener(),
                (ports) -> List.of(wiring.linkMonitorAgent(ports)),
                (ports) -> new PollIdleStrategy(ports, 10),
                null, true));
        }
        catch (final RuntimeException | IOException ex)
        {
            wiring.close();
            throw ex;
        }
        final Path pidFile = runDir.resolve(PID_FILE);
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        final Thread hook = new Thread(() ->
        {
            LOG.info("stopping: closing rings and undoing the kernel isolation");
            gateway.close();
            wiring.close();
            try
            {
                Files.deleteIfExists(pidFile);
            }
            catch (final IOException ignore)
            {
                // the next start overwrites it
            }
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        org.mptcpgw.gateway.GatewaySignals.onHangup(() ->
        {
            try
            {
                gateway.reload(GatewayConfig.load(configFile));
            }
            catch (final ConfigException ex)
            {
                LOG.error("reload refused, the running configuration stays: {}", ex.getMessage());
            }
        });
        stopped.await();
        lockChannel.close();
        return Main.EXIT_OK;
    }

    private static FileChannel lock(final Path runDir) throws IOException
    {
        Files.createDirectories(runDir);
        final Path lockFile = runDir.resolve("gateway.lock");
        final FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        final FileLock lock = channel.tryLock();
        if (null == lock)
        {
            channel.close();
            final Path pidFile = runDir.resolve(PID_FILE);
            final String pid = Files.isRegularFile(pidFile) ? Files.readString(pidFile).trim() : "?";
            throw new StartupException("another mptcp-gateway (pid " + pid + ") runs with run.dir=" + runDir +
                ": stop it first, or give this one its own run.dir");
        }
        return channel;
    }
}

package org.mptcpgw.gateway.lab;

import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real gateway, as an operator runs it ({@code mptcp-gateway run -c FILE}), in a lab's gw namespace: a child
 * JVM on this test's class path with the same module flags, a configuration derived from {@code config/lab.properties}
 * with its run and journal directories in the test's temporary directory, its output in a log file. Stopped (or
 * killed) by {@link #close()}; the lab's teardown kills anything left in the namespace as a last resort.
 */
final class LabGateway implements AutoCloseable
{
    static final int METRICS_PORT = 9464;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(40);

    private final Lab lab;
    private final Path dir;
    private final Path config;
    private Process process;
    private int starts;

    LabGateway(final Lab lab, final Path dir, final String... extraConfig) throws IOException
    {
        this.lab = lab;
        this.dir = dir;
        final String base = Files.readString(repositoryRoot().resolve("config/lab.properties"))
            .replaceAll("(?m)^(run\\.dir|journal\\.dir|metrics\\.bind)=.*$", "");
        final StringBuilder text = new StringBuilder(base);
        text.append("\nrun.dir=").append(dir.resolve("run"))
            .append("\njournal.dir=").append(dir.resolve("journal"))
            .append("\nmetrics.bind=127.0.0.1:").append(METRICS_PORT).append('\n');
        for (final String line : extraConfig)
        {
            text.append(line).append('\n');
        }
        config = dir.resolve("gateway.properties");
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    static Path repositoryRoot()
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("config/lab.properties")))
        {
            root = root.getParent();
        }
        return root;
    }

    Path config()
    {
        return config;
    }

    Path runDir()
    {
        return dir.resolve("run");
    }

    /** Start and wait until /ready answers 200 (rings mapped, next hops resolved). */
    LabGateway start()
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.namespace(LabNode.GW),
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            "org.mptcpgw.gateway.cli.Main", "run", "-c", config.toString()));
        final Path log = dir.resolve("gateway-" + (++starts) + ".log");
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start the gateway", ex);
        }
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ": " + log());
            }
            if ("200".equals(http("/ready").trim()))
            {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException("gateway not ready within " + READY_TIMEOUT + ": " + log());
    }

    String http(final String path)
    {
        final ExecResult r = lab.exec(LabNode.GW, Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w",
            "%{http_code}", "http://127.0.0.1:" + METRICS_PORT + path);
        return r.stdout();
    }

    String scrape()
    {
        final ExecResult r = lab.exec(LabNode.GW, Duration.ofSeconds(10), "curl", "-sf",
            "http://127.0.0.1:" + METRICS_PORT + "/metrics");
        if (!r.succeeded())
        {
            throw new IllegalStateException("scrape failed: " + r);
        }
        return r.stdout();
    }

    /**
     * @param scrape a scrape.
     * @param name   Prometheus metric name.
     * @param labels labels that must appear, e.g. {@code path="isp2"}.
     * @return the sum of matching samples.
     */
    static double metric(final String scrape, final String name, final String... labels)
    {
        double sum = 0;
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+([0-9.eE+-]+)$")
            .matcher(scrape);
        while (m.find())
        {
            final String set = null == m.group(1) ? "" : m.group(1);
            boolean all = true;
            for (final String label : labels)
            {
                all &= set.contains(label);
            }
            if (all)
            {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    String log()
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 1; i <= starts; i++)
        {
            try
            {
                out.append("--- gateway-").append(i).append(".log\n")
                    .append(Files.readString(dir.resolve("gateway-" + i + ".log")));
            }
            catch (final IOException ex)
            {
                out.append("(no log)\n");
            }
        }
        return out.toString();
    }

    /** Kill -9: no shutdown hook runs (the next start finds the journal and the kernel as a crash leaves them). */
    void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait (it undoes the kernel isolation on the way out). */
    int stop() throws InterruptedException
    {
        if (null == process || !process.isAlive())
        {
            return null == process ? -1 : process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    boolean isAlive()
    {
        return null != process && process.isAlive();
    }

    /**
     * Start a background process in a lab node with its output in a file (the lab kills what is left in its
     * namespaces when it goes down).
     *
     * @param lab     the lab.
     * @param node    where.
     * @param log     file for the process's output.
     * @param command program and arguments.
     * @return the process.
     */
    static Process spawn(final Lab lab, final LabNode node, final Path log, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", lab.namespace(node)));
        full.addAll(List.of(command));
        try
        {
            return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + full, ex);
        }
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            stop();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.nativeio.ProcessCapabilities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network namespaces for one test: unique names ({@code mgwt-<random>-<suffix>}), commands with timeouts,
 * background processes, and removal of everything at {@link #close()}, also after a failure.
 * <p>
 * The pass-through topology of {@link #passThrough()}:
 * <pre>
 *   [a] a0 192.0.2.1/24 ──veth── m0 [m] m1 ──veth── b0 192.0.2.2/24 [b]
 * </pre>
 */
final class PassThroughLab implements AutoCloseable
{
    static final long COMMAND_TIMEOUT_S = 30;
    static final String MAC_A0 = "02:00:00:00:01:01";
    static final String MAC_M0 = "02:00:00:00:01:02";
    static final String MAC_M1 = "02:00:00:00:02:01";
    static final String MAC_B0 = "02:00:00:00:02:02";
    static final long MAC_A0_VALUE = 0x0200_0000_0101L;
    static final long MAC_B0_VALUE = 0x0200_0000_0202L;
    static final String IP_A = "192.0.2.1";
    static final String IP_B = "192.0.2.2";

    private final String prefix =
        "mgwt-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    /** Last resort if the JVM is stopped before close(): remove the namespaces. */
    private final Thread shutdownHook = new Thread(this::removeEverything, "pass-through-lab-cleanup");

    PassThroughLab()
    {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static void assumeRoot()
    {
        assumeTrue(ProcessCapabilities.current().has(ProcessCapabilities.CAP_NET_ADMIN) &&
            ProcessCapabilities.current().has(ProcessCapabilities.CAP_SYS_ADMIN),
            "needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) to create network namespaces: skipped");
    }

    String ns(final String suffix)
    {
        return prefix + "-" + suffix;
    }

    void addNamespace(final String suffix)
    {
        final String name = ns(suffix);
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
    }

    /**
     * Build a —m— b with MACs and addresses, everything up, IPv6 off (no stray RS/DAD/MLD frames).
     */
    PassThroughLab passThrough()
    {
        addNamespace("a");
        addNamespace("m");
        addNamespace("b");
        veth("a", "a0", MAC_A0, "m", "m0", MAC_M0);
        veth("m", "m1", MAC_M1, "b", "b0", MAC_B0);
        for (final String n : new String[]{"a", "m", "b"})
        {
            inNs(n, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        }
        run("ip", "-n", ns("a"), "addr", "add", IP_A + "/24", "dev", "a0");
        run("ip", "-n", ns("b"), "addr", "add", IP_B + "/24", "dev", "b0");
        return this;
    }

    void veth(
        final String ns1, final String if1, final String mac1, final String ns2, final String if2, final String mac2)
    {
        run("ip", "link", "add", "name", if1, "netns", ns(ns1), "address", mac1, "type", "veth",
            "peer", "name", if2, "netns", ns(ns2), "address", mac2);
        run("ip", "-n", ns(ns1), "link", "set", if1, "up");
        run("ip", "-n", ns(ns2), "link", "set", if2, "up");
    }

    String inNs(final String suffix, final String... command)
    {
        return run(inNsCommand(suffix, command));
    }

    String[] inNsCommand(final String suffix, final String... command)
    {
        final String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns(suffix);
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    /**
     * Run a command to completion (bounded), fail on a non-zero status.
     *
     * @return its output (stdout and stderr).
     */
    String run(final String... command)
    {
        final Result result = exec(COMMAND_TIMEOUT_S, command);
        if (0 != result.status)
        {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed (" + result.status + "): " +
                result.output);
        }
        return result.output;
    }

    /**
     * Run a command to completion (bounded).
     */
    static Result exec(final long timeoutS, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            final byte[][] out = new byte[1][];
            final Thread reader = new Thread(() ->
            {
                try
                {
                    out[0] = process.getInputStream().readAllBytes();
                }
                catch (final IOException ignore)
                {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!process.waitFor(timeoutS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                reader.join(5000);
                return new Result(-1, "timed out after " + timeoutS + " s: " +
                    (null == out[0] ? "" : new String(out[0], StandardCharsets.UTF_8)));
            }
            reader.join(5000);
            return new Result(process.exitValue(), null == out[0] ? "" : new String(out[0], StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * Start a background process, destroyed at {@link #close()}.
     */
    Process start(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(process);
            return process;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + String.join(" ", command), ex);
        }
    }

    /**
     * Poll a condition every 20 ms until it holds or the timeout passes.
     */
    static boolean await(final long timeoutMs, final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close()
    {
        removeEverything();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private synchronized void removeEverything()
    {
        for (final Process p : processes)
        {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try
            {
                p.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        for (int i = namespaces.size() - 1; i >= 0; i--)
        {
            final String name = namespaces.get(i);
            if (0 != exec(COMMAND_TIMEOUT_S, "ip", "netns", "del", name).status &&
                0 != exec(COMMAND_TIMEOUT_S, "ip", "netns", "del", name).status)
            {
                System.err.println("could not delete network namespace " + name);
            }
        }
        namespaces.clear();
    }

    static final class Result
    {
        final int status;
        final String output;

        Result(final int status, final String output)
        {
            this.status = status;
            this.output = output;
        }
    }
}

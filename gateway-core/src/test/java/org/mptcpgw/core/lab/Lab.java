package org.mptcpgw.core.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handle on one instance of the network lab ({@code scripts/lab.sh} with {@code LAB_ID=<id>}): five namespaces
 * {@code mgw-<id>-host|gw|isp1|isp2|server}. Commands run with bounded waits; background processes started with
 * {@link #spawn(LabNode, String...)} are tracked and killed by {@link #down()}. Until {@link #down()} the lab is
 * registered with a JVM shutdown hook that takes it down as a last resort.
 *
 * <pre>{@code
 * try (Lab lab = Lab.create().up(LabMode.BRIDGE))
 * {
 *     ExecResult ping = lab.exec(LabNode.HOST, Duration.ofSeconds(10), "ping", "-c", "1", Lab.SERVICE_ADDRESS);
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable
{
    /** The server's service address, reachable over both ISPs. */
    public static final String SERVICE_ADDRESS = "203.0.113.100";
    /** Default shaping rate at each ISP link and direction, in the tc syntax lab.sh takes. */
    public static final String DEFAULT_RATE = "20mbit";
    /** Default shaping rate in Mbit/s. */
    public static final double DEFAULT_RATE_MBPS = 20.0;
    /** System property naming lab.sh explicitly, instead of searching upwards from the working directory. */
    public static final String SCRIPT_PROPERTY = "mgw.lab.script";

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IPERF_GRACE = Duration.ofSeconds(40);

    private final String id;
    private final Path script;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Process> spawned = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean registered;

    private Lab(final String id, final Path script)
    {
        this.id = id;
        this.script = script;
        environment.put("LAB_ID", id);
        environment.put("PATH", LabPreconditions.searchPath(System.getenv("PATH")));
    }

    /**
     * A lab with a fresh random id, using the lab.sh found from the working directory.
     *
     * @return a handle; nothing is created until {@link #up(LabMode, String...)}.
     */
    public static Lab create()
    {
        return create(randomId());
    }

    /**
     * A lab with the given id, using the lab.sh found from the working directory.
     *
     * @param id lab id, {@code [a-z0-9]{1,12}}.
     * @return a handle; nothing is created until {@link #up(LabMode, String...)}.
     */
    public static Lab create(final String id)
    {
        if (!id.matches("[a-z0-9]{1,12}"))
        {
            throw new IllegalArgumentException("lab id must match [a-z0-9]{1,12}: " + id);
        }
        return new Lab(id, LabScript.locate());
    }

    /**
     * A random lab id: "t" and 6 hex digits, so concurrent and leftover labs never collide.
     *
     * @return e.g. "t3fa09c".
     */
    public static String randomId()
    {
        return String.format("t%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /**
     * The lab id.
     *
     * @return the id passed to lab.sh as LAB_ID.
     */
    public String id()
    {
        return id;
    }

    /**
     * The lab script this handle drives.
     *
     * @return path of scripts/lab.sh.
     */
    public Path script()
    {
        return script;
    }

    /**
     * Namespace name of a node.
     *
     * @param node the node.
     * @return {@code mgw-<id>-<node>}.
     */
    public String namespace(final LabNode node)
    {
        return "mgw-" + id + "-" + node.nodeName();
    }

    /**
     * Names of all five namespaces.
     *
     * @return namespace names in {@link LabNode} order.
     */
    public List<String> namespaces()
    {
        final List<String> names = new ArrayList<>();
        for (final LabNode node : LabNode.values())
        {
            names.add(namespace(node));
        }
        return names;
    }

    /**
     * Set a variable for every later lab.sh run (e.g. LAB_RUN_DIR).
     *
     * @param name  variable name.
     * @param value its value.
     * @return this for a fluent API.
     */
    public Lab environment(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    /**
     * Bring the lab up (recreating it if it exists) with the default rate and the server's signal port.
     *
     * @param mode    gw mode.
     * @param options further lab.sh up options, e.g. "--two-addresses", "--rate", "10mbit".
     * @return this for a fluent API.
     * @throws LabException when lab.sh up fails (it removes the partial lab itself).
     */
    public Lab up(final LabMode mode, final String... options)
    {
        register();
        final List<String> args = new ArrayList<>(List.of("up", "--mode", mode.modeName()));
        args.addAll(List.of(options));
        requireSuccess(runScript(SCRIPT_TIMEOUT, args.toArray(new String[0])), "up");
        return this;
    }

    /**
     * Switch the gw mode; nothing of the previous mode remains.
     *
     * @param mode the new mode.
     * @return this for a fluent API.
     * @throws LabException when lab.sh mode fails.
     */
    public Lab mode(final LabMode mode)
    {
        requireSuccess(runScript(SCRIPT_TIMEOUT, "mode", mode.modeName()), "mode " + mode.modeName());
        return this;
    }

    /**
     * Run lab.sh with this lab's id.
     *
     * @param timeout longest wait.
     * @param args    lab.sh arguments, e.g. "counters", "--json".
     * @return exit status and output.
     */
    public ExecResult runScript(final Duration timeout, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return BoundedCommand.run(command, environment, timeout);
    }

    /**
     * Run a command in a node's namespace and wait for it at most {@code timeout} (killed after that).
     *
     * @param node    where to run.
     * @param timeout longest wait.
     * @param command program and arguments.
     * @return exit status and output.
     */
    public ExecResult exec(final LabNode node, final Duration timeout, final String... command)
    {
        return BoundedCommand.run(netnsCommand(node, command), environment, timeout);
    }

    /**
     * Start a background process in a node's namespace; it is killed by {@link #down()}. Its output goes to
     * {@code <tmp>/mgw-lab-<id>-<n>.log}.
     *
     * @param node    where to run.
     * @param command program and arguments.
     * @return the process.
     */
    public Process spawn(final LabNode node, final String... command)
    {
        register();
        try
        {
            final Path log = Files.createTempFile("mgw-lab-" + id + "-", ".log");
            final ProcessBuilder builder = new ProcessBuilder(netnsCommand(node, command))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            final Process process = builder.start();
            spawned.add(process);
            return process;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot spawn " + List.of(command) + " in " + namespace(node), ex);
        }
    }

    /**
     * One MPTCP iperf3 connection host to server ({@code lab.sh iperf}).
     *
     * @param seconds duration of the transfer.
     * @param reverse true for server to host (download).
     * @return receiver-side goodput and the subflows seen.
     * @throws LabException when iperf3 fails.
     */
    public IperfResult iperfMptcp(final int seconds, final boolean reverse)
    {
        final List<String> args = new ArrayList<>(List.of("iperf", "--seconds", Integer.toString(seconds)));
        if (reverse)
        {
            args.add("--reverse");
        }
        final ExecResult result = runScript(Duration.ofSeconds(seconds).plus(IPERF_GRACE), args.toArray(new String[0]));
        requireSuccess(result, "iperf");
        return IperfResult.parse(result.stdout());
    }

    /**
     * Per-ISP-link counters ({@code lab.sh counters}).
     *
     * @return both links' counters now.
     * @throws LabException when lab.sh fails.
     */
    public LabCounters counters()
    {
        final ExecResult result = runScript(Duration.ofSeconds(30), "counters");
        requireSuccess(result, "counters");
        return LabCounters.parse(result.stdout());
    }

    /**
     * Whether all five namespaces exist.
     *
     * @return true when the lab is up.
     */
    public boolean isUp()
    {
        return presentNamespaces().size() == LabNode.values().length;
    }

    /**
     * Which of this lab's namespaces exist now, according to {@code ip netns list}.
     *
     * @return the present namespace names.
     */
    public List<String> presentNamespaces()
    {
        final ExecResult list = BoundedCommand.run(List.of("ip", "netns", "list"), environment, Duration.ofSeconds(10));
        final List<String> present = new ArrayList<>();
        for (final String line : list.stdout().split("\n"))
        {
            final String name = line.trim().split("\\s+")[0];
            if (namespaces().contains(name))
            {
                present.add(name);
            }
        }
        return present;
    }

    /**
     * Kill the spawned processes, then remove every namespace and process of this lab id. Idempotent; safe after a
     * failed or partial {@link #up(LabMode, String...)}.
     *
     * @throws LabException when namespaces remain afterwards.
     */
    public void down()
    {
        final List<Process> processes;
        synchronized (spawned)
        {
            processes = new ArrayList<>(spawned);
            spawned.clear();
        }
        for (final Process process : processes)
        {
            BoundedCommand.killTree(process.toHandle());
        }
        final ExecResult result = runScript(DOWN_TIMEOUT, "down");
        if (!result.succeeded())
        {
            // Last resort when the script itself failed: delete the namespaces directly.
            for (final String name : namespaces())
            {
                BoundedCommand.run(List.of("ip", "netns", "delete", name), environment, Duration.ofSeconds(10));
            }
        }
        final List<String> left = presentNamespaces();
        if (left.isEmpty())
        {
            LabRegistry.unregister(this);
            registered = false;
        }
        else
        {
            throw new LabException("lab " + id + " down left namespaces " + left + ": " + result);
        }
    }

    /**
     * Same as {@link #down()}, so a lab can be used in try-with-resources and in a JUnit store.
     */
    @Override
    public void close()
    {
        down();
    }

    /**
     * Short description.
     *
     * @return the id and script.
     */
    @Override
    public String toString()
    {
        return "Lab{id=" + id + ", script=" + script + "}";
    }

    private void register()
    {
        if (!registered)
        {
            LabRegistry.register(this);
            registered = true;
        }
    }

    private List<String> netnsCommand(final LabNode node, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        full.addAll(List.of(command));
        return full;
    }

    private void requireSuccess(final ExecResult result, final String what)
    {
        if (!result.succeeded())
        {
            throw new LabException("lab " + id + ": " + what + " failed: " + result);
        }
    }
}

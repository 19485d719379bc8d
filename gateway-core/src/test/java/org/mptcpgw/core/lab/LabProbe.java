package org.mptcpgw.core.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks for what a lab may have left behind: namespaces, processes, state. Used by the harness's own leak tests.
 */
final class LabProbe
{
    private static final Path DEFAULT_RUN_DIR = Path.of("/run/mptcp-gateway-lab");

    private LabProbe()
    {
    }

    /** Namespaces of a lab id that exist now, sorted. */
    static List<String> namespacesOf(final String labId)
    {
        final ExecResult list = BoundedCommand.run(List.of("ip", "netns", "list"), Map.of(), Duration.ofSeconds(10));
        final List<String> found = new ArrayList<>();
        for (final String line : list.stdout().split("\n"))
        {
            final String name = line.trim().split("\\s+")[0];
            if (name.startsWith("mgw-" + labId + "-"))
            {
                found.add(name);
            }
        }
        found.sort(null);
        return found;
    }

    /** Pids of every process inside the lab's namespaces. */
    static List<Long> pidsIn(final Lab lab)
    {
        final List<Long> pids = new ArrayList<>();
        for (final String namespace : lab.namespaces())
        {
            final ExecResult result = BoundedCommand.run(List.of("ip", "netns", "pids", namespace), Map.of(),
                Duration.ofSeconds(10));
            for (final String line : result.stdout().split("\n"))
            {
                if (!line.isBlank())
                {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        }
        return pids;
    }

    /** Whether a pid runs (exists and is not a zombie waiting to be reaped). */
    static boolean isRunning(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            final char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    /** Running processes whose command line names the lab's namespaces or state directory. */
    static List<String> processesMentioning(final String labId)
    {
        final List<String> found = new ArrayList<>();
        final String namespacePrefix = "mgw-" + labId + "-";
        final String stateDir = DEFAULT_RUN_DIR.resolve(labId).toString();
        ProcessHandle.allProcesses().forEach(process ->
        {
            final String commandLine = process.info().commandLine().orElse("");
            if ((commandLine.contains(namespacePrefix) || commandLine.contains(stateDir)) && isRunning(process.pid()))
            {
                found.add(process.pid() + " " + commandLine);
            }
        });
        return found;
    }

    /** Whether the lab's default state directory exists. */
    static boolean stateDirExists(final String labId)
    {
        return Files.exists(DEFAULT_RUN_DIR.resolve(labId));
    }

    /** Waits (bounded) until none of the pids runs; returns those still running. */
    static List<Long> awaitGone(final List<Long> pids, final Duration timeout) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        List<Long> running = new ArrayList<>(pids);
        while (!running.isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(100);
            running = new ArrayList<>(running);
            running.removeIf(pid -> !isRunning(pid));
        }
        return running;
    }
}

package org.mptcpgw.core.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a bounded wait: output goes to temporary files (so a chatty command can never block
 * on a full pipe), and on timeout the command and all its descendants are killed.
 */
public final class BoundedCommand
{
    private static final long KILL_WAIT_MS = 5_000;

    private BoundedCommand()
    {
    }

    /**
     * Run a command and wait for it at most {@code timeout}.
     *
     * @param command     program and arguments.
     * @param environment variables added to the inherited environment.
     * @param timeout     longest wait before the command is killed.
     * @return exit status and output.
     */
    public static ExecResult run(final List<String> command, final Map<String, String> environment,
        final Duration timeout)
    {
        Path stdout = null;
        Path stderr = null;
        try
        {
            stdout = Files.createTempFile("mgw-lab-", ".out");
            stderr = Files.createTempFile("mgw-lab-", ".err");
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            final Process process = builder.start();
            boolean finished = false;
            try
            {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            finally
            {
                if (!finished)
                {
                    killTree(process.toHandle());
                }
            }
            return new ExecResult(finished ? process.exitValue() : -1, Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8), !finished);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + command, ex);
        }
        finally
        {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * Kill a process and its descendants: SIGTERM first, SIGKILL after a grace period.
     *
     * @param process the root of the tree.
     */
    public static void killTree(final ProcessHandle process)
    {
        final List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process);
        for (final ProcessHandle handle : tree)
        {
            handle.destroy();
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MS);
        for (final ProcessHandle handle : tree)
        {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            try
            {
                handle.onExit().get(Math.max(remainingMs, 1), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
            catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
            {
                handle.destroyForcibly();
            }
        }
    }

    private static void deleteQuietly(final Path path)
    {
        if (path != null)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ignore)
            {
                // A leftover temporary file is harmless.
            }
        }
    }
}

package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last resort: a JVM terminated (SIGTERM) while its lab is up takes the lab down in its shutdown hook.
 */
@RequiresRoot
@Tag("lab")
class LabShutdownHookTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldTakeLabDownWhenTheJvmIsTerminated(@TempDir final Path dir) throws Exception
    {
        final String id = Lab.randomId();
        final Path log = dir.resolve("child.log");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            LabShutdownHookMain.class.getName(), id)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try
        {
            awaitReady(child, log, id);
            final Lab lab = Lab.create(id);
            final List<String> expected = new java.util.ArrayList<>(lab.namespaces());
            expected.sort(null);
            assertEquals(expected, LabProbe.namespacesOf(id), "the child's lab must be up");
            final List<Long> pids = LabProbe.pidsIn(lab);
            assertTrue(pids.size() >= 2, "iperf3 server and sleeper: " + pids);

            child.destroy();
            assertTrue(child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "child JVM did not exit");

            assertEquals(List.of(), LabProbe.namespacesOf(id), Files.readString(log));
            assertEquals(List.of(), LabProbe.awaitGone(pids, Duration.ofSeconds(10)));
            assertEquals(List.of(), LabProbe.processesMentioning(id));
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Lab.create(id).down();
        }
    }

    private static void awaitReady(final Process child, final Path log, final String id)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (Files.readString(log).contains(LabShutdownHookMain.READY + id))
            {
                return;
            }
            if (!child.isAlive())
            {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child lab did not come up: " + Files.readString(log));
    }
}

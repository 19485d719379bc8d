package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabHandleTest
{
    @Test
    void shouldDrawRandomIdsThatLabShAccepts()
    {
        final String first = Lab.randomId();
        assertTrue(first.matches("t[0-9a-f]{6}"), first);
        String other = Lab.randomId();
        for (int i = 0; i < 10 && other.equals(first); i++)
        {
            other = Lab.randomId();
        }
        assertNotEquals(first, other);
    }

    @Test
    void shouldNameNamespacesAfterTheId()
    {
        final Lab lab = Lab.create("t0c0ffe");
        assertEquals("mgw-t0c0ffe-isp2", lab.namespace(LabNode.ISP2));
        assertEquals(List.of("mgw-t0c0ffe-host", "mgw-t0c0ffe-gw", "mgw-t0c0ffe-isp1", "mgw-t0c0ffe-isp2",
            "mgw-t0c0ffe-server"), lab.namespaces());
    }

    @Test
    void shouldRejectIdsLabShWouldReject()
    {
        assertThrows(IllegalArgumentException.class, () -> Lab.create("T0C0FFE"));
        assertThrows(IllegalArgumentException.class, () -> Lab.create("abcdefghijklm"));
        assertThrows(IllegalArgumentException.class, () -> Lab.create(""));
    }

    @Test
    void shouldFindLabShFromAModuleDirectory()
    {
        final Path script = LabScript.locate();
        assertTrue(script.endsWith(Path.of("scripts", "lab.sh")), script.toString());
        assertTrue(Files.isRegularFile(script));
    }

    @Test
    void shouldWalkUpToTheScriptAndStopAtTheRepositoryRoot(@TempDir final Path dir) throws IOException
    {
        final Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        final Path module = Files.createDirectories(repo.resolve("gateway-nat/target"));
        assertThrows(LabException.class, () -> LabScript.locate(module));
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/lab.sh"), "#!/bin/bash\n");
        assertThrows(LabException.class, () -> LabScript.locate(module), "must not look above the repository root");
        Files.createDirectories(repo.resolve("scripts"));
        Files.writeString(repo.resolve("scripts/lab.sh"), "#!/bin/bash\n");
        assertEquals(repo.resolve("scripts/lab.sh"), LabScript.locate(module));
    }

    @Test
    void shouldReportRejectedIdFromTheScriptWithoutRoot()
    {
        final ExecResult result = BoundedCommand.run(List.of("bash", LabScript.locate().toString(), "status"),
            java.util.Map.of("LAB_ID", "NOT-VALID"), Duration.ofSeconds(20));
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("invalid LAB_ID 'NOT-VALID'"), result::toString);
    }

    @Test
    void shouldKillCommandsThatOverrunTheirTimeout()
    {
        final long startNs = System.nanoTime();
        final ExecResult result = BoundedCommand.run(List.of("sleep", "30"), java.util.Map.of(),
            Duration.ofMillis(200));
        assertTrue(result.timedOut());
        assertEquals(-1, result.exitCode());
        assertTrue(System.nanoTime() - startNs < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void shouldCaptureBothOutputs()
    {
        final ExecResult result = BoundedCommand.run(List.of("sh", "-c", "echo out-7e1; echo err-9a2 >&2; exit 3"),
            java.util.Map.of(), Duration.ofSeconds(10));
        assertEquals(new ExecResult(3, "out-7e1\n", "err-9a2\n", false), result);
    }
}

package org.mptcpgw.core.nativeio;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class NetNamespaceTest
{
    @Test
    void shouldEnterANamedNamespaceOnThisThreadAndComeBack() throws Exception
    {
        assumeTrue(ProcessCapabilities.current().has(ProcessCapabilities.CAP_SYS_ADMIN),
            "needs root (CAP_SYS_ADMIN) to create and enter network namespaces: skipped");
        final String name = "mgwt-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) +
            "-ns";
        run("ip", "netns", "add", name);
        try
        {
            final String before = link();
            assertTrue(NetNamespace.exists(name));

            final String inside = NetNamespace.supplyInside(name, NetNamespaceTest::link);

            assertNotEquals(before, inside);
            assertEquals(before, link());
            assertEquals(1, NetNamespace.supplyInside(name, () -> Native.libc().if_nametoindex("lo")));
            assertEquals(0, NetNamespace.supplyInside(name, () -> Native.libc().if_nametoindex("m0")));
        }
        finally
        {
            run("ip", "netns", "del", name);
        }
    }

    @Test
    void shouldSayWhichNamespaceIsMissing()
    {
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> NetNamespace.enter("mgwt-missing-ns"));

        assertTrue(ex.getMessage().startsWith("network namespace 'mgwt-missing-ns' not found"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.enter("../etc"));
    }

    private static String link()
    {
        try
        {
            return Files.readSymbolicLink(Paths.get("/proc/thread-self/ns/net")).toString();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }
}

package org.mptcpgw.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors for people: a bad configuration is one line on standard error that names the key, and exit code 2; an
 * environment that does not allow the gateway (missing interface, no privilege) is one line and exit code 3.
 */
class CliErrorsTest
{
    static final String GOOD = String.join("\n",
        "lan.interface=lan",
        "path.isp1.interface=wan1",
        "path.isp1.role=primary",
        "path.isp1.next-hop=192.0.2.1",
        "path.isp2.interface=wan2",
        "path.isp2.address=198.51.100.2",
        "path.isp2.next-hop=198.51.100.1", "");

    record Outcome(int exit, String out, String err)
    {
    }

    static Outcome run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "misspelt key            | nat.udp.timout=5m              | nat.udp.timout",
        "unknown section         | engine.turbo=true              | engine.turbo",
        "bad duration            | nat.tcp.opening-timeout=soon   | nat.tcp.opening-timeout",
        "below RFC minimum       | nat.udp.timeout=30s            | nat.udp.timeout",
        "bad address             | path.isp2.next-hop=198.51.100  | path.isp2.next-hop",
        "bad choice              | placement.subflows=random      | placement.subflows",
        "out of range            | path.isp2.weight=5000          | path.isp2.weight",
        "bad MAC                 | path.isp2.next-hop-mac=zz      | path.isp2.next-hop-mac",
        "bad endpoint            | metrics.bind=9464              | metrics.bind",
        "bad size                | journal.ring-size=lots         | journal.ring-size",
        "second primary          | path.isp2.role=primary         | path.isp2.role",
        "interface used twice    | path.isp3.interface=wan2       | path.isp3.interface",
        "too many workers        | engine.workers=4               | engine.workers",
    })
    void shouldExitTwoWithOneLineNamingTheKey(final String name, final String line, final String key,
        @TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("gateway.properties");
        final String isp3 = "path.isp3.next-hop=198.51.100.10\npath.isp3.address=198.51.100.9\n";
        Files.writeString(file, GOOD + line + "\n" + (line.startsWith("path.isp3") ? isp3 : ""));
        final Outcome o = run("check-config", "-c", file.toString());
        assertEquals(2, o.exit(), o.err());
        final String err = o.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("mptcp-gateway: configuration error: " + key + ": "), err);
    }

    @Test
    void shouldExitTwoForMissingFileAndMissingRequiredKey(@TempDir final Path dir) throws IOException
    {
        final Outcome missing = run("check-config", "-c", dir.resolve("nope.properties").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("file not found"), missing.err());
        final Path file = dir.resolve("gateway.properties");
        Files.writeString(file, GOOD.replace("lan.interface=lan\n", ""));
        final Outcome o = run("check-config", "-c", file.toString());
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("lan.interface: missing"), o.err());
    }

    @Test
    void shouldExitTwoForUsageErrorsInOneLine()
    {
        final Outcome o = run("run");
        assertEquals(2, o.exit());
        assertFalse(o.err().strip().contains("\n"), o.err());
        assertTrue(o.err().contains("--config"), o.err());
    }

    @Test
    void shouldAcceptGoodConfiguration(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("gateway.properties");
        Files.writeString(file, GOOD);
        final Outcome o = run("check-config", "-c", file.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("path isp2: interface wan2, secondary, nat, address 198.51.100.2"), o.out());
    }

    @Test
    void shouldExitThreeWithOneLineWhenInterfaceIsMissingOrPrivilegeLacks(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("gateway.properties");
        Files.writeString(file, GOOD.replace("=wan2", "=mgwnope0") + "run.dir=" + dir.resolve("run") + "\n" +
            "journal.enabled=false\nmetrics.enabled=false\n");
        final Outcome o = run("run", "-c", file.toString());
        assertEquals(3, o.exit(), o.err());
        final String err = o.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("mptcp-gateway: cannot start: "), err);
        assertTrue(err.contains("lan") || err.contains("CAP_NET_RAW") || err.contains("mgwnope0"), err);
    }

    @Test
    void shouldPrintVersionAndHelp()
    {
        final Outcome version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("mptcp-gateway "), version.out());
        final Outcome help = run("--help");
        assertEquals(0, help.exit());
        for (final String command : new String[]{"run", "check-config", "status", "decode", "replay", "nat-log",
            "reload"})
        {
            assertTrue(help.out().contains(command), command + " in " + help.out());
        }
    }
}

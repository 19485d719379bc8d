package org.mptcpgw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class HostAgentCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldDescribeItsOptions()
    {
        assertEquals(Main.EXIT_OK, run("host-agent", "--help"));

        final String help = out.toString();
        for (final String option : new String[]{"--subflows", "--dst", "--port", "--configure-host", "--max-backoff"})
        {
            assertTrue(help.contains(option), help);
        }
    }

    @Test
    void shouldRejectBadArgumentsAsUsageErrors()
    {
        assertEquals(Main.EXIT_CONFIG, run("host-agent", "--dst", "example.org/24"));
        assertTrue(err.toString().contains("--dst: not an IP address literal"), err::toString);

        assertEquals(Main.EXIT_CONFIG, run("host-agent", "--subflows", "9"));
        assertTrue(err.toString().contains("subflows must be 1..8"), err::toString);

        assertEquals(Main.EXIT_CONFIG, run("host-agent", "--port", "70000"));
        assertEquals(Main.EXIT_CONFIG, run("host-agent", "--max-backoff", "soon"));
    }
}

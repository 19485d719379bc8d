package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.NetNamespace;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * m routes between a (198.51.100.0/24) and b (203.0.113.0/24) in its kernel; isolation must stop that, while
 * the AF_PACKET taps of a pass-through on the same interfaces still see every frame.
 */
@Tag("root")
class KernelIsolationNamespaceTest
{
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private PassThroughLab lab;

    @BeforeEach
    void setUp()
    {
        PassThroughLab.assumeRoot();
        lab = new PassThroughLab();
        lab.passThrough();
        lab.run("ip", "-n", lab.ns("a"), "addr", "add", "198.51.100.1/24", "dev", "a0");
        lab.run("ip", "-n", lab.ns("a"), "route", "add", "203.0.113.0/24", "via", "198.51.100.254");
        lab.run("ip", "-n", lab.ns("m"), "addr", "add", "198.51.100.254/24", "dev", "m0");
        lab.run("ip", "-n", lab.ns("m"), "addr", "add", "203.0.113.254/24", "dev", "m1");
        lab.run("ip", "-n", lab.ns("b"), "addr", "add", "203.0.113.1/24", "dev", "b0");
        lab.run("ip", "-n", lab.ns("b"), "route", "add", "198.51.100.0/24", "via", "203.0.113.254");
        lab.inNs("m", "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.m0.disable_ipv6=0");
    }

    @AfterEach
    void tearDown()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @Test
    void shouldMuteTheKernelButNotTheTapsAndRestoreEverything() throws InterruptedException
    {
        assertTrue(routedPing(), "the kernel of m routes before isolation");
        assertEquals("1", sysctl("net.ipv4.conf.m0.forwarding"));
        assertEquals("0", sysctl("net.ipv6.conf.m0.disable_ipv6"));

        final KernelIsolation isolation =
            NetNamespace.supplyInside(lab.ns("m"), () -> KernelIsolation.apply(List.of("m0", "m1")));
        try
        {
            assertFalse(routedPing(), "the kernel of m must not route while isolated");
            assertEquals("0", sysctl("net.ipv4.conf.m0.forwarding"));
            assertEquals("0", sysctl("net.ipv4.conf.m1.forwarding"));
            assertEquals("1", sysctl("net.ipv6.conf.m0.disable_ipv6"));
            final long dropsBefore = drops();
            assertTrue(dropsBefore > 0, "ingress chains counted the routed pings");

            final AfPacketPort left = NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("m0"));
            final AfPacketPort right = NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("m1"));
            final PassThrough loop = new PassThrough(left, right);
            final Thread thread = new Thread(loop, "pass-through");
            thread.start();
            try
            {
                lab.inNs("a", "ping", "-c", "3", "-i", "0.2", "-W", "2", PassThroughLab.IP_B);
            }
            finally
            {
                loop.stop();
                thread.join(5000);
                left.close();
                right.close();
            }
            assertTrue(loop.forwarded() >= 6, "the taps saw the frames the kernel dropped: " + loop.forwarded());
            assertTrue(drops() >= dropsBefore + 6, "and the kernel dropped them");
        }
        finally
        {
            NetNamespace.runInside(lab.ns("m"), isolation::close);
        }

        assertEquals("1", sysctl("net.ipv4.conf.m0.forwarding"));
        assertEquals("0", sysctl("net.ipv6.conf.m0.disable_ipv6"));
        assertEquals("1", sysctl("net.ipv6.conf.m1.disable_ipv6"));
        assertFalse(lab.inNs("m", "nft", "list", "tables").contains(KernelIsolation.TABLE_NAME));
        assertTrue(routedPing(), "the kernel of m routes again after close");
    }

    @Test
    void shouldReplaceATableLeftByACrashedRun()
    {
        lab.inNs("m", "nft", "add", "table", "netdev", KernelIsolation.TABLE_NAME);
        lab.inNs("m", "nft", "add", "chain", "netdev", KernelIsolation.TABLE_NAME, "leftover");

        final KernelIsolation isolation =
            NetNamespace.supplyInside(lab.ns("m"), () -> KernelIsolation.apply(List.of("m0")));
        try
        {
            final String table = lab.inNs("m", "nft", "list", "table", "netdev", KernelIsolation.TABLE_NAME);
            assertFalse(table.contains("leftover"), table);
            assertTrue(table.contains("device \"m0\""), table);
        }
        finally
        {
            NetNamespace.runInside(lab.ns("m"), isolation::close);
        }
        assertNotEquals(0, PassThroughLab.exec(PassThroughLab.COMMAND_TIMEOUT_S,
            lab.inNsCommand("m", "nft", "list", "table", "netdev", KernelIsolation.TABLE_NAME)).status);
    }

    private boolean routedPing()
    {
        return 0 == PassThroughLab.exec(PassThroughLab.COMMAND_TIMEOUT_S,
            lab.inNsCommand("a", "ping", "-c", "2", "-i", "0.2", "-W", "1", "203.0.113.1")).status;
    }

    private String sysctl(final String name)
    {
        return lab.inNs("m", "sysctl", "-n", name).strip();
    }

    private long drops()
    {
        final String table = lab.inNs("m", "nft", "list", "table", "netdev", KernelIsolation.TABLE_NAME);
        long sum = 0;
        final Matcher m = COUNTER.matcher(table);
        while (m.find())
        {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }
}

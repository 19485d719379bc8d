package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Switching the gw mode leaves nothing of the previous one: no bridge, addresses, policy rules, nft tables or
 * forwarding; and isp1 gets its mode-dependent address back.
 */
@LabTest(mode = LabMode.ROUTER)
class LabModeSwitchTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String DEFAULT_RULES = "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n" +
        "32767:\tfrom all lookup default\n";

    @Test
    void shouldLeaveNoResidueOfRouterOrBridgeMode(final Lab lab)
    {
        // Router mode, as brought up: everything the later checks look for is really there.
        assertTrue(gw(lab, "ip", "-4", "-o", "addr", "show", "dev", "lan").contains("192.0.2.1/24"));
        assertTrue(gw(lab, "ip", "rule", "show").contains("fwmark 0x2 lookup 102"));
        assertTrue(gw(lab, "nft", "list", "ruleset").contains("tcp option mptcp subtype 1"));
        assertEquals("1", gw(lab, "sysctl", "-n", "net.ipv4.ip_forward").strip());
        assertTrue(run(lab, LabNode.ISP1, "ip", "-4", "-o", "addr", "show", "dev", "i1g").contains("198.51.100.65/26"));

        lab.mode(LabMode.BRIDGE);
        assertTrue(gw(lab, "ip", "-o", "link", "show", "type", "bridge").contains("br0"));
        assertNoAddressesRulesOrTables(lab);

        lab.mode(LabMode.INLINE);
        assertEquals("", gw(lab, "ip", "-o", "link", "show", "type", "bridge"));
        assertNoAddressesRulesOrTables(lab);
        assertTrue(run(lab, LabNode.ISP1, "ip", "-4", "-o", "addr", "show", "dev", "i1g").contains("192.0.2.1/24"));
        for (final String dev : new String[] { "lan", "wan1", "wan2" })
        {
            assertEquals("1", gw(lab, "sysctl", "-n", "net.ipv6.conf." + dev + ".disable_ipv6").strip(), dev);
            assertTrue(gw(lab, "ip", "-o", "link", "show", "dev", dev).contains("state UP"), dev);
        }
    }

    private static void assertNoAddressesRulesOrTables(final Lab lab)
    {
        final String addresses = gw(lab, "ip", "-o", "addr", "show");
        assertEquals("", addresses.lines().filter(line -> !line.contains(" lo ")).reduce("", String::concat),
            addresses);
        assertEquals(DEFAULT_RULES, gw(lab, "ip", "rule", "show"));
        assertEquals("", gw(lab, "nft", "list", "ruleset"));
        assertEquals("", gw(lab, "ip", "route", "show", "table", "main"));
        assertEquals("0", gw(lab, "sysctl", "-n", "net.ipv4.ip_forward").strip());
    }

    private static String gw(final Lab lab, final String... command)
    {
        return run(lab, LabNode.GW, command);
    }

    private static String run(final Lab lab, final LabNode node, final String... command)
    {
        final ExecResult result = lab.exec(node, TIMEOUT, command);
        assertTrue(result.succeeded(), result::toString);
        return result.stdout();
    }
}

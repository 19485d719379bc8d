package org.mptcpgw.gateway.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest
{
    static final String LAB = String.join("\n",
        "lan.interface=lan",
        "path.isp1.interface=wan1",
        "path.isp1.role=primary",
        "path.isp1.address=192.0.2.254",
        "path.isp1.next-hop=192.0.2.1",
        "path.isp2.interface=wan2",
        "path.isp2.address=198.51.100.2",
        "path.isp2.next-hop=198.51.100.1",
        "path.isp2.weight=2",
        "nat.udp.timeout=10m");

    static Properties props(final String text) throws IOException
    {
        final Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void shouldParseLabConfiguration() throws IOException
    {
        final GatewayConfig config = GatewayConfig.parse(props(LAB));
        assertEquals(2, config.paths().size());
        assertEquals(0, config.primaryPath());
        final PathConfig isp1 = config.paths().get(0);
        assertEquals(PathConfig.Mode.PASSTHROUGH, isp1.mode());
        assertEquals(0xC00002FE, isp1.address());
        final PathConfig isp2 = config.paths().get(1);
        assertEquals(PathConfig.Mode.NAT, isp2.mode());
        assertEquals(PathConfig.Role.SECONDARY, isp2.role());
        assertEquals(2, isp2.weight());
        assertEquals(600_000_000_000L, config.durationNs("nat.udp.timeout"));
        assertEquals(7_440_000_000_000L, config.durationNs("nat.tcp.established-timeout"));
    }

    @Test
    void shouldPinSources() throws IOException
    {
        final GatewayConfig config = GatewayConfig.parse(props(LAB + "\npath.isp2.sources=192.0.2.3/32,192.0.2.64/26"));
        final PathConfig isp2 = config.paths().get(1);
        assertTrue(isp2.pins(0xC0000203));
        assertTrue(isp2.pins(0xC0000250));
        assertFalse(isp2.pins(0xC0000202));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key with suggestion | nat.udp.timout=5m | nat.udp.timout | did you mean nat.udp.timeout",
        "bad duration                  | nat.tcp.established-timeout=2 hrs | nat.tcp.established-timeout | duration",
        "udp timeout below RFC minimum | nat.udp.timeout=90s               | nat.udp.timeout | at least 2m",
        "icmp timeout below minimum    | nat.icmp.timeout=30s              | nat.icmp.timeout | at least 60s",
        "bad address                   | path.isp2.address=198.51.100.300  | path.isp2.address | octets",
        "bad choice                    | nat.filtering=strict              | nat.filtering | not one of",
        "weight out of range           | path.isp2.weight=0                | path.isp2.weight | out of range",
        "bad port range                | nat.port-range=70000-1            | nat.port-range | port range",
        "bad boolean                   | failover.reset-subflows=yes       | failover.reset-subflows | true or false",
        "bad mac                       | lan.router-mac=02:00:00           | lan.router-mac | MAC",
        "bad endpoint                  | metrics.bind=localhost            | metrics.bind | address:port",
        "bad path label                | path.ISP3.interface=wan3          | path.ISP3.interface | lowercase",
        "too small mtu                 | path.isp2.mtu=100                 | path.isp2.mtu | at least 576",
        "bad prefix                    | path.isp2.sources=192.0.2.3/40    | path.isp2.sources | prefix length",
        "cpus per worker               | engine.cpus=0,1                   | engine.cpus | one CPU per worker",
        "empty value                   | engine.workers=                   | engine.workers | empty value",
    })
    void shouldRejectBadValueNamingTheKey(final String name, final String line, final String key, final String text)
        throws IOException
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB + "\n" + line)));
        assertEquals(key, ex.key());
        assertTrue(ex.getMessage().startsWith(key + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains(text), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
    }

    @Test
    void shouldRequireNatAddress() throws IOException
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB.replace("path.isp2.address=198.51.100.2\n", ""))));
        assertEquals("path.isp2.address", ex.key());
    }

    @Test
    void shouldRequireExactlyOnePrimary() throws IOException
    {
        assertEquals("path.isp2.role", assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB + "\npath.isp2.role=primary"))).key());
        assertEquals("path.isp1.role", assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB.replace("path.isp1.role=primary", "path.isp1.role=backup")))).key());
    }

    @Test
    void shouldRefuseSharedInterface() throws IOException
    {
        assertEquals("path.isp2.interface", assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB.replace("wan2", "wan1")))).key());
    }

    @Test
    void shouldRequireLanInterface() throws IOException
    {
        assertEquals("lan.interface", assertThrows(ConfigException.class,
            () -> GatewayConfig.parse(props(LAB.replace("lan.interface=lan", "")))).key());
    }

    @Test
    void shouldListChangesNeedingRestart() throws IOException
    {
        final GatewayConfig a = GatewayConfig.parse(props(LAB));
        final GatewayConfig b =
            GatewayConfig.parse(props(LAB.replace("weight=2", "weight=5") + "\nnat.icmp.timeout=2m"));
        assertEquals(java.util.List.of("nat.icmp.timeout"), a.changesNeedingRestart(b));
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(7_440_000_000_000L, ValueType.parseDurationNs("k", "2h4m"));
        assertEquals(500_000_000L, ValueType.parseDurationNs("k", "500ms"));
        assertEquals(1_500L, ValueType.parseDurationNs("k", "1us500ns"));
        assertThrows(ConfigException.class, () -> ValueType.parseDurationNs("k", "5"));
        assertThrows(ConfigException.class, () -> ValueType.parseDurationNs("k", "5m x"));
    }
}

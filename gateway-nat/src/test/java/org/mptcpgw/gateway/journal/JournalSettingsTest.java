package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.mptcpgw.gateway.config.ConfigException;
import org.mptcpgw.gateway.config.GatewayConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalSettingsTest
{
    private static Properties minimal()
    {
        final Properties p = new Properties();
        p.setProperty("lan.interface", "lan0");
        p.setProperty("path.isp1.interface", "isp1");
        p.setProperty("path.isp1.role", "primary");
        p.setProperty("path.isp1.next-hop", "198.51.100.254");
        p.setProperty("path.isp2.interface", "isp2");
        p.setProperty("path.isp2.address", "203.0.113.2");
        p.setProperty("path.isp2.next-hop", "203.0.113.254");
        return p;
    }

    @Test
    void shouldReadTheJournalKeysWithTheirDefaults()
    {
        final JournalSettings settings = JournalSettings.from(GatewayConfig.parse(minimal()));
        assertTrue(settings.enabled());
        assertEquals(Path.of("/var/lib/mptcp-gateway/journal"), settings.dir());
        assertEquals(RollCycles.FAST_DAILY, settings.rollCycle());
        assertEquals(7, settings.retentionCycles());
        assertEquals(8 * 1024 * 1024, settings.ringCapacity());
        assertTrue(settings.warmRestart());
        assertEquals(0, settings.blockSizeBytes());
        assertEquals(7_440_000_000_000L, JournalSettings.longestIdleTimeoutNs(GatewayConfig.parse(minimal())));
    }

    @Test
    void shouldRoundTheRingUpAndMapHourly()
    {
        final Properties p = minimal();
        p.setProperty("journal.roll-cycle", "hourly");
        p.setProperty("journal.ring-size", "100k");
        p.setProperty("journal.warm-restart", "false");
        p.setProperty("nat.tcp.established-timeout", "3h");
        final GatewayConfig config = GatewayConfig.parse(p);
        final JournalSettings settings = JournalSettings.from(config);
        assertEquals(RollCycles.FAST_HOURLY, settings.rollCycle());
        assertEquals(128 * 1024, settings.ringCapacity());
        assertFalse(settings.warmRestart());
        assertEquals(3 * 3_600_000_000_000L, JournalSettings.longestIdleTimeoutNs(config));

        p.setProperty("journal.ring-size", "4k");
        assertThrows(ConfigException.class, () -> JournalSettings.from(GatewayConfig.parse(p)));
    }

    @Test
    void shouldDescribeTheGatewayInTheStartRecord()
    {
        final GatewayStartInfo start = GatewayStartInfo.from(GatewayConfig.parse(minimal()), true, "9.9.9");
        assertEquals(List.of("isp1", "isp2"), start.pathNames());
        assertTrue(start.warmRestart());
        assertEquals(7_440_000_000_000L, start.restoreIdleNs());
        assertTrue(start.summary().startsWith("mptcp-gateway 9.9.9; paths isp1=isp1/primary/passthrough " +
            "isp2=isp2/secondary/nat/203.0.113.2; workers 1;"), start.summary());
    }
}

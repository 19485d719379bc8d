package org.mptcpgw.gateway.journal;

import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.config.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the journal agent writes in the "gateway started" record at start ({@link GatewayStartedFlyweight}).
 *
 * @param pathNames     path names by path index.
 * @param warmRestart   true if this process restored the previous state from the journal.
 * @param restoreIdleNs the idle limit the restore used (the longest idle timeout).
 * @param summary       one line describing the configuration.
 */
public record GatewayStartInfo(List<String> pathNames, boolean warmRestart, long restoreIdleNs, String summary)
{
    /**
     * Build the record from the configuration.
     *
     * @param config      the configuration.
     * @param warmRestart true if the previous state was restored.
     * @param version     the gateway's version (e.g. {@code Main.Version.projectVersion()}).
     * @return the start info.
     */
    public static GatewayStartInfo from(final GatewayConfig config, final boolean warmRestart, final String version)
    {
        final List<String> names = new ArrayList<>();
        final StringBuilder summary = new StringBuilder("mptcp-gateway ").append(version).append("; paths");
        for (final PathConfig p : config.paths())
        {
            names.add(p.name());
            summary.append(' ').append(p.name()).append('=').append(p.interfaceName()).append('/')
                .append(p.role().name().toLowerCase(Locale.ROOT)).append('/')
                .append(p.mode().name().toLowerCase(Locale.ROOT));
            if (0 != p.address())
            {
                summary.append('/').append(ValueType.formatIpv4(p.address()));
            }
        }
        summary.append("; workers ").append(config.string("engine.workers"))
            .append("; nat.port-range ").append(config.string("nat.port-range"))
            .append("; placement ").append(config.choice("placement.initial-subflow")).append('/')
            .append(config.choice("placement.subflows")).append('/').append(config.choice("placement.plain-flows"))
            .append("; journal ").append(config.choice("journal.roll-cycle")).append(" x")
            .append(config.string("journal.retention"));
        return new GatewayStartInfo(
            List.copyOf(names), warmRestart, JournalSettings.longestIdleTimeoutNs(config), summary.toString());
    }
}

package org.mptcpgw.gateway.health;

import org.mptcpgw.gateway.config.GatewayConfig;

/**
 * Tunables of path health, from the {@code health.*} keys.
 *
 * @param probeIntervalNs     time between probes.
 * @param probeTimeoutNs      a probe not answered within this is lost.
 * @param downAfter           consecutive losses that take a path down.
 * @param upAfter             consecutive successes that bring a path back up.
 * @param degradedLossPercent loss over the last {@link PathHealth#WINDOW} probes that degrades an up path.
 * @param degradedRttNs       round-trip time that degrades an up path.
 * @param holdTimeNs          minimum time in a state before it may change (except to down on lost carrier).
 * @param silenceTimeoutNs    outbound traffic without any inbound traffic for this long is a passive failure.
 * @param stripThreshold      consecutive MPTCP SYNs answered without MPTCP that flag a path as stripping.
 * @param stripRecheckNs      after this long a stripping flag is cleared so the path is tried again.
 */
public record HealthSettings(
    long probeIntervalNs,
    long probeTimeoutNs,
    int downAfter,
    int upAfter,
    int degradedLossPercent,
    long degradedRttNs,
    long holdTimeNs,
    long silenceTimeoutNs,
    int stripThreshold,
    long stripRecheckNs)
{
    /**
     * @param config the configuration.
     * @return the settings.
     */
    public static HealthSettings from(final GatewayConfig config)
    {
        return new HealthSettings(
            config.durationNs("health.probe-interval"),
            config.durationNs("health.probe-timeout"),
            config.integer("health.down-after", 1, 100),
            config.integer("health.up-after", 1, 100),
            config.integer("health.degraded-loss-percent", 1, 100),
            config.durationNs("health.degraded-rtt"),
            config.durationNs("health.hold-time"),
            config.durationNs("health.silence-timeout"),
            config.integer("health.strip-threshold", 1, 100),
            config.durationNs("health.strip-recheck"));
    }
}

package org.mptcpgw.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.mptcpgw.core.counters.CounterType;

/**
 * Renders the metric catalog ({@code docs/metrics.md}) from {@link CounterType}, with the Prometheus names the
 * registry exports.
 */
public final class MetricsDocs
{
    private MetricsDocs()
    {
    }

    /**
     * @param type a counter type.
     * @return the name Prometheus sees (snake case, unit suffix, {@code _total} for counters).
     */
    public static String prometheusName(final CounterType type)
    {
        final Meter.Type meterType = CounterType.Kind.COUNTER == type.kind() ? Meter.Type.COUNTER : Meter.Type.GAUGE;
        final String name = new PrometheusNamingConvention().name(type.meterName(), meterType, type.baseUnit());
        return CounterType.Kind.COUNTER == type.kind() ? name + "_total" : name;
    }

    /**
     * @return the Markdown text.
     */
    public static String render()
    {
        final StringBuilder out = new StringBuilder(8 * 1024);
        out.append("# Metric catalog\n\n")
            .append("`GET /metrics` on `metrics.bind` (default `127.0.0.1:9464`) serves these in the Prometheus text ")
            .append("format, plus the JVM's (`jvm_gc_pause_seconds`, `jvm_memory_used_bytes`, ...). `/health` answers ")
            .append("200 while the agents run; `/ready` answers 200 once the rings are mapped and every path's next ")
            .append("hop is resolved, 503 with the reason otherwise. The forwarding threads never call Micrometer: ")
            .append("they bump counters in a memory-mapped file (`run.dir/counters.dat`), which Micrometer reads at ")
            .append("scrape time and `mptcp-gateway status` reads from outside. Counters kept by several workers are ")
            .append("summed. Tags come from small fixed sets only (port, path, stage, reason, direction, worker): ")
            .append("never addresses, ports or flows. A Grafana dashboard for this catalog is in ")
            .append("`docs/grafana/mptcp-gateway.json`.\n\nThis file is generated from `CounterType.java` ")
            .append("(`MetricsDocsTest` keeps it in step; `-Dregenerate=true` rewrites it).\n\n")
            .append("| Prometheus name | Micrometer name | type | unit | tags | meaning |\n")
            .append("|---|---|---|---|---|---|\n");
        for (final CounterType type : CounterType.values())
        {
            out.append("| `").append(prometheusName(type)).append("` | `").append(type.meterName()).append("` | ")
                .append(CounterType.Kind.COUNTER == type.kind() ? "counter" : "gauge").append(" | ")
                .append(CounterType.Kind.GAUGE_NANOS == type.kind() ? "seconds" : type.baseUnit()).append(" | ")
                .append(String.join(", ", type.tagKeys())).append(" | ")
                .append(type.description()).append(" |\n");
        }
        out.append("\nDrop reasons (`reason` tag of `gateway_dropped_*`):\n\n| reason | meaning |\n|---|---|\n");
        for (final org.mptcpgw.core.pipeline.DropReason reason : org.mptcpgw.core.pipeline.DropReason.values())
        {
            out.append("| `").append(reason.label()).append("` | ").append(reason.description()).append(" |\n");
        }
        return out.toString();
    }
}

package org.mptcpgw.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CounterMeterBinderTest
{
    @Test
    void shouldExportCountersWithPrometheusNamesAndSumWorkers()
    {
        try (GatewayCounters counters = GatewayCounters.inMemory(64))
        {
            final AtomicCounter w0 = counters.allocate(CounterType.PORT_RX_PACKETS, 0, 0, 0, "lan");
            final AtomicCounter w1 = counters.allocate(CounterType.PORT_RX_PACKETS, 0, 0, 1, "lan");
            final AtomicCounter drops = counters.allocate(
                CounterType.DROPPED_PACKETS, 2, 10, 0, "nat_in", "no_session");
            final AtomicCounter rtt = counters.allocate(CounterType.PATH_RTT_NS, 1, 0, 0, "isp2");
            w0.set(5);
            w1.set(7);
            drops.set(3);
            rtt.set(1_500_000);
            final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new CounterMeterBinder(counters.reader()).bindTo(registry);
            final String scrape = registry.scrape();
            assertTrue(scrape.contains("gateway_port_rx_packets_total{port=\"lan\"} 12"), scrape);
            assertTrue(scrape.contains(
                "gateway_dropped_packets_total{reason=\"no_session\",stage=\"nat_in\"} 3"), scrape);
            assertTrue(scrape.contains("gateway_path_rtt_seconds{path=\"isp2\"} 0.0015"), scrape);
            w0.increment();
            assertTrue(registry.scrape().contains("gateway_port_rx_packets_total{port=\"lan\"} 13"));
        }
    }

    @Test
    void shouldPassPromtool() throws IOException, InterruptedException
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
            "promtool missing: apt-get install prometheus (CI installs it)");
        try (GatewayCounters counters = GatewayCounters.inMemory(1024))
        {
            int key = 0;
            for (final CounterType type : CounterType.values())
            {
                final String[] tags = type.tagKeys();
                for (int i = 0; i < tags.length; i++)
                {
                    tags[i] = "x" + i;
                }
                counters.allocate(type, key++, 0, 0, tags).set(1);
            }
            final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new CounterMeterBinder(counters.reader()).bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
            final Path scrape = Files.createTempFile("scrape", ".txt");
            try
            {
                Files.writeString(scrape, registry.scrape(), StandardCharsets.UTF_8);
                final Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
                    .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool hung");
                final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), output);
                assertEquals("", output.trim(), output);
            }
            finally
            {
                Files.deleteIfExists(scrape);
            }
        }
    }
}

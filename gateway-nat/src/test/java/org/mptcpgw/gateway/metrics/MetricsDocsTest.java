package org.mptcpgw.gateway.metrics;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsDocsTest
{
    static Path root()
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("gateway-nat")))
        {
            root = root.getParent();
        }
        return root;
    }

    @Test
    void shouldKeepCatalogInStep() throws IOException
    {
        final Path doc = root().resolve("docs/metrics.md");
        final String rendered = MetricsDocs.render();
        if (Boolean.getBoolean("regenerate"))
        {
            Files.writeString(doc, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(doc, StandardCharsets.UTF_8),
            "docs/metrics.md is out of date: run with -Dregenerate=true");
    }

    @Test
    void shouldOnlyReferenceCatalogMetricsInDashboard() throws IOException
    {
        final String dashboard = Files.readString(root().resolve("docs/grafana/mptcp-gateway.json"));
        final Set<String> known = new HashSet<>();
        for (final CounterType type : CounterType.values())
        {
            known.add(MetricsDocs.prometheusName(type));
        }
        final Matcher m = Pattern.compile("\\b(gateway_[a-z_]+)\\b").matcher(dashboard);
        int references = 0;
        while (m.find())
        {
            references++;
            assertTrue(known.contains(m.group(1)), "dashboard uses unknown metric " + m.group(1));
        }
        assertTrue(references >= 15, "dashboard covers the catalog: " + references);
        final Set<String> used = new HashSet<>();
        final Matcher all = Pattern.compile("\\b(gateway_[a-z_]+)\\b").matcher(dashboard);
        while (all.find())
        {
            used.add(all.group(1));
        }
        for (final CounterType type : CounterType.values())
        {
            assertTrue(used.contains(MetricsDocs.prometheusName(type)),
                "dashboard has no panel for " + MetricsDocs.prometheusName(type));
        }
    }
}

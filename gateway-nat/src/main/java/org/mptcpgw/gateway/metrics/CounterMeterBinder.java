package org.mptcpgw.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.agrona.concurrent.status.CountersReader;
import org.mptcpgw.core.counters.CounterType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers one Micrometer meter per (counter type, tag values) found in the gateway's counters. Counters of the
 * same type and tags kept by different workers are summed into one meter, so the exported series do not depend on
 * the number of workers (except the per-worker engine meters, which carry a {@code worker} tag).
 * <p>
 * The meters are functions over the counters: Micrometer reads them at scrape time with acquire semantics, and the
 * forwarding threads never call Micrometer. All counters must be allocated before {@link #bindTo} is called.
 */
public final class CounterMeterBinder implements MeterBinder
{
    private final CountersReader counters;

    /**
     * @param counters the gateway's counters.
     */
    public CounterMeterBinder(final CountersReader counters)
    {
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void bindTo(final MeterRegistry registry)
    {
        final Map<String, List<Integer>> groups = new LinkedHashMap<>();
        final Map<String, CounterType> types = new LinkedHashMap<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final CounterType type = CounterType.get(typeId);
            if (null != type)
            {
                groups.computeIfAbsent(label, (k) -> new ArrayList<>()).add(counterId);
                types.put(label, type);
            }
        });
        for (final Map.Entry<String, List<Integer>> group : groups.entrySet())
        {
            final CounterType type = types.get(group.getKey());
            final int[] ids = group.getValue().stream().mapToInt(Integer::intValue).toArray();
            final Tags tags = tags(group.getKey());
            switch (type.kind())
            {
                case COUNTER -> FunctionCounter.builder(type.meterName(), counters, (c) -> sum(c, ids))
                    .baseUnit(type.baseUnit())
                    .description(type.description())
                    .tags(tags)
                    .register(registry);
                case GAUGE -> Gauge.builder(type.meterName(), counters, (c) -> sum(c, ids))
                    .baseUnit(type.baseUnit())
                    .description(type.description())
                    .tags(tags)
                    .register(registry);
                default -> Gauge.builder(type.meterName(), counters, (c) -> max(c, ids) / 1e9)
                    .baseUnit(type.baseUnit())
                    .description(type.description())
                    .tags(tags)
                    .register(registry);
            }
        }
    }

    /**
     * Parse the tags out of a counter label ("meter.name key=value key=value").
     *
     * @param label counter label.
     * @return the tags.
     */
    static Tags tags(final String label)
    {
        Tags tags = Tags.empty();
        final String[] parts = label.split(" ");
        for (int i = 1; i < parts.length; i++)
        {
            final int eq = parts[i].indexOf('=');
            if (eq > 0)
            {
                tags = tags.and(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return tags;
    }

    private static double sum(final CountersReader reader, final int[] ids)
    {
        long total = 0;
        for (final int id : ids)
        {
            total += reader.getCounterValue(id);
        }
        return total;
    }

    private static double max(final CountersReader reader, final int[] ids)
    {
        long max = 0;
        for (final int id : ids)
        {
            max = Math.max(max, reader.getCounterValue(id));
        }
        return max;
    }
}

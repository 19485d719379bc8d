package org.mptcpgw.gateway.metrics;

import org.agrona.concurrent.status.CountersReader;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the terminal status view from a snapshot of the counters and the previous snapshot: per-path throughput,
 * subflows, sessions, health, MPTCP figures and the top drop reasons. Pure formatting: the command does the I/O.
 */
public final class StatusView
{
    private static final String[] STATE_NAMES = {"down", "degraded", "up"};

    /**
     * A snapshot: counter values summed per label.
     */
    public static final class Snapshot
    {
        private final Map<String, Long> values = new LinkedHashMap<>();
        private final Map<String, CounterType> types = new HashMap<>();
        private final long timeNs;

        private Snapshot(final long timeNs)
        {
            this.timeNs = timeNs;
        }

        /**
         * Read every counter.
         *
         * @param reader counters.
         * @param timeNs time of the reading.
         * @return the snapshot.
         */
        public static Snapshot read(final CountersReader reader, final long timeNs)
        {
            final Snapshot s = new Snapshot(timeNs);
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                final CounterType type = CounterType.get(typeId);
                if (null != type)
                {
                    final long v = reader.getCounterValue(counterId);
                    s.values.merge(label, v, CounterType.Kind.GAUGE_NANOS == type.kind() ? Math::max : Long::sum);
                    s.types.put(label, type);
                }
            });
            return s;
        }

        long value(final CounterType type, final String... tags)
        {
            long total = 0;
            for (final Map.Entry<String, Long> e : values.entrySet())
            {
                if (types.get(e.getKey()) == type && GatewayCounters.matches(e.getKey(), tags))
                {
                    total += e.getValue();
                }
            }
            return total;
        }

        List<String> tagValues(final CounterType type, final String key)
        {
            final List<String> result = new ArrayList<>();
            for (final String label : values.keySet())
            {
                if (types.get(label) == type)
                {
                    final String v = CounterMeterBinder.tags(label).stream()
                        .filter((t) -> t.getKey().equals(key)).map((t) -> t.getValue()).findFirst().orElse(null);
                    if (null != v && !result.contains(v))
                    {
                        result.add(v);
                    }
                }
            }
            return result;
        }
    }

    private StatusView()
    {
    }

    /**
     * Render the view.
     *
     * @param now      current snapshot.
     * @param previous previous snapshot, or null on the first call.
     * @param header   first line (process, uptime).
     * @return the text, lines separated by newlines.
     */
    public static String render(final Snapshot now, final Snapshot previous, final String header)
    {
        final StringBuilder out = new StringBuilder(2048);
        out.append(header).append('\n');
        final double seconds = null == previous ? 0 : (now.timeNs - previous.timeNs) / 1e9;
        out.append(String.format(Locale.ROOT, "%-10s %-9s %9s %11s %11s %9s %9s %7s%n",
            "PATH", "STATE", "RTT", "OUT Mbit/s", "IN Mbit/s", "SUBFLOWS", "SESSIONS", "PORTS"));
        for (final String path : now.tagValues(CounterType.PATH_STATE, "path"))
        {
            final String p = "path=" + path;
            final long state = now.value(CounterType.PATH_STATE, p);
            final long rttNs = now.value(CounterType.PATH_RTT_NS, p);
            out.append(String.format(Locale.ROOT, "%-10s %-9s %9s %11s %11s %9d %9d %7d%n",
                path,
                state >= 0 && state < STATE_NAMES.length ? STATE_NAMES[(int)state] : "?",
                0 == rttNs ? "-" : String.format(Locale.ROOT, "%.2fms", rttNs / 1e6),
                rate(now, previous, seconds, CounterType.PATH_TX_BYTES, p, "direction=out"),
                rate(now, previous, seconds, CounterType.PATH_TX_BYTES, p, "direction=in"),
                now.value(CounterType.PATH_SUBFLOWS, p),
                now.value(CounterType.PATH_SESSIONS, p),
                now.value(CounterType.PATH_PORTS_USED, p)));
            if (1 == now.value(CounterType.PATH_MPTCP_STRIPPED, p))
            {
                out.append("           ^ flagged: strips MPTCP options, avoided for new subflows\n");
            }
        }
        out.append(String.format(Locale.ROOT,
            "MPTCP: %d connections tracked, %d joins placed, %d unknown tokens, %d fallbacks, %d fast closes, " +
            "%d subflows reset%n",
            now.value(CounterType.MPTCP_CONNECTIONS), now.value(CounterType.MPTCP_JOINS),
            now.value(CounterType.MPTCP_UNKNOWN_TOKENS), now.value(CounterType.MPTCP_FALLBACKS),
            now.value(CounterType.MPTCP_FASTCLOSES), now.value(CounterType.SUBFLOW_RESETS)));
        for (final String port : now.tagValues(CounterType.PORT_RX_PACKETS, "port"))
        {
            final String p = "port=" + port;
            out.append(String.format(Locale.ROOT, "port %-8s rx %12d pkts %8s Mbit/s   tx %12d pkts %8s Mbit/s   " +
                "ring drops %d%n",
                port, now.value(CounterType.PORT_RX_PACKETS, p),
                rate(now, previous, seconds, CounterType.PORT_RX_BYTES, p),
                now.value(CounterType.PORT_TX_PACKETS, p),
                rate(now, previous, seconds, CounterType.PORT_TX_BYTES, p),
                now.value(CounterType.PORT_RING_DROPS, p)));
        }
        final TreeMap<Long, String> drops = new TreeMap<>();
        long seq = 0;
        for (final Map.Entry<String, Long> e : now.values.entrySet())
        {
            if (now.types.get(e.getKey()) == CounterType.DROPPED_PACKETS && e.getValue() > 0)
            {
                final long before = null == previous ? 0 : previous.values.getOrDefault(e.getKey(), 0L);
                drops.put(-(e.getValue() * 1_000_000 + seq++), String.format(Locale.ROOT, "  %-60s %10d  (+%d)",
                    e.getKey().substring(CounterType.DROPPED_PACKETS.meterName().length()).trim(),
                    e.getValue(), e.getValue() - before));
            }
        }
        out.append("TOP DROPS (total, +since last refresh):").append(drops.isEmpty() ? " none\n" : "\n");
        int shown = 0;
        for (final String line : drops.values())
        {
            if (shown++ == 5)
            {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String rate(
        final Snapshot now, final Snapshot previous, final double seconds, final CounterType type,
        final String... tags)
    {
        if (null == previous || seconds <= 0)
        {
            return "-";
        }
        final long delta = now.value(type, tags) - previous.value(type, tags);
        return String.format(Locale.ROOT, "%.2f", delta * 8 / seconds / 1e6);
    }
}

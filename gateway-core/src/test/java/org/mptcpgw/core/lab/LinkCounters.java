package org.mptcpgw.core.lab;

/**
 * Interface counters of one ISP link, on the ISP's gw-facing interface (isp1 i1g, isp2 i2g), as printed by
 * {@code lab.sh counters}: {@code link=isp1 dev=i1g rx_bytes=N tx_bytes=N rx_packets=N tx_packets=N}. Seen from
 * the ISP: rx is what the gateway sent up the uplink, tx what came down to the gateway.
 *
 * @param link      "isp1" or "isp2".
 * @param dev       interface name.
 * @param rxBytes   bytes received from the gateway.
 * @param txBytes   bytes sent to the gateway.
 * @param rxPackets packets received from the gateway (a GSO aggregate counts once).
 * @param txPackets packets sent to the gateway.
 */
public record LinkCounters(String link, String dev, long rxBytes, long txBytes, long rxPackets, long txPackets)
{
    /**
     * Parse one line of {@code lab.sh counters} output.
     *
     * @param line e.g. {@code link=isp2 dev=i2g rx_bytes=1 tx_bytes=2 rx_packets=3 tx_packets=4}.
     * @return the counters.
     * @throws LabException when a field is missing or not a number.
     */
    public static LinkCounters parse(final String line)
    {
        String link = null;
        String dev = null;
        final long[] values = { -1, -1, -1, -1 };
        final String[] keys = { "rx_bytes", "tx_bytes", "rx_packets", "tx_packets" };
        for (final String token : line.trim().split("\\s+"))
        {
            final int eq = token.indexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            final String key = token.substring(0, eq);
            final String value = token.substring(eq + 1);
            if ("link".equals(key))
            {
                link = value;
            }
            else if ("dev".equals(key))
            {
                dev = value;
            }
            for (int i = 0; i < keys.length; i++)
            {
                if (keys[i].equals(key))
                {
                    values[i] = parseCount(value, line);
                }
            }
        }
        if (link == null || dev == null || values[0] < 0 || values[1] < 0 || values[2] < 0 || values[3] < 0)
        {
            throw new LabException("not a counters line: '" + line + "'");
        }
        return new LinkCounters(link, dev, values[0], values[1], values[2], values[3]);
    }

    /**
     * Bytes both ways.
     *
     * @return rx plus tx bytes.
     */
    public long totalBytes()
    {
        return rxBytes + txBytes;
    }

    /**
     * Counters accumulated since an earlier snapshot of the same link.
     *
     * @param earlier the earlier snapshot.
     * @return the differences.
     */
    public LinkCounters minus(final LinkCounters earlier)
    {
        return new LinkCounters(link, dev, rxBytes - earlier.rxBytes, txBytes - earlier.txBytes,
            rxPackets - earlier.rxPackets, txPackets - earlier.txPackets);
    }

    private static long parseCount(final String value, final String line)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new LabException("not a counters line: '" + line + "'", ex);
        }
    }
}

package org.mptcpgw.core.lab;

/**
 * Counters of both ISP links at one moment ({@code lab.sh counters}).
 *
 * @param isp1 the first uplink (isp1 i1g).
 * @param isp2 the second uplink (isp2 i2g).
 */
public record LabCounters(LinkCounters isp1, LinkCounters isp2)
{
    /**
     * Parse the output of {@code lab.sh counters}.
     *
     * @param output one line per link.
     * @return both links' counters.
     * @throws LabException when a link is missing.
     */
    public static LabCounters parse(final String output)
    {
        LinkCounters isp1 = null;
        LinkCounters isp2 = null;
        for (final String line : output.strip().split("\n"))
        {
            final LinkCounters counters = LinkCounters.parse(line);
            if ("isp1".equals(counters.link()))
            {
                isp1 = counters;
            }
            else if ("isp2".equals(counters.link()))
            {
                isp2 = counters;
            }
        }
        if (isp1 == null || isp2 == null)
        {
            throw new LabException("counters output lacks a link: '" + output.strip() + "'");
        }
        return new LabCounters(isp1, isp2);
    }

    /**
     * Counters accumulated since an earlier snapshot.
     *
     * @param earlier the earlier snapshot.
     * @return per-link differences.
     */
    public LabCounters minus(final LabCounters earlier)
    {
        return new LabCounters(isp1.minus(earlier.isp1), isp2.minus(earlier.isp2));
    }
}

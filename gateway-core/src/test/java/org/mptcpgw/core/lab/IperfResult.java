package org.mptcpgw.core.lab;

/**
 * One iperf3 measurement as printed by {@code lab.sh iperf}: {@code goodput_mbps=37.58 subflows=2 retransmits=333}.
 *
 * @param goodputMbps receiver-side goodput in Mbit/s.
 * @param subflows    most subflows (initial one included) of one MPTCP connection seen during the run; 1 for TCP.
 * @param retransmits segments the sender retransmitted.
 */
public record IperfResult(double goodputMbps, int subflows, long retransmits)
{
    /**
     * Parse the last line of {@code lab.sh iperf} output.
     *
     * @param output the script's standard output.
     * @return the measurement.
     * @throws LabException when the output carries no measurement.
     */
    public static IperfResult parse(final String output)
    {
        final String[] lines = output.strip().split("\n");
        final String line = lines[lines.length - 1];
        final String goodput = field(line, "goodput_mbps");
        final String subflows = field(line, "subflows");
        final String retransmits = field(line, "retransmits");
        if (goodput == null || subflows == null || retransmits == null)
        {
            throw new LabException("not an iperf measurement: '" + output.strip() + "'");
        }
        try
        {
            return new IperfResult(Double.parseDouble(goodput), Integer.parseInt(subflows),
                Long.parseLong(retransmits));
        }
        catch (final NumberFormatException ex)
        {
            throw new LabException("not an iperf measurement: '" + output.strip() + "'", ex);
        }
    }

    private static String field(final String line, final String key)
    {
        for (final String token : line.trim().split("\\s+"))
        {
            if (token.startsWith(key + "="))
            {
                return token.substring(key.length() + 1);
            }
        }
        return null;
    }
}

package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabParsingTest
{
    private static final String IPERF_OUTPUT = "goodput_mbps=37.58 subflows=2 retransmits=333\n";
    private static final String COUNTERS_OUTPUT =
        "link=isp1 dev=i1g rx_bytes=25159741 tx_bytes=12414663 rx_packets=5891 tx_packets=5925\n" +
        "link=isp2 dev=i2g rx_bytes=14371364 tx_bytes=12222404 rx_packets=3988 tx_packets=4122\n";
    private static final String LATER_COUNTERS_OUTPUT =
        "link=isp1 dev=i1g rx_bytes=25246839 tx_bytes=24507863 rx_packets=7084 tx_packets=7136\n" +
        "link=isp2 dev=i2g rx_bytes=26734229 tx_bytes=12298888 rx_packets=5038 tx_packets=5230\n";

    @Test
    void shouldParseIperfMeasurement()
    {
        assertEquals(new IperfResult(37.58, 2, 333), IperfResult.parse(IPERF_OUTPUT));
    }

    @Test
    void shouldParseTheLastLineOnly()
    {
        assertEquals(new IperfResult(19.15, 1, 202),
            IperfResult.parse("goodput_mbps=1 subflows=9 retransmits=9\n" +
                "goodput_mbps=19.15 subflows=1 retransmits=202"));
    }

    @Test
    void shouldRejectOutputWithoutMeasurement()
    {
        assertThrows(LabException.class, () -> IperfResult.parse("iperf3: error - unable to connect\n"));
        assertThrows(LabException.class, () -> IperfResult.parse("goodput_mbps=x subflows=2 retransmits=1"));
    }

    @Test
    void shouldParseCountersOfBothLinks()
    {
        final LabCounters counters = LabCounters.parse(COUNTERS_OUTPUT);
        assertEquals(new LinkCounters("isp1", "i1g", 25159741L, 12414663L, 5891L, 5925L), counters.isp1());
        assertEquals(new LinkCounters("isp2", "i2g", 14371364L, 12222404L, 3988L, 4122L), counters.isp2());
    }

    @Test
    void shouldSubtractSnapshots()
    {
        final LabCounters delta = LabCounters.parse(LATER_COUNTERS_OUTPUT).minus(LabCounters.parse(COUNTERS_OUTPUT));
        assertEquals(new LinkCounters("isp1", "i1g", 87098L, 12093200L, 1193L, 1211L), delta.isp1());
        assertEquals(12362865L + 76484L, delta.isp2().totalBytes());
    }

    @Test
    void shouldRejectCountersMissingALinkOrField()
    {
        assertThrows(LabException.class, () -> LabCounters.parse(COUNTERS_OUTPUT.split("\n")[0]));
        assertThrows(LabException.class, () -> LinkCounters.parse("link=isp1 dev=i1g rx_bytes=1 tx_bytes=2"));
        assertThrows(LabException.class,
            () -> LinkCounters.parse("link=isp1 dev=i1g rx_bytes=1 tx_bytes=2 rx_packets=x tx_packets=4"));
    }
}

package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.Poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Needs no privilege: an rtnetlink socket and a link dump of the current namespace.
 */
class PollerLinkMonitorTest
{
    @Test
    void shouldWakeWhenTheLinkDumpArrivesAndTimeOutOtherwise()
    {
        try (LinkMonitor monitor = LinkMonitor.open(); Poller poller = new Poller(monitor.pollDescriptor()))
        {
            assertEquals(0, poller.poll(0));
            assertFalse(poller.ready(0));

            assertTrue(monitor.requestDump());

            assertEquals(1, poller.poll(1000));
            assertTrue(poller.ready(0));
            final StringBuilder names = new StringBuilder();
            assertTrue(monitor.poll(e -> names.append(e.name()).append(' ')) > 0);
            assertTrue(names.toString().contains("lo "), names.toString());
            assertEquals(0, poller.poll(0));
        }
    }

    @Test
    void shouldReadInterfaceFactsOfLoopback()
    {
        final InterfaceInfo lo = InterfaceInfo.query("lo");

        assertEquals(1, lo.index());
        assertEquals(0, lo.macAddress());
        assertTrue(lo.up());
        assertTrue(lo.mtu() >= 1500);
        assertEquals(null, InterfaceInfo.query("no-such-if0"));
        assertEquals(null, InterfaceInfo.query("a-name-far-too-long-for-linux"));
    }
}

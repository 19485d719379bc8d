package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.NetNamespace;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("root")
class LinkMonitorNamespaceTest
{
    private PassThroughLab lab;
    private LinkMonitor monitor;
    private AfPacketPort port;

    @BeforeEach
    void setUp()
    {
        PassThroughLab.assumeRoot();
        lab = new PassThroughLab();
        lab.passThrough();
        monitor = NetNamespace.supplyInside(lab.ns("m"), LinkMonitor::open);
        port = NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("m0"));
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            if (null != port)
            {
                port.close();
            }
            if (null != monitor)
            {
                monitor.close();
            }
        }
        finally
        {
            if (null != lab)
            {
                lab.close();
            }
        }
    }

    @Test
    void shouldSeeCarrierGoDownAndUpWhenThePeerLinkDoes()
    {
        assertTrue(PassThroughLab.await(5000, () -> query().running()), "m0 gets carrier after set-up");
        poll();
        monitor.watch(port.interfaceInfo().index(), port.statistics());
        assertTrue(port.statistics().carrierUp());
        final long changesBefore = port.statistics().carrierChanges();

        lab.run("ip", "-n", lab.ns("a"), "link", "set", "a0", "down");

        assertTrue(PassThroughLab.await(5000, () -> poll() >= 0 && !port.statistics().carrierUp()),
            "carrier down seen");
        final InterfaceInfo down = query();
        assertTrue(down.up(), "still administratively up");
        assertFalse(down.running(), "but not running");

        lab.run("ip", "-n", lab.ns("a"), "link", "set", "a0", "up");

        assertTrue(PassThroughLab.await(5000, () -> poll() >= 0 && port.statistics().carrierUp()), "carrier up seen");
        assertEquals(changesBefore + 2, port.statistics().carrierChanges());
        assertEquals(0, monitor.decoder().malformed());
    }

    @Test
    void shouldListEveryLinkOnDump()
    {
        final Set<String> names = new HashSet<>();
        assertTrue(monitor.requestDump());

        assertTrue(PassThroughLab.await(5000, () ->
        {
            monitor.poll(event -> names.add(event.name().toString()));
            return names.contains("m0") && names.contains("m1") && names.contains("lo");
        }), "dump listed " + names);
        assertEquals(1, monitor.decoder().dumpsDone());
    }

    private InterfaceInfo query()
    {
        return NetNamespace.supplyInside(lab.ns("m"), () -> InterfaceInfo.query("m0"));
    }

    private int poll()
    {
        return monitor.poll(null);
    }
}

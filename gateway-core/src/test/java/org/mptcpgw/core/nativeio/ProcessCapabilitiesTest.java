package org.mptcpgw.core.nativeio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCapabilitiesTest
{
    private static final String STATUS = "Name:\tjava\nUmask:\t0022\nCapInh:\t0000000000000000\n" +
        "CapPrm:\t000001ffffffffff\nCapEff:\t0000000000007000\nCapBnd:\t000001ffffffffff\n";

    @Test
    void shouldReadTheEffectiveSet()
    {
        final ProcessCapabilities caps = ProcessCapabilities.parse(STATUS);

        assertEquals(0x7000, caps.effectiveMask());
        assertTrue(caps.has(ProcessCapabilities.CAP_NET_ADMIN));
        assertTrue(caps.has(ProcessCapabilities.CAP_NET_RAW));
        assertTrue(caps.has(ProcessCapabilities.CAP_IPC_LOCK));
        assertFalse(caps.has(ProcessCapabilities.CAP_SYS_ADMIN));
    }

    @Test
    void shouldHaveNoneWhenTheLineIsMissingOrGarbled()
    {
        assertEquals(0, ProcessCapabilities.parse("Name:\tjava\n").effectiveMask());
        assertEquals(0, ProcessCapabilities.parse("CapEff:\tzz\n").effectiveMask());
        assertEquals(0x2000, ProcessCapabilities.parse("CapEff:\t2000").effectiveMask());
    }

    @Test
    void shouldReadThisProcess()
    {
        final ProcessCapabilities caps = ProcessCapabilities.current();

        assertEquals(caps.has(ProcessCapabilities.CAP_NET_RAW), 0 != (caps.effectiveMask() & (1L << 13)));
    }
}

package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AfPacketConfigTest
{
    @Test
    void shouldDefaultToWhatABumpInTheWireNeeds()
    {
        final AfPacketConfig c = AfPacketConfig.defaults();

        assertTrue(c.vnetHeader());
        assertTrue(c.ignoreOutgoing());
        assertTrue(c.promiscuous());
        assertTrue(c.receive());
        assertTrue(c.oversizeCopy());
        assertFalse(c.lockRingMemory());
        assertEquals(-1, c.fanoutGroupId());
        assertEquals(AfPacketConfig.RING_VERSION_DEFAULT, c.ringVersion());
        assertEquals(AfPacketConfig.TX_MODE_DEFAULT, c.txMode());
    }

    @Test
    void shouldCopyThroughItsBuilder()
    {
        final AfPacketConfig c = AfPacketConfig.builder()
            .ringVersion(RingVersion.V3).retireBlockTimeoutMs(4).txMode(TxMode.SEND).fanout(0xBEE, FanoutMode.LB)
            .rxBlockCount(3).qdiscBypass(true).build();

        final AfPacketConfig copy = c.toBuilder().build();

        assertEquals(c.toString(), copy.toString());
        assertEquals(0xBEE, copy.fanoutGroupId());
        assertEquals(FanoutMode.LB, copy.fanoutMode());
        assertEquals(4, copy.retireBlockTimeoutMs());
    }

    @Test
    void shouldRejectValuesTheKernelCannotTake()
    {
        assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder().retireBlockTimeoutMs(0).build());
        assertThrows(IllegalArgumentException.class,
            () -> AfPacketConfig.builder().fanout(0x10000, FanoutMode.HASH).build());
        assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder().txFrameCount(0).build());
        assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder().ringVersion(null).build());
    }
}

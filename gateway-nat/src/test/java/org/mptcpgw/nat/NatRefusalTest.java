package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.pipeline.DropReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatRefusalTest
{
    @Test
    void shouldMapEveryRefusalOntoADropReason()
    {
        assertEquals(DropReason.NO_SESSION, NatRefusal.dropReason(NatRefusal.MISS));
        assertEquals(DropReason.NO_SESSION, NatRefusal.dropReason(NatRefusal.NO_SESSION));
        assertEquals(DropReason.FILTERED, NatRefusal.dropReason(NatRefusal.FILTERED));
        assertEquals(DropReason.OUT_OF_PORTS, NatRefusal.dropReason(NatRefusal.OUT_OF_PORTS));
        assertEquals(DropReason.MAX_SESSIONS, NatRefusal.dropReason(NatRefusal.MAX_SESSIONS));
        assertEquals(DropReason.HOST_QUOTA, NatRefusal.dropReason(NatRefusal.HOST_QUOTA));
        assertEquals(DropReason.NO_PATH, NatRefusal.dropReason(NatRefusal.NO_PATH));
        assertEquals(DropReason.UNSUPPORTED_PROTOCOL, NatRefusal.dropReason(NatRefusal.UNSUPPORTED_PROTOCOL));
        assertEquals(DropReason.OUT_OF_PORTS, NatRefusal.dropReason(NatRefusal.CONFLICT));
        assertNull(NatRefusal.dropReason(0));
        assertNull(NatRefusal.dropReason(17));
        assertNull(NatRefusal.dropReason(-99));
        assertTrue(NatRefusal.isRefusal(NatRefusal.CONFLICT));
        assertEquals("FILTERED", NatRefusal.name(NatRefusal.FILTERED));
    }

    @Test
    void shouldKeepEndReasonIdsEqualToTheirPosition()
    {
        for (final SessionEndReason reason : SessionEndReason.values())
        {
            assertEquals(reason.ordinal(), reason.id());
            assertEquals(reason, SessionEndReason.get(reason.id()));
        }
        assertNull(SessionEndReason.get(99));
    }
}

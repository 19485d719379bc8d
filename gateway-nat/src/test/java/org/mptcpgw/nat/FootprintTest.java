package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FootprintTest
{
    @Test
    void shouldAllocateAtMost128BytesPerSessionAtOneMillion()
    {
        final int sessions = 1_000_000;
        final NatConfig.Builder builder = NatConfig.builder().sessionCapacity(sessions).randomSeed(NatFixtures.SEED);
        for (int path = 0; path < NatConfig.MAX_PATHS; path++)
        {
            builder.natAddresses(path, 0xC6336401 + path);
        }
        final NatSessionTable table = new NatSessionTable(builder.build(), SessionListener.NO_OP, NatFixtures.T0_NS);

        final long bytes = table.offHeapBytes() + table.heapArrayBytes();

        assertEquals(64L * sessions, table.offHeapBytes() - 4 * 4 * 2_097_152L - 4 * 1_048_576L, "records");
        assertTrue(bytes <= 128L * sessions, "bytes per session: " + (double)bytes / sessions);
    }
}

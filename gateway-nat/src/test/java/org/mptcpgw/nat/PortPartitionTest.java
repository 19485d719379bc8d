package org.mptcpgw.nat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortPartitionTest
{
    @Test
    void shouldSplitTheRangeIntoContiguousSlicesOwnedByTheirWorker()
    {
        final int[][] ranges = {{1024, 65535}, {0, 65535}, {40000, 40006}, {5, 5}, {1024, 1030}};
        for (final int[] range : ranges)
        {
            for (int workers = 1; workers <= Math.min(13, range[1] - range[0] + 1); workers++)
            {
                int expectedFirst = range[0];
                for (int w = 0; w < workers; w++)
                {
                    final int first = PortPartition.sliceFirst(w, range[0], range[1], workers);
                    final int last = PortPartition.sliceLast(w, range[0], range[1], workers);
                    assertEquals(expectedFirst, first, "slices are contiguous");
                    assertTrue(last >= first, "slice " + w + " of " + workers + " is empty");
                    for (int port = first; port <= last; port++)
                    {
                        assertEquals(w, PortPartition.ownerOf(port, range[0], range[1], workers),
                            "port " + port + " of " + workers + " workers");
                    }
                    expectedFirst = last + 1;
                }
                assertEquals(range[1] + 1, expectedFirst, "slices cover the range");
            }
        }
    }

    @Test
    void shouldOwnNoPortOutsideTheRange()
    {
        assertEquals(-1, PortPartition.ownerOf(1023, 1024, 65535, 4));
        assertEquals(-1, PortPartition.ownerOf(65536, 1024, 65535, 4));
        assertEquals(-1, NatConfig.builder().build().ownerOf(NatProtocol.TCP, 80));
        assertEquals(-1, NatConfig.builder().build().ownerOf(47, 2000));
    }

    @Test
    void shouldTellTheOwnerFromTheConfigPerProtocol()
    {
        final NatConfig config = NatConfig.builder().worker(2, 3).portRange(NatProtocol.ICMP, 0, 65535).build();

        assertEquals(2, config.ownerOf(NatProtocol.ICMP, 65535));
        assertEquals(0, config.ownerOf(NatProtocol.ICMP, 0));
        assertEquals(0, config.ownerOf(NatProtocol.TCP, 1024));
        assertEquals(2, config.ownerOf(NatProtocol.UDP, config.sliceFirstPort(NatProtocol.UDP)));
        assertEquals(1, config.ownerOf(NatProtocol.UDP, config.sliceFirstPort(NatProtocol.UDP) - 1));
    }
}

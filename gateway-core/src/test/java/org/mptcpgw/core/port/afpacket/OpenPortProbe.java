package org.mptcpgw.core.port.afpacket;

import java.util.List;

/**
 * Run in a subprocess with fewer privileges by {@link AvailabilityNamespaceTest}: prints the availability
 * check's line and the line of an attempt to open a port (with locked ring memory if the second argument is
 * {@code --lock}), one per line on stdout.
 */
final class OpenPortProbe
{
    private OpenPortProbe()
    {
    }

    public static void main(final String[] args)
    {
        final String problem = AfPacketAvailability.firstProblem(List.of(args[0]));
        System.out.println("check: " + problem);
        final boolean lock = args.length > 1 && "--lock".equals(args[1]);
        try (AfPacketPort port = AfPacketPort.open(args[0], AfPacketConfig.builder().lockRingMemory(lock).build()))
        {
            System.out.println("open: ok " + port.name());
        }
        catch (final AfPacketException ex)
        {
            System.out.println("open: " + ex.getMessage());
        }
    }
}

package org.mptcpgw.nat;

/**
 * How a protocol's outside port range is split between workers: worker {@code w} of {@code W} owns one contiguous
 * slice, the slices are as equal as integer division allows, and {@link #ownerOf(int, int, int, int)} tells any
 * thread, without shared state, which worker owns an outside port, so return traffic is handed to the worker
 * whose table holds the mapping (the same idea as VPP's per-thread port ranges).
 * <p>
 * With {@code n = lastPort - firstPort + 1} ports, worker {@code w} owns offsets
 * {@code [floor(w * n / W), floor((w + 1) * n / W) - 1]} counted from {@code firstPort}.
 */
public final class PortPartition
{
    private PortPartition()
    {
    }

    /**
     * @param port        an outside port (or ICMP echo identifier).
     * @param firstPort   first port of the range.
     * @param lastPort    last port of the range (inclusive).
     * @param workerCount number of workers sharing the range.
     * @return index of the worker owning the port, or -1 when the port is outside the range.
     */
    public static int ownerOf(final int port, final int firstPort, final int lastPort, final int workerCount)
    {
        if (port < firstPort || port > lastPort)
        {
            return -1;
        }
        final long n = (long)lastPort - firstPort + 1;
        final long offset = port - firstPort;
        // Largest w with floor(w * n / W) <= offset, i.e. w < (offset + 1) * W / n.
        return (int)(((offset + 1) * workerCount - 1) / n);
    }

    /**
     * @param worker      worker index.
     * @param firstPort   first port of the range.
     * @param lastPort    last port of the range (inclusive).
     * @param workerCount number of workers sharing the range.
     * @return first port of the worker's slice.
     */
    public static int sliceFirst(final int worker, final int firstPort, final int lastPort, final int workerCount)
    {
        final long n = (long)lastPort - firstPort + 1;
        return (int)(firstPort + worker * n / workerCount);
    }

    /**
     * @param worker      worker index.
     * @param firstPort   first port of the range.
     * @param lastPort    last port of the range (inclusive).
     * @param workerCount number of workers sharing the range.
     * @return last port (inclusive) of the worker's slice.
     */
    public static int sliceLast(final int worker, final int firstPort, final int lastPort, final int workerCount)
    {
        final long n = (long)lastPort - firstPort + 1;
        return (int)(firstPort + (worker + 1) * n / workerCount - 1);
    }
}

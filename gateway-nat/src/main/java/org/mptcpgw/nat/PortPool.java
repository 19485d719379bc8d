package org.mptcpgw.nat;

/**
 * Outside ports of one (path, protocol, outside address) that this worker may hand out: a bitmap over the worker's
 * slice of the port range, one bit per port (1 = in use). Bits past the end of the slice are set once at
 * construction so the search never returns them. Allocation preserves the inside port when it is free and in the
 * slice (RFC 4787 section 4.2.1, RFC 7857 section 2.10); otherwise it starts at a random offset and takes the
 * next free port, of the same parity when asked (RFC 4787 REQ-4), in the spirit of RFC 6056 section 3.3.1.
 * A port is never given to two mappings (no port overloading, RFC 4787 REQ-3, RFC 5382 REQ-7): the caller takes
 * a port only through this pool and gives it back when the mapping ends.
 */
final class PortPool
{
    private static final long EVEN_OFFSETS = 0x5555555555555555L;
    private static final long ODD_OFFSETS = 0xAAAAAAAAAAAAAAAAL;

    private final int firstPort;
    private final int lastPort;
    private final int portCount;
    private final long[] words;
    private int used;

    /**
     * @param firstPort first port of the slice.
     * @param lastPort  last port of the slice (inclusive).
     */
    PortPool(final int firstPort, final int lastPort)
    {
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        this.portCount = lastPort - firstPort + 1;
        this.words = new long[(portCount + 63) >>> 6];
        final int tail = portCount & 63;
        if (0 != tail)
        {
            words[words.length - 1] = -1L << tail;
        }
    }

    /**
     * @param port a port.
     * @return true when the port is in this pool's slice.
     */
    boolean contains(final int port)
    {
        return port >= firstPort && port <= lastPort;
    }

    /**
     * @param port a port in the slice.
     * @return true when it is free.
     */
    boolean isFree(final int port)
    {
        final int offset = port - firstPort;
        return 0 == (words[offset >>> 6] & (1L << offset));
    }

    /**
     * Take a given port, e.g. on restore.
     *
     * @param port a port.
     * @return true when it was in the slice and free, and is now taken.
     */
    boolean take(final int port)
    {
        if (!contains(port) || !isFree(port))
        {
            return false;
        }
        final int offset = port - firstPort;
        words[offset >>> 6] |= 1L << offset;
        used++;
        return true;
    }

    /**
     * Give a port back.
     *
     * @param port a port taken from this pool.
     */
    void release(final int port)
    {
        final int offset = port - firstPort;
        final long bit = 1L << offset;
        final int w = offset >>> 6;
        if (0 != (words[w] & bit))
        {
            words[w] &= ~bit;
            used--;
        }
    }

    /**
     * Take a port for a new mapping.
     *
     * @param insidePort     the inside port, kept when free and in the slice.
     * @param preserveParity true to prefer a port of the inside port's parity when the inside port is not free.
     * @param random         random bits choosing where the search starts.
     * @return the port taken, or -1 when the slice is full.
     */
    int allocate(final int insidePort, final boolean preserveParity, final long random)
    {
        if (contains(insidePort) && isFree(insidePort))
        {
            take(insidePort);
            return insidePort;
        }
        if (used == portCount)
        {
            return -1;
        }
        final int start = (int)((random >>> 1) % portCount);
        int offset = -1;
        if (preserveParity)
        {
            // Port parity is (firstPort + offset) & 1, so the offsets to try depend on firstPort's parity too.
            offset = findFree(start, 0 == ((insidePort ^ firstPort) & 1) ? EVEN_OFFSETS : ODD_OFFSETS);
        }
        if (offset < 0)
        {
            offset = findFree(start, -1L);
        }
        if (offset < 0)
        {
            return -1;
        }
        words[offset >>> 6] |= 1L << offset;
        used++;
        return firstPort + offset;
    }

    /**
     * @return ports in use.
     */
    int used()
    {
        return used;
    }

    /**
     * @return ports in the slice.
     */
    int portCount()
    {
        return portCount;
    }

    /**
     * @return first port of the slice.
     */
    int firstPort()
    {
        return firstPort;
    }

    /**
     * @return last port of the slice.
     */
    int lastPort()
    {
        return lastPort;
    }

    /**
     * @return bytes of heap the bitmap takes.
     */
    long footprintBytes()
    {
        return 8L * words.length;
    }

    private int findFree(final int startOffset, final long offsetMask)
    {
        final long[] words = this.words;
        final int wordCount = words.length;
        int w = startOffset >>> 6;
        long candidates = ~words[w] & offsetMask & (-1L << startOffset);
        // wordCount + 1 rounds: the last one revisits the start word's bits below the start offset.
        for (int i = 0; i <= wordCount; i++)
        {
            if (0 != candidates)
            {
                return (w << 6) + Long.numberOfTrailingZeros(candidates);
            }
            w = w + 1 == wordCount ? 0 : w + 1;
            candidates = ~words[w] & offsetMask;
        }
        return -1;
    }
}

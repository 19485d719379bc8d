package org.mptcpgw.gateway.pipeline;

import org.agrona.BitUtil;

/**
 * Which NAT session the later fragments of an IPv4 datagram belong to. Only the first fragment carries the ports
 * (RFC 791), so the session is found for it and remembered here under the datagram's identity, source,
 * destination, protocol and identification (RFC 791 section 3.2), seen as the frame arrived (before translation),
 * with the direction. The later fragments are then translated with the same session: their addresses only, for
 * they carry no transport header (RFC 4787 REQ-14, RFC 5382 REQ-9 apply the NAT's mapping to every fragment).
 * <p>
 * Bounded and allocation-free: {@code buckets} sets of {@value #WAYS} slots in primitive arrays, fixed at start.
 * An entry lives {@code lifetimeNs} after its first fragment (the reassembly timeout of the hosts is of the same
 * order; RFC 791 suggests 15 s) and is then only a free slot: nothing scans the table. A full set replaces its
 * oldest entry, so a fragment flood can push out entries (their later fragments are then dropped and counted as
 * {@code fragment_no_flow}) but cannot grow memory. A session that ended is recognised by its generation.
 * Single writer: the worker that owns the session table.
 */
final class FragmentFlows
{
    /** Slots per set. */
    static final int WAYS = 4;
    private static final int IN_USE = 1 << 9;

    private final int setMask;
    private final long[] addresses;
    private final int[] identity;
    private final int[] session;
    private final int[] generation;
    private final long[] expiresNs;
    private final long lifetimeNs;

    /**
     * @param capacity   datagrams remembered at once (rounded up to a power of two, at least {@value #WAYS}).
     * @param lifetimeNs how long after its first fragment a datagram's later fragments are still translated.
     */
    FragmentFlows(final int capacity, final long lifetimeNs)
    {
        final int slots = BitUtil.findNextPositivePowerOfTwo(Math.max(WAYS, capacity));
        setMask = slots / WAYS - 1;
        addresses = new long[slots];
        identity = new int[slots];
        session = new int[slots];
        generation = new int[slots];
        expiresNs = new long[slots];
        this.lifetimeNs = lifetimeNs;
    }

    /**
     * Remember the session of a first fragment.
     *
     * @param inbound           true for a datagram from an uplink.
     * @param source            source address as received.
     * @param destination       destination address as received.
     * @param protocol          IP protocol.
     * @param identification    IPv4 identification.
     * @param sessionIndex      the session the first fragment was translated with.
     * @param sessionGeneration its generation.
     * @param nowNs             time of the duty cycle.
     */
    void record(
        final boolean inbound,
        final int source,
        final int destination,
        final int protocol,
        final int identification,
        final int sessionIndex,
        final int sessionGeneration,
        final long nowNs)
    {
        final long pair = pair(source, destination);
        final int id = identity(inbound, protocol, identification);
        final int base = set(pair, id);
        int victim = base;
        for (int w = 0; w < WAYS; w++)
        {
            final int slot = base + w;
            if (expiresNs[slot] - nowNs <= 0 || (addresses[slot] == pair && identity[slot] == id))
            {
                victim = slot;
                break;
            }
            if (expiresNs[slot] - expiresNs[victim] < 0)
            {
                victim = slot;
            }
        }
        addresses[victim] = pair;
        identity[victim] = id;
        session[victim] = sessionIndex;
        generation[victim] = sessionGeneration;
        expiresNs[victim] = nowNs + lifetimeNs;
    }

    /**
     * Find the slot of a later fragment's datagram.
     *
     * @param inbound        true for a datagram from an uplink.
     * @param source         source address as received.
     * @param destination    destination address as received.
     * @param protocol       IP protocol.
     * @param identification IPv4 identification.
     * @param nowNs          time of the duty cycle.
     * @return the slot, or -1 when the first fragment was not seen (or too long ago).
     */
    int lookup(
        final boolean inbound,
        final int source,
        final int destination,
        final int protocol,
        final int identification,
        final long nowNs)
    {
        final long pair = pair(source, destination);
        final int id = identity(inbound, protocol, identification);
        final int base = set(pair, id);
        for (int w = 0; w < WAYS; w++)
        {
            final int slot = base + w;
            if (addresses[slot] == pair && identity[slot] == id && expiresNs[slot] - nowNs > 0)
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * @param slot a slot from {@link #lookup}.
     * @return the session its first fragment was translated with.
     */
    int session(final int slot)
    {
        return session[slot];
    }

    /**
     * @param slot a slot from {@link #lookup}.
     * @return that session's generation then (a different one now means it ended).
     */
    int generation(final int slot)
    {
        return generation[slot];
    }

    /**
     * @return slots in the table.
     */
    int capacity()
    {
        return addresses.length;
    }

    private static long pair(final int source, final int destination)
    {
        return ((long)source << 32) | (destination & 0xFFFF_FFFFL);
    }

    private static int identity(final boolean inbound, final int protocol, final int identification)
    {
        // The in-use bit keeps an empty slot (all zeros) from matching anything, whatever the clock reads.
        return ((identification & 0xFFFF) << 16) | IN_USE | ((protocol & 0xFF) << 1) | (inbound ? 1 : 0);
    }

    private int set(final long pair, final int id)
    {
        long h = pair * 0x9E37_79B9_7F4A_7C15L + id;
        h ^= h >>> 29;
        h *= 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 32;
        return ((int)h & setMask) * WAYS;
    }
}

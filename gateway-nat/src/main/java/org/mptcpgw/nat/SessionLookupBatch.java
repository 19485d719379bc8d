package org.mptcpgw.nat;

/**
 * A vector of flow keys to look up together with {@link NatSessionTable#lookupOutbound(SessionLookupBatch)} or
 * {@link NatSessionTable#lookupInbound(SessionLookupBatch)}, and their results. The pipeline fills it from a vector
 * of packets, looks them all up in one call and reads each {@link #session(int)}; the table overlaps the memory
 * loads of the different keys. Allocated once with a fixed capacity; reuse it with {@link #clear()}.
 */
public final class SessionLookupBatch
{
    final long[] localKeys;
    final long[] remoteKeys;
    final int[] sessions;
    final long[] hashes;
    final long[] foundLocal;
    final long[] foundRemote;
    int count;

    /**
     * @param capacity most keys per batch, e.g. the pipeline's vector size.
     */
    public SessionLookupBatch(final int capacity)
    {
        localKeys = new long[capacity];
        remoteKeys = new long[capacity];
        sessions = new int[capacity];
        hashes = new long[capacity];
        foundLocal = new long[capacity];
        foundRemote = new long[capacity];
    }

    /**
     * Empty the batch.
     *
     * @return this for a fluent API.
     */
    public SessionLookupBatch clear()
    {
        count = 0;
        return this;
    }

    /**
     * Add a key: for an outbound lookup the inside endpoint, for an inbound one the outside endpoint.
     *
     * @param path       path index.
     * @param protocol   IP protocol number.
     * @param localIp    inside (outbound) or outside (inbound) address.
     * @param localPort  inside or outside port (echo identifier for ICMP).
     * @param remoteIp   remote address.
     * @param remotePort remote port (0 for ICMP).
     * @return position of the key in the batch, or -1 when the batch is full.
     */
    public int add(
        final int path,
        final int protocol,
        final int localIp,
        final int localPort,
        final int remoteIp,
        final int remotePort)
    {
        if (count == localKeys.length)
        {
            return -1;
        }
        localKeys[count] = SessionDescriptor.endpointKey(localIp, localPort, protocol, path);
        remoteKeys[count] = SessionDescriptor.remoteKey(remoteIp, remotePort);
        return count++;
    }

    /**
     * @return keys in the batch.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return most keys per batch.
     */
    public int capacity()
    {
        return localKeys.length;
    }

    /**
     * @param position position of a key, as returned by {@link #add}.
     * @return its session after a lookup, or {@link NatRefusal#MISS}.
     */
    public int session(final int position)
    {
        return sessions[position];
    }
}

package org.mptcpgw.nat;

/**
 * Layout of one session record in the table's off-heap buffer: fixed 64-byte records, one cache line each (the
 * buffer is cache-line aligned), addressed by session index. The three 64-bit keys hold everything the hash
 * indexes compare, so a lookup compares two longs read from one line. Records are read and written in native
 * byte order: they never leave the process (the journal copies fields through the table's accessors).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          Inside Key                           |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Outside Key                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Remote Key                           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Last Activity (ns)                       | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Timer Slot                           | 32
 *  +---------------------------------------------------------------+
 *  |                        Next In Mapping                        | 36
 *  +---------------------------------------------------------------+
 *  |                      Previous In Mapping                      | 40
 *  +---------------------------------------------------------------+
 *  |                           User Data                           | 44
 *  +---------------------------------------------------------------+
 *  |                             Flags                             | 48
 *  +---------------------------------------------------------------+
 *  |                       Mapping Sessions                        | 52
 *  +---------------+---------------+-------------------------------+
 *  |     State     | Session Flags |           Reserved            | 56
 *  +---------------+---------------+                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * The keys are longs, not separate fields, so their bit layout does not depend on the byte order:
 * <pre>
 *   63                    32 31            16 15         8 7          0
 *  +------------------------+----------------+------------+------------+
 *  |       IP address       |      Port      |  Protocol  |    Path    |  inside and outside keys
 *  +------------------------+----------------+------------+------------+
 *  |       IP address       |      Port      |          Zero           |  remote key
 *  +------------------------+----------------+-------------------------+
 * </pre>
 * The sessions of one mapping form a doubly-linked list whose head is the session the mapping indexes point at;
 * the head's "mapping sessions" field is the mapping's reference count. A free record's "next in mapping" field
 * links the free list. "Flags" and "user data" belong to the pipeline; "session flags" to the table.
 */
public final class SessionDescriptor
{
    /** Inside key: (inside ip, inside port, protocol, path). */
    public static final int INSIDE_KEY_OFFSET = 0;
    /** Outside key: (outside ip, outside port, protocol, path); equal to the inside key for pass-through. */
    public static final int OUTSIDE_KEY_OFFSET = 8;
    /** Remote key: (remote ip, remote port, 0). */
    public static final int REMOTE_KEY_OFFSET = 16;
    /** Time of the last packet that refreshed the session, ns. */
    public static final int LAST_ACTIVITY_OFFSET = 24;
    /** Slot of the session's timer in the timer wheel, -1 when none. */
    public static final int TIMER_SLOT_OFFSET = 32;
    /** Next session of the same mapping, -1 at the end; next free record when free. */
    public static final int MAPPING_NEXT_OFFSET = 36;
    /** Previous session of the same mapping, -1 for the head. */
    public static final int MAPPING_PREV_OFFSET = 40;
    /** Spare int for the pipeline, e.g. the MPTCP connection index. */
    public static final int USER_DATA_OFFSET = 44;
    /** Spare int flags for the pipeline. */
    public static final int FLAGS_OFFSET = 48;
    /** Number of sessions of the mapping; valid in the mapping's head only. */
    public static final int MAPPING_SESSIONS_OFFSET = 52;
    /** State byte, see {@link SessionState}. */
    public static final int STATE_OFFSET = 56;
    /** Table's own flags: in use, pass-through, inbound-initiated. */
    public static final int SESSION_FLAGS_OFFSET = 57;

    /** Length of a record in bytes. */
    public static final int RECORD_LENGTH = 64;
    /** log2 of {@link #RECORD_LENGTH}. */
    public static final int RECORD_SHIFT = 6;
    /** Alignment of the buffer: one cache line. */
    public static final int ALIGNMENT = 64;

    /** Session flag: the record holds a live session. */
    public static final int IN_USE = 0x01;
    /** Session flag: the session is not translated (outside endpoint equals inside endpoint). */
    public static final int PASS_THROUGH = 0x02;
    /** Session flag: an inbound packet created the session (endpoint-independent or address-dependent filter). */
    public static final int INBOUND_INITIATED = 0x04;

    private SessionDescriptor()
    {
    }

    /**
     * @param session session index.
     * @return offset of the session's record in the buffer.
     */
    public static int recordOffset(final int session)
    {
        return session << RECORD_SHIFT;
    }

    /**
     * @param ip       address, network-order int.
     * @param port     port or echo identifier, 0..65535.
     * @param protocol IP protocol number.
     * @param path     path index.
     * @return packed endpoint key as stored in the inside and outside key fields.
     */
    public static long endpointKey(final int ip, final int port, final int protocol, final int path)
    {
        return ((long)ip << 32) | ((long)(port & 0xFFFF) << 16) | ((protocol & 0xFF) << 8) | (path & 0xFF);
    }

    /**
     * @param ip   remote address, network-order int.
     * @param port remote port, 0 for ICMP.
     * @return packed remote key as stored in the remote key field.
     */
    public static long remoteKey(final int ip, final int port)
    {
        return ((long)ip << 32) | ((long)(port & 0xFFFF) << 16);
    }

    /**
     * @param key an endpoint or remote key.
     * @return its address.
     */
    public static int keyIp(final long key)
    {
        return (int)(key >>> 32);
    }

    /**
     * @param key an endpoint or remote key.
     * @return its port.
     */
    public static int keyPort(final long key)
    {
        return (int)(key >>> 16) & 0xFFFF;
    }

    /**
     * @param key an endpoint key.
     * @return its protocol.
     */
    public static int keyProtocol(final long key)
    {
        return (int)(key >>> 8) & 0xFF;
    }

    /**
     * @param key an endpoint key.
     * @return its path index.
     */
    public static int keyPath(final long key)
    {
        return (int)key & 0xFF;
    }
}

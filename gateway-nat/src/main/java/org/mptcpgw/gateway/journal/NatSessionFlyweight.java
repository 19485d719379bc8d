package org.mptcpgw.gateway.journal;

import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * A NAT session was created ({@link #TYPE_SESSION_CREATED}) or ended ({@link #TYPE_SESSION_ENDED}); both carry the
 * whole tuple so that either record alone answers "who held this outside address and port". Addresses are IPv4 in
 * network order (first octet in the high byte), ports u16; for ICMP echo sessions (RFC 5508) the ports are the echo
 * identifiers. The end cause is 0 in a created record.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +          Session ID (worker 8 | table index 24 | gen 32)      +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Inside Address                         |
 *  +---------------------------------------------------------------+
 *  |                        Outside Address                        |
 *  +---------------------------------------------------------------+
 *  |                        Remote Address                         |
 *  +-------------------------------+-------------------------------+
 *  |          Inside Port          |         Outside Port          |
 *  +-------------------------------+---------------+---------------+
 *  |          Remote Port          |  Path Index   |   Protocol    |
 *  +-------------------------------+---------------+---------------+
 *  |             Flags             |   End Cause   |   Reserved    |
 *  +-------------------------------+---------------+---------------+
 * </pre>
 * Flags: bit 0 {@link #FLAG_PASSTHROUGH} (outside equals inside), bit 1 {@link #FLAG_INBOUND} (created by inbound
 * traffic), bit 2 {@link #FLAG_RESTORED} (re-created by a warm restart under a new session id).
 */
public final class NatSessionFlyweight extends JournalRecordFlyweight
{
    /** Offset of the session id (i64, see {@link SessionIds}). */
    public static final int SESSION_ID_OFFSET = HEADER_LENGTH;
    /** Offset of the inside address. */
    public static final int INSIDE_ADDRESS_OFFSET = SESSION_ID_OFFSET + 8;
    /** Offset of the outside address. */
    public static final int OUTSIDE_ADDRESS_OFFSET = INSIDE_ADDRESS_OFFSET + 4;
    /** Offset of the remote address. */
    public static final int REMOTE_ADDRESS_OFFSET = OUTSIDE_ADDRESS_OFFSET + 4;
    /** Offset of the inside port. */
    public static final int INSIDE_PORT_OFFSET = REMOTE_ADDRESS_OFFSET + 4;
    /** Offset of the outside port. */
    public static final int OUTSIDE_PORT_OFFSET = INSIDE_PORT_OFFSET + 2;
    /** Offset of the remote port. */
    public static final int REMOTE_PORT_OFFSET = OUTSIDE_PORT_OFFSET + 2;
    /** Offset of the path index (u8). */
    public static final int PATH_OFFSET = REMOTE_PORT_OFFSET + 2;
    /** Offset of the IP protocol (u8: 6, 17 or 1). */
    public static final int PROTOCOL_OFFSET = PATH_OFFSET + 1;
    /** Offset of the flags (u16). */
    public static final int FLAGS_OFFSET = PROTOCOL_OFFSET + 1;
    /** Offset of the end cause (u8). */
    public static final int CAUSE_OFFSET = FLAGS_OFFSET + 2;
    /** Length of the record. */
    public static final int LENGTH = CAUSE_OFFSET + 2;

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    /** Flag: passthrough session, the outside address and port equal the inside ones. */
    public static final int FLAG_PASSTHROUGH = 1;
    /** Flag: created by inbound traffic (e.g. a mapping opened toward the host). */
    public static final int FLAG_INBOUND = 2;
    /** Flag: re-created by a warm restart under a new session id. */
    public static final int FLAG_RESTORED = 4;

    /** End cause: none (a created record). */
    public static final int CAUSE_NONE = 0;
    /** End cause: idle timeout. */
    public static final int CAUSE_IDLE_TIMEOUT = 1;
    /** End cause: the linger after a RST is over (RFC 7857 section 2.2). */
    public static final int CAUSE_RST_LINGER = 2;
    /** End cause: closed by FINs in both directions (and the closing timeout). */
    public static final int CAUSE_FIN_CLOSED = 3;
    /** End cause: evicted from a full table. */
    public static final int CAUSE_EVICTED = 4;
    /** End cause: removed because its path failed over. */
    public static final int CAUSE_FAILOVER = 5;
    /** End cause: the gateway shut down. */
    public static final int CAUSE_SHUTDOWN = 6;

    private static final String[] CAUSE_LABELS = {
        "none", "idle-timeout", "rst-linger", "fin-closed", "evicted", "failover", "shutdown"};

    /**
     * @param cause an end cause.
     * @return its label (e.g. {@code idle-timeout}), or {@code cause-N} when unknown.
     */
    public static String causeLabel(final int cause)
    {
        return cause >= 0 && cause < CAUSE_LABELS.length ? CAUSE_LABELS[cause] : "cause-" + cause;
    }

    /**
     * @param protocol IP protocol number.
     * @return {@code tcp}, {@code udp}, {@code icmp} or the number.
     */
    public static String protocolName(final int protocol)
    {
        return switch (protocol)
        {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            default -> Integer.toString(protocol);
        };
    }

    /**
     * Write the whole record, header included, as six big-endian longs: the same bytes as {@link #header},
     * {@link #sessionId(long)}, {@link #inside}, {@link #outside}, {@link #remote} and {@link #attributes} field by
     * field, in six stores instead of seventeen (a worker writes one per new session).
     *
     * @param type        {@link #TYPE_SESSION_CREATED} or {@link #TYPE_SESSION_ENDED}.
     * @param worker      worker index.
     * @param timestampNs wall-clock time, epoch nanoseconds.
     * @param sessionId   session id.
     * @param insideIp    inside address.
     * @param insidePort  inside port.
     * @param outsideIp   outside address.
     * @param outsidePort outside port.
     * @param remoteIp    remote address.
     * @param remotePort  remote port.
     * @param path        path index.
     * @param protocol    IP protocol number.
     * @param flags       FLAG_* bits.
     * @param cause       end cause.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight record(
        final int type,
        final int worker,
        final long timestampNs,
        final long sessionId,
        final int insideIp,
        final int insidePort,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort,
        final int path,
        final int protocol,
        final int flags,
        final int cause)
    {
        // Byte k of the record is bits (63 - 8k) .. (56 - 8k) of its word (big-endian), as the field setters write.
        final long word0 = ((long)(type & 0xFFFF) << 48) | ((long)CURRENT_VERSION << 40) |
            ((long)(worker & 0xFFFF) << 16);
        final long word3 = ((long)insideIp << 32) | (outsideIp & 0xFFFF_FFFFL);
        final long word4 = ((long)remoteIp << 32) | ((long)(insidePort & 0xFFFF) << 16) | (outsidePort & 0xFFFF);
        final long word5 = ((long)(remotePort & 0xFFFF) << 48) | ((long)(path & 0xFF) << 40) |
            ((long)(protocol & 0xFF) << 32) | ((long)(flags & 0xFFFF) << 16) | ((long)(cause & 0xFF) << 8);
        final MutableDirectBuffer buffer = this.buffer;
        // One bounds check for the whole record, then plain stores (Agrona would check each of the six).
        buffer.boundsCheck(offset, LENGTH);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset() + offset;
        UnsafeApi.putLong(array, address, networkOrder(word0));
        UnsafeApi.putLong(array, address + TIMESTAMP_OFFSET, networkOrder(timestampNs));
        UnsafeApi.putLong(array, address + SESSION_ID_OFFSET, networkOrder(sessionId));
        UnsafeApi.putLong(array, address + INSIDE_ADDRESS_OFFSET, networkOrder(word3));
        UnsafeApi.putLong(array, address + REMOTE_ADDRESS_OFFSET, networkOrder(word4));
        UnsafeApi.putLong(array, address + REMOTE_PORT_OFFSET, networkOrder(word5));
        return this;
    }

    private static long networkOrder(final long value)
    {
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    /**
     * @param sessionId session id.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight sessionId(final long sessionId)
    {
        buffer.putLong(offset + SESSION_ID_OFFSET, sessionId, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return session id.
     */
    public long sessionId()
    {
        return buffer.getLong(offset + SESSION_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param address inside address.
     * @param port    inside port.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight inside(final int address, final int port)
    {
        buffer.putInt(offset + INSIDE_ADDRESS_OFFSET, address, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + INSIDE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @param address outside address.
     * @param port    outside port.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight outside(final int address, final int port)
    {
        buffer.putInt(offset + OUTSIDE_ADDRESS_OFFSET, address, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + OUTSIDE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @param address remote address.
     * @param port    remote port.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight remote(final int address, final int port)
    {
        buffer.putInt(offset + REMOTE_ADDRESS_OFFSET, address, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + REMOTE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @param path     path index.
     * @param protocol IP protocol number.
     * @param flags    FLAG_* bits.
     * @param cause    end cause, {@link #CAUSE_NONE} in a created record.
     * @return this for a fluent API.
     */
    public NatSessionFlyweight attributes(final int path, final int protocol, final int flags, final int cause)
    {
        buffer.putByte(offset + PATH_OFFSET, (byte)path);
        buffer.putByte(offset + PROTOCOL_OFFSET, (byte)protocol);
        buffer.putShort(offset + FLAGS_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + CAUSE_OFFSET, (byte)cause);
        buffer.putByte(offset + CAUSE_OFFSET + 1, (byte)0);
        return this;
    }

    /**
     * @return inside address.
     */
    public int insideAddress()
    {
        return buffer.getInt(offset + INSIDE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return outside address.
     */
    public int outsideAddress()
    {
        return buffer.getInt(offset + OUTSIDE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return remote address.
     */
    public int remoteAddress()
    {
        return buffer.getInt(offset + REMOTE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return inside port.
     */
    public int insidePort()
    {
        return buffer.getShort(offset + INSIDE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return outside port.
     */
    public int outsidePort()
    {
        return buffer.getShort(offset + OUTSIDE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return remote port.
     */
    public int remotePort()
    {
        return buffer.getShort(offset + REMOTE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return path index.
     */
    public int path()
    {
        return buffer.getByte(offset + PATH_OFFSET) & 0xFF;
    }

    /**
     * @return IP protocol number.
     */
    public int protocol()
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /**
     * @return FLAG_* bits.
     */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return end cause (CAUSE_*).
     */
    public int cause()
    {
        return buffer.getByte(offset + CAUSE_OFFSET) & 0xFF;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder b = appendHeader(new StringBuilder());
        b.append(" session=").append(SessionIds.toString(sessionId())).append(' ').append(protocolName(protocol()))
            .append(" inside=");
        appendEndpoint(b, insideAddress(), insidePort()).append(" outside=");
        appendEndpoint(b, outsideAddress(), outsidePort()).append(" remote=");
        appendEndpoint(b, remoteAddress(), remotePort()).append(" path=").append(path()).append(" flags=")
            .append(flags());
        if (TYPE_SESSION_ENDED == type())
        {
            b.append(" cause=").append(causeLabel(cause()));
        }
        return b.toString();
    }
}

package org.mptcpgw.gateway.journal;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The header every journal record starts with, and the catalog of record types. A record has the same bytes in the
 * ring between workers and the journal agent (the ring message body) and in the journal (one Chronicle document),
 * so the agent copies it without decoding. Every multi-byte field is big-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |          Record Type          |    Version    |   Reserved    |
 *  +-------------------------------+---------------+---------------+
 *  |         Worker Index          |           Reserved            |
 *  +-------------------------------+-------------------------------+
 *  |                                                               |
 *  +             Timestamp (wall clock, epoch nanoseconds)         +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Type-specific body ...                       |
 * </pre>
 * A reader accepts a record whose length is at least the length of its type (a newer writer may append fields and
 * raise the version); a shorter record or an unknown type is skipped and counted, never fatal.
 */
public class JournalRecordFlyweight
{
    /** Offset of the record type (u16). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the layout version (u8). */
    public static final int VERSION_OFFSET = 2;
    /** Offset of the worker index (u16). */
    public static final int WORKER_OFFSET = 4;
    /** Offset of the timestamp (i64, epoch nanoseconds). */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Length of the header. */
    public static final int HEADER_LENGTH = TIMESTAMP_OFFSET + 8;
    /** Layout version written by this code. */
    public static final int CURRENT_VERSION = 1;
    /** Worker index of records written by the control plane (not a forwarding worker). */
    public static final int CONTROL_WORKER = 0xFFFF;

    /** The gateway started: path names and configuration summary ({@link GatewayStartedFlyweight}). */
    public static final int TYPE_GATEWAY_STARTED = 1;
    /** The gateway stopped cleanly (header only). */
    public static final int TYPE_GATEWAY_STOPPED = 2;
    /** A NAT session was created ({@link NatSessionFlyweight}). */
    public static final int TYPE_SESSION_CREATED = 3;
    /** A NAT session ended ({@link NatSessionFlyweight}). */
    public static final int TYPE_SESSION_ENDED = 4;
    /** A NAT session is still in use ({@link SessionRefreshedFlyweight}). */
    public static final int TYPE_SESSION_REFRESHED = 5;
    /** An MPTCP connection is tracked by token ({@link MptcpTrackedFlyweight}). */
    public static final int TYPE_MPTCP_TRACKED = 6;
    /** An MPTCP subflow was placed on a path ({@link SubflowPlacedFlyweight}). */
    public static final int TYPE_SUBFLOW_PLACED = 7;
    /** An MPTCP connection ended ({@link MptcpEndedFlyweight}). */
    public static final int TYPE_MPTCP_ENDED = 8;
    /** A path changed health state ({@link PathStateFlyweight}). */
    public static final int TYPE_PATH_STATE = 9;

    private static final String[] TYPE_NAMES = {
        "unknown", "gateway-started", "gateway-stopped", "session-created", "session-ended", "session-refreshed",
        "mptcp-tracked", "subflow-placed", "mptcp-ended", "path-state"};

    /** The buffer the record lives in. */
    protected MutableDirectBuffer buffer;
    /** Offset of the record in the buffer. */
    protected int offset;

    /**
     * Minimum length of a record of a type.
     *
     * @param type record type.
     * @return its fixed length in bytes, or -1 when the type is unknown.
     */
    public static int minLength(final int type)
    {
        return switch (type)
        {
            case TYPE_GATEWAY_STARTED -> GatewayStartedFlyweight.FIXED_LENGTH;
            case TYPE_GATEWAY_STOPPED -> HEADER_LENGTH;
            case TYPE_SESSION_CREATED, TYPE_SESSION_ENDED -> NatSessionFlyweight.LENGTH;
            case TYPE_SESSION_REFRESHED -> SessionRefreshedFlyweight.LENGTH;
            case TYPE_MPTCP_TRACKED -> MptcpTrackedFlyweight.LENGTH;
            case TYPE_SUBFLOW_PLACED -> SubflowPlacedFlyweight.LENGTH;
            case TYPE_MPTCP_ENDED -> MptcpEndedFlyweight.LENGTH;
            case TYPE_PATH_STATE -> PathStateFlyweight.LENGTH;
            default -> -1;
        };
    }

    /**
     * @param type record type.
     * @return its name, for dumps and logs.
     */
    public static String typeName(final int type)
    {
        return type > 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : TYPE_NAMES[0];
    }

    /**
     * Point the flyweight at a record.
     *
     * @param buffer buffer holding the record.
     * @param offset offset of the record.
     * @return this for a fluent API.
     */
    public JournalRecordFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @return the buffer wrapped.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the offset wrapped.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Write the header.
     *
     * @param type        record type.
     * @param worker      worker index, or {@link #CONTROL_WORKER}.
     * @param timestampNs wall-clock time in epoch nanoseconds.
     * @return this for a fluent API.
     */
    public JournalRecordFlyweight header(final int type, final int worker, final long timestampNs)
    {
        buffer.putShort(offset + TYPE_OFFSET, (short)type, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, (byte)CURRENT_VERSION);
        buffer.putByte(offset + VERSION_OFFSET + 1, (byte)0);
        buffer.putShort(offset + WORKER_OFFSET, (short)worker, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + WORKER_OFFSET + 2, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNs, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return record type.
     */
    public int type()
    {
        return buffer.getShort(offset + TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return layout version of the writer.
     */
    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    /**
     * @return worker index, or {@link #CONTROL_WORKER}.
     */
    public int worker()
    {
        return buffer.getShort(offset + WORKER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return wall-clock time of the event in epoch nanoseconds.
     */
    public long timestampNs()
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Append the header fields (for toString of subclasses).
     *
     * @param builder where to append.
     * @return the builder.
     */
    protected StringBuilder appendHeader(final StringBuilder builder)
    {
        return builder.append(typeName(type())).append(" v").append(version()).append(" worker=").append(worker())
            .append(" ts=").append(timestampNs());
    }

    /**
     * Render an IPv4 address and port.
     *
     * @param builder where to append.
     * @param address address in network order (first octet in the high byte).
     * @param port    port.
     * @return the builder.
     */
    static StringBuilder appendEndpoint(final StringBuilder builder, final int address, final int port)
    {
        return builder.append((address >>> 24) & 0xFF).append('.').append((address >>> 16) & 0xFF).append('.')
            .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF).append(':').append(port);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return appendHeader(new StringBuilder()).toString();
    }
}

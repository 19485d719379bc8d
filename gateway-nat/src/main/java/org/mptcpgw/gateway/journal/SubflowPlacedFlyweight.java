package org.mptcpgw.gateway.journal;

import java.nio.ByteOrder;

/**
 * An MPTCP subflow was placed on a path: the MP_JOIN SYN's token (RFC 8684 section 3.2) tied it to a tracked
 * connection, or it was unknown and placed by hash. Written by the stage that placed it, because only that stage
 * knows the session and its outside tuple. The initial (MP_CAPABLE) subflow may be written too, with
 * {@link #FLAG_INITIAL}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                          Session ID                           +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Server Token (from the MP_JOIN SYN)             |
 *  +---------------------------------------------------------------+
 *  |                        Inside Address                         |
 *  +---------------------------------------------------------------+
 *  |                        Remote Address                         |
 *  +---------------------------------------------------------------+
 *  |                        Outside Address                        |
 *  +-------------------------------+-------------------------------+
 *  |          Inside Port          |          Remote Port          |
 *  +-------------------------------+---------------+---------------+
 *  |         Outside Port          |  Path Index   |     Flags     |
 *  +-------------------------------+---------------+---------------+
 * </pre>
 * Flags: bit 0 {@link #FLAG_UNKNOWN_TOKEN}, bit 1 {@link #FLAG_BACKUP} (MP_JOIN with the B bit), bit 2
 * {@link #FLAG_INITIAL}.
 */
public final class SubflowPlacedFlyweight extends JournalRecordFlyweight
{
    /** Offset of the session id. */
    public static final int SESSION_ID_OFFSET = HEADER_LENGTH;
    /** Offset of the server token. */
    public static final int SERVER_TOKEN_OFFSET = SESSION_ID_OFFSET + 8;
    /** Offset of the inside address. */
    public static final int INSIDE_ADDRESS_OFFSET = SERVER_TOKEN_OFFSET + 4;
    /** Offset of the remote address. */
    public static final int REMOTE_ADDRESS_OFFSET = INSIDE_ADDRESS_OFFSET + 4;
    /** Offset of the outside address. */
    public static final int OUTSIDE_ADDRESS_OFFSET = REMOTE_ADDRESS_OFFSET + 4;
    /** Offset of the inside port. */
    public static final int INSIDE_PORT_OFFSET = OUTSIDE_ADDRESS_OFFSET + 4;
    /** Offset of the remote port. */
    public static final int REMOTE_PORT_OFFSET = INSIDE_PORT_OFFSET + 2;
    /** Offset of the outside port. */
    public static final int OUTSIDE_PORT_OFFSET = REMOTE_PORT_OFFSET + 2;
    /** Offset of the path index (u8). */
    public static final int PATH_OFFSET = OUTSIDE_PORT_OFFSET + 2;
    /** Offset of the flags (u8). */
    public static final int FLAGS_OFFSET = PATH_OFFSET + 1;
    /** Length of the record. */
    public static final int LENGTH = FLAGS_OFFSET + 1;

    /** Flag: the token matched no tracked connection; the subflow was placed by hash. */
    public static final int FLAG_UNKNOWN_TOKEN = 1;
    /** Flag: the MP_JOIN asked for a backup subflow. */
    public static final int FLAG_BACKUP = 2;
    /** Flag: the initial (MP_CAPABLE) subflow of the connection. */
    public static final int FLAG_INITIAL = 4;

    /**
     * @param sessionId   session of the subflow.
     * @param serverToken token from the MP_JOIN SYN.
     * @param path        path index.
     * @param flags       FLAG_* bits.
     * @return this for a fluent API.
     */
    public SubflowPlacedFlyweight subflow(final long sessionId, final int serverToken, final int path, final int flags)
    {
        buffer.putLong(offset + SESSION_ID_OFFSET, sessionId, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + SERVER_TOKEN_OFFSET, serverToken, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + PATH_OFFSET, (byte)path);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        return this;
    }

    /**
     * @param insideAddress  inside address.
     * @param insidePort     inside port.
     * @param remoteAddress  remote address.
     * @param remotePort     remote port.
     * @param outsideAddress outside address.
     * @param outsidePort    outside port.
     * @return this for a fluent API.
     */
    public SubflowPlacedFlyweight tuple(
        final int insideAddress,
        final int insidePort,
        final int remoteAddress,
        final int remotePort,
        final int outsideAddress,
        final int outsidePort)
    {
        buffer.putInt(offset + INSIDE_ADDRESS_OFFSET, insideAddress, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + REMOTE_ADDRESS_OFFSET, remoteAddress, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + OUTSIDE_ADDRESS_OFFSET, outsideAddress, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + INSIDE_PORT_OFFSET, (short)insidePort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + REMOTE_PORT_OFFSET, (short)remotePort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + OUTSIDE_PORT_OFFSET, (short)outsidePort, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return session of the subflow.
     */
    public long sessionId()
    {
        return buffer.getLong(offset + SESSION_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return token from the MP_JOIN SYN.
     */
    public int serverToken()
    {
        return buffer.getInt(offset + SERVER_TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return inside address.
     */
    public int insideAddress()
    {
        return buffer.getInt(offset + INSIDE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return remote address.
     */
    public int remoteAddress()
    {
        return buffer.getInt(offset + REMOTE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return outside address.
     */
    public int outsideAddress()
    {
        return buffer.getInt(offset + OUTSIDE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return inside port.
     */
    public int insidePort()
    {
        return buffer.getShort(offset + INSIDE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return remote port.
     */
    public int remotePort()
    {
        return buffer.getShort(offset + REMOTE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return outside port.
     */
    public int outsidePort()
    {
        return buffer.getShort(offset + OUTSIDE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return path index.
     */
    public int path()
    {
        return buffer.getByte(offset + PATH_OFFSET) & 0xFF;
    }

    /**
     * @return FLAG_* bits.
     */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder b = appendHeader(new StringBuilder());
        b.append(" session=").append(SessionIds.toString(sessionId())).append(" serverToken=")
            .append(Integer.toHexString(serverToken())).append(" inside=");
        appendEndpoint(b, insideAddress(), insidePort()).append(" remote=");
        appendEndpoint(b, remoteAddress(), remotePort()).append(" outside=");
        appendEndpoint(b, outsideAddress(), outsidePort()).append(" path=").append(path()).append(" flags=")
            .append(flags());
        return b.toString();
    }
}

package org.mptcpgw.gateway.journal;

import java.nio.ByteOrder;

/**
 * An MPTCP connection is tracked: the server's MP_CAPABLE SYN/ACK carried key B, whose token the host puts in the
 * MP_JOIN SYNs of its new subflows (RFC 8684 section 3.1, RFC 6824 section 3.1 for version 0). Keys are the 64-bit
 * keys as sent on the wire; a key or token not known yet is 0. The initial subflow's session id is
 * {@link SessionIds#NONE} when the writer did not know it (replay then matches the initial subflow by its tuple).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                       Host Key (key A)                        +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                      Server Key (key B)                       +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                 Session ID of the Initial Subflow             +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Server Token (token of key B)                  |
 *  +---------------------------------------------------------------+
 *  |                 Host Token (token of key A)                   |
 *  +---------------------------------------------------------------+
 *  |                          Host Address                         |
 *  +---------------------------------------------------------------+
 *  |                         Server Address                        |
 *  +-------------------------------+-------------------------------+
 *  |           Host Port           |          Server Port          |
 *  +---------------+---------------+-------------------------------+
 *  |    Version    | Initial Path  |           Reserved            |
 *  +---------------+---------------+-------------------------------+
 * </pre>
 */
public final class MptcpTrackedFlyweight extends JournalRecordFlyweight
{
    /** Offset of key A. */
    public static final int HOST_KEY_OFFSET = HEADER_LENGTH;
    /** Offset of key B. */
    public static final int SERVER_KEY_OFFSET = HOST_KEY_OFFSET + 8;
    /** Offset of the initial subflow's session id. */
    public static final int INITIAL_SESSION_OFFSET = SERVER_KEY_OFFSET + 8;
    /** Offset of the server token. */
    public static final int SERVER_TOKEN_OFFSET = INITIAL_SESSION_OFFSET + 8;
    /** Offset of the host token. */
    public static final int HOST_TOKEN_OFFSET = SERVER_TOKEN_OFFSET + 4;
    /** Offset of the host address. */
    public static final int HOST_ADDRESS_OFFSET = HOST_TOKEN_OFFSET + 4;
    /** Offset of the server address. */
    public static final int SERVER_ADDRESS_OFFSET = HOST_ADDRESS_OFFSET + 4;
    /** Offset of the host port. */
    public static final int HOST_PORT_OFFSET = SERVER_ADDRESS_OFFSET + 4;
    /** Offset of the server port. */
    public static final int SERVER_PORT_OFFSET = HOST_PORT_OFFSET + 2;
    /** Offset of the MPTCP version (u8). */
    public static final int MPTCP_VERSION_OFFSET = SERVER_PORT_OFFSET + 2;
    /** Offset of the initial path (u8). */
    public static final int INITIAL_PATH_OFFSET = MPTCP_VERSION_OFFSET + 1;
    /** Length of the record. */
    public static final int LENGTH = INITIAL_PATH_OFFSET + 3;

    /**
     * @param hostKey   key A (0 when unknown).
     * @param serverKey key B.
     * @param hostToken token of key A (0 when unknown).
     * @param serverToken token of key B.
     * @return this for a fluent API.
     */
    public MptcpTrackedFlyweight keys(
        final long hostKey, final long serverKey, final int hostToken, final int serverToken)
    {
        buffer.putLong(offset + HOST_KEY_OFFSET, hostKey, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + SERVER_KEY_OFFSET, serverKey, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + HOST_TOKEN_OFFSET, hostToken, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + SERVER_TOKEN_OFFSET, serverToken, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @param hostAddress   host address.
     * @param hostPort      host port of the initial subflow.
     * @param serverAddress server address.
     * @param serverPort    server port.
     * @return this for a fluent API.
     */
    public MptcpTrackedFlyweight endpoints(
        final int hostAddress, final int hostPort, final int serverAddress, final int serverPort)
    {
        buffer.putInt(offset + HOST_ADDRESS_OFFSET, hostAddress, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + HOST_PORT_OFFSET, (short)hostPort, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + SERVER_ADDRESS_OFFSET, serverAddress, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + SERVER_PORT_OFFSET, (short)serverPort, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @param mptcpVersion     0 or 1.
     * @param initialPath      path of the initial subflow.
     * @param initialSessionId session of the initial subflow, or {@link SessionIds#NONE}.
     * @return this for a fluent API.
     */
    public MptcpTrackedFlyweight initial(final int mptcpVersion, final int initialPath, final long initialSessionId)
    {
        buffer.putByte(offset + MPTCP_VERSION_OFFSET, (byte)mptcpVersion);
        buffer.putByte(offset + INITIAL_PATH_OFFSET, (byte)initialPath);
        buffer.putShort(offset + INITIAL_PATH_OFFSET + 1, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + INITIAL_SESSION_OFFSET, initialSessionId, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return key A, 0 if unknown.
     */
    public long hostKey()
    {
        return buffer.getLong(offset + HOST_KEY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return key B.
     */
    public long serverKey()
    {
        return buffer.getLong(offset + SERVER_KEY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return session id of the initial subflow, or {@link SessionIds#NONE}.
     */
    public long initialSessionId()
    {
        return buffer.getLong(offset + INITIAL_SESSION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return token of key B.
     */
    public int serverToken()
    {
        return buffer.getInt(offset + SERVER_TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return token of key A, 0 if unknown.
     */
    public int hostToken()
    {
        return buffer.getInt(offset + HOST_TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return host address.
     */
    public int hostAddress()
    {
        return buffer.getInt(offset + HOST_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return server address.
     */
    public int serverAddress()
    {
        return buffer.getInt(offset + SERVER_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return host port of the initial subflow.
     */
    public int hostPort()
    {
        return buffer.getShort(offset + HOST_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return server port.
     */
    public int serverPort()
    {
        return buffer.getShort(offset + SERVER_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return MPTCP version (0 or 1).
     */
    public int mptcpVersion()
    {
        return buffer.getByte(offset + MPTCP_VERSION_OFFSET) & 0xFF;
    }

    /**
     * @return path of the initial subflow.
     */
    public int initialPath()
    {
        return buffer.getByte(offset + INITIAL_PATH_OFFSET) & 0xFF;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder b = appendHeader(new StringBuilder());
        b.append(" v").append(mptcpVersion()).append(" serverToken=").append(Integer.toHexString(serverToken()))
            .append(" hostToken=").append(Integer.toHexString(hostToken()))
            .append(" hostKey=").append(Long.toHexString(hostKey()))
            .append(" serverKey=").append(Long.toHexString(serverKey())).append(" host=");
        appendEndpoint(b, hostAddress(), hostPort()).append(" server=");
        appendEndpoint(b, serverAddress(), serverPort()).append(" initialPath=").append(initialPath())
            .append(" initialSession=").append(SessionIds.toString(initialSessionId()));
        return b.toString();
    }
}

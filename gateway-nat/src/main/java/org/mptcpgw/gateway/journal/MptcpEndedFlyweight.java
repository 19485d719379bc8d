package org.mptcpgw.gateway.journal;

import org.mptcpgw.core.mptcp.MptcpConnectionTable;

import java.nio.ByteOrder;

/**
 * An MPTCP connection is no longer tracked. The cause is one of {@link MptcpConnectionTable}'s {@code CAUSE_*}
 * values (closed, fastclose, idle, fallback, collision). The host address disambiguates a token that two hosts
 * happened to draw (the table then counts a collision).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------------------------------------------------------+
 *  |                 Server Token (token of key B)                 |
 *  +---------------------------------------------------------------+
 *  |                          Host Address                         |
 *  +---------------+-----------------------------------------------+
 *  |     Cause     |                   Reserved                    |
 *  +---------------+-----------------------------------------------+
 *  |                           Reserved                            |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class MptcpEndedFlyweight extends JournalRecordFlyweight
{
    /** Offset of the server token. */
    public static final int SERVER_TOKEN_OFFSET = HEADER_LENGTH;
    /** Offset of the host address. */
    public static final int HOST_ADDRESS_OFFSET = SERVER_TOKEN_OFFSET + 4;
    /** Offset of the cause (u8). */
    public static final int CAUSE_OFFSET = HOST_ADDRESS_OFFSET + 4;
    /** Length of the record. */
    public static final int LENGTH = CAUSE_OFFSET + 8;

    /**
     * @param cause a {@code MptcpConnectionTable.CAUSE_*} value.
     * @return its label.
     */
    public static String causeLabel(final int cause)
    {
        return cause >= 0 && cause < MptcpConnectionTable.CAUSE_LABELS.length ?
            MptcpConnectionTable.CAUSE_LABELS[cause] : "cause-" + cause;
    }

    /**
     * @param serverToken token of key B.
     * @param hostAddress host address.
     * @param cause       end cause.
     * @return this for a fluent API.
     */
    public MptcpEndedFlyweight ended(final int serverToken, final int hostAddress, final int cause)
    {
        buffer.putInt(offset + SERVER_TOKEN_OFFSET, serverToken, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + HOST_ADDRESS_OFFSET, hostAddress, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + CAUSE_OFFSET, 0L, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + CAUSE_OFFSET, (byte)cause);
        return this;
    }

    /**
     * @return token of key B.
     */
    public int serverToken()
    {
        return buffer.getInt(offset + SERVER_TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return host address.
     */
    public int hostAddress()
    {
        return buffer.getInt(offset + HOST_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return end cause.
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
        b.append(" serverToken=").append(Integer.toHexString(serverToken())).append(" host=");
        appendEndpoint(b, hostAddress(), 0).append(" cause=").append(causeLabel(cause()));
        return b.toString();
    }
}

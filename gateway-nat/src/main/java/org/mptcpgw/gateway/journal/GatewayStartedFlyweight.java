package org.mptcpgw.gateway.journal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The gateway started: the first record a process writes. It carries what readers need to interpret the records
 * after it: the path names by index, whether the process restored the previous state (warm restart) and with which
 * idle limit, and a one-line configuration summary. Written by the journal agent itself (control plane; this is
 * the only variable-length record).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Header (16 bytes, JournalRecordFlyweight)       |
 *  +---------------+---------------+-------------------------------+
 *  |     Flags     |  Path Count   |       Variable Length         |
 *  +---------------+---------------+-------------------------------+
 *  |                           Reserved                            |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +              Restore Idle Limit (nanoseconds)                 +
 *  |                                                               |
 *  +---------------+-----------------------------------------------+
 *  | Name Length   |  Path Name (ASCII) ... repeated Path Count    |
 *  +---------------+-----------------------------------------------+
 *  |  Configuration Summary (UTF-8, rest of the variable part) ... |
 *  +---------------------------------------------------------------+
 * </pre>
 * Flags: bit 0 {@link #FLAG_WARM_RESTART}. The restore idle limit is the longest idle timeout the replay used: at a
 * warm restart, sessions with no sign of life for longer were not restored.
 */
public final class GatewayStartedFlyweight extends JournalRecordFlyweight
{
    /** Offset of the flags (u8). */
    public static final int FLAGS_OFFSET = HEADER_LENGTH;
    /** Offset of the number of paths (u8). */
    public static final int PATH_COUNT_OFFSET = FLAGS_OFFSET + 1;
    /** Offset of the length of the variable part (u16). */
    public static final int VARIABLE_LENGTH_OFFSET = PATH_COUNT_OFFSET + 1;
    /** Offset of the restore idle limit (i64 nanoseconds). */
    public static final int RESTORE_IDLE_OFFSET = VARIABLE_LENGTH_OFFSET + 6;
    /** Offset of the variable part. */
    public static final int VARIABLE_OFFSET = RESTORE_IDLE_OFFSET + 8;
    /** Length of the fixed part. */
    public static final int FIXED_LENGTH = VARIABLE_OFFSET;
    /** Longest summary kept, in bytes (longer ones are cut). */
    public static final int MAX_SUMMARY_LENGTH = 2048;
    /** Longest path name kept, in bytes. */
    public static final int MAX_NAME_LENGTH = 32;
    /** Most paths recorded. */
    public static final int MAX_PATHS = 64;
    /** Longest record. */
    public static final int MAX_LENGTH = FIXED_LENGTH + MAX_PATHS * (1 + MAX_NAME_LENGTH) + MAX_SUMMARY_LENGTH;

    /** Flag: the process rebuilt the previous state from the journal. */
    public static final int FLAG_WARM_RESTART = 1;

    /**
     * Write the body (the header is written separately). Control plane only: allocates.
     *
     * @param flags         FLAG_* bits.
     * @param restoreIdleNs idle limit of the warm restart.
     * @param pathNames     path names by index.
     * @param summary       configuration summary.
     * @return the length of the record.
     */
    public int body(final int flags, final long restoreIdleNs, final List<String> pathNames, final String summary)
    {
        final int count = Math.min(pathNames.size(), MAX_PATHS);
        int position = offset + VARIABLE_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final byte[] name = cut(pathNames.get(i).getBytes(StandardCharsets.US_ASCII), MAX_NAME_LENGTH);
            buffer.putByte(position, (byte)name.length);
            buffer.putBytes(position + 1, name);
            position += 1 + name.length;
        }
        final byte[] text = cut(summary.getBytes(StandardCharsets.UTF_8), MAX_SUMMARY_LENGTH);
        buffer.putBytes(position, text);
        position += text.length;
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        buffer.putByte(offset + PATH_COUNT_OFFSET, (byte)count);
        buffer.putShort(offset + VARIABLE_LENGTH_OFFSET, (short)(position - offset - VARIABLE_OFFSET),
            ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + VARIABLE_LENGTH_OFFSET + 2, 0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + RESTORE_IDLE_OFFSET, restoreIdleNs, ByteOrder.BIG_ENDIAN);
        return position - offset;
    }

    private static byte[] cut(final byte[] bytes, final int max)
    {
        if (bytes.length <= max)
        {
            return bytes;
        }
        // A cut UTF-8 sequence at the end decodes as a replacement character; the summary is informational.
        final byte[] result = new byte[max];
        System.arraycopy(bytes, 0, result, 0, max);
        return result;
    }

    /**
     * Check that the variable part fits in a record of this length (readers call it before the accessors below).
     *
     * @param recordLength length of the record read.
     * @return true when the names and summary lie within the record.
     */
    public boolean isComplete(final int recordLength)
    {
        if (recordLength < FIXED_LENGTH || FIXED_LENGTH + variableLength() > recordLength)
        {
            return false;
        }
        final int end = offset + FIXED_LENGTH + variableLength();
        int position = offset + VARIABLE_OFFSET;
        for (int i = 0, count = pathCount(); i < count; i++)
        {
            if (position >= end)
            {
                return false;
            }
            position += 1 + (buffer.getByte(position) & 0xFF);
        }
        return position <= end;
    }

    /**
     * @return FLAG_* bits.
     */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * @return true when the process restored the previous state.
     */
    public boolean warmRestart()
    {
        return 0 != (flags() & FLAG_WARM_RESTART);
    }

    /**
     * @return number of path names.
     */
    public int pathCount()
    {
        return buffer.getByte(offset + PATH_COUNT_OFFSET) & 0xFF;
    }

    /**
     * @return length of the variable part.
     */
    public int variableLength()
    {
        return buffer.getShort(offset + VARIABLE_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return idle limit of the warm restart, nanoseconds.
     */
    public long restoreIdleNs()
    {
        return buffer.getLong(offset + RESTORE_IDLE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return path names by index (allocates; check {@link #isComplete(int)} first).
     */
    public String[] pathNames()
    {
        final String[] names = new String[pathCount()];
        int position = offset + VARIABLE_OFFSET;
        for (int i = 0; i < names.length; i++)
        {
            final int length = buffer.getByte(position) & 0xFF;
            names[i] = buffer.getStringWithoutLengthAscii(position + 1, length);
            position += 1 + length;
        }
        return names;
    }

    /**
     * @return the configuration summary (allocates; check {@link #isComplete(int)} first).
     */
    public String summary()
    {
        int position = offset + VARIABLE_OFFSET;
        for (int i = 0, count = pathCount(); i < count; i++)
        {
            position += 1 + (buffer.getByte(position) & 0xFF);
        }
        final int length = offset + FIXED_LENGTH + variableLength() - position;
        final byte[] text = new byte[Math.max(0, length)];
        buffer.getBytes(position, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return appendHeader(new StringBuilder()).append(" warm=").append(warmRestart()).append(" restoreIdleNs=")
            .append(restoreIdleNs()).append(" paths=").append(String.join(",", pathNames())).append(" summary=")
            .append(summary()).toString();
    }
}

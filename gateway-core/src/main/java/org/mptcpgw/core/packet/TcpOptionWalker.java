package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;


/**
 * Walks the TCP options area (RFC 9293 section 3.2) with the same four guards as the Linux option parsers
 * ({@code tcp_parse_options}, {@code mptcp_get_options}):
 * <ol>
 *     <li>End of Option List (kind 0) ends the walk;</li>
 *     <li>No-Operation (kind 1) skips one byte;</li>
 *     <li>fewer than 2 bytes left: stop (no room for a length byte);</li>
 *     <li>a length below 2 ("silly option") or longer than what is left: stop, and do not parse the partial
 *     option.</li>
 * </ol>
 * Known kinds are decoded only when their length is the one their RFC defines; otherwise they are counted as
 * malformed and skipped by their length, as the kernel ignores them. Unknown kinds are counted and skipped.
 * Kind 30 (MPTCP) options are recorded for the MPTCP parser. Stateless, allocation-free, and it reads only
 * inside {@code [offset, offset + length)}.
 */
public final class TcpOptionWalker
{
    private static final int MSS_LENGTH = 4;
    private static final int WINDOW_SCALE_LENGTH = 3;
    private static final int SACK_PERMITTED_LENGTH = 2;
    private static final int SACK_BASE_LENGTH = 2;
    private static final int SACK_BLOCK_LENGTH = 8;
    private static final int TIMESTAMPS_LENGTH = 10;
    private static final int MD5_LENGTH = 18;
    /** NOP, NOP, kind 8, length 10. */
    private static final int ALIGNED_TIMESTAMPS_HEAD = 0x0101_080A;
    private static final int ALIGNED_TIMESTAMPS_LENGTH = 12;

    private TcpOptionWalker()
    {
    }

    /**
     * Walk the options of a TCP header whose length has been validated.
     *
     * @param buffer       buffer holding the segment.
     * @param tcpOffset    offset of the TCP header.
     * @param headerLength TCP header length (data offset * 4), at least 20 and readable.
     * @param options      holder to fill; it is reset first.
     * @return the holder.
     */
    public static TcpOptions walkHeader(
        final DirectBuffer buffer, final int tcpOffset, final int headerLength, final TcpOptions options)
    {
        return walk(buffer, tcpOffset + TcpFlyweight.MIN_HEADER_LENGTH,
            headerLength - TcpFlyweight.MIN_HEADER_LENGTH, options);
    }

    /**
     * Walk an options area.
     *
     * @param buffer  buffer holding the options.
     * @param offset  first byte of the options area.
     * @param length  length of the options area (may be 0).
     * @param options holder to fill; it is reset first.
     * @return the holder.
     */
    public static TcpOptions walk(
        final DirectBuffer buffer, final int offset, final int length, final TcpOptions options)
    {
        options.reset();
        options.optionsOffset = offset;
        options.optionsLength = length;
        if (!FrameBytes.fits(buffer, offset, length))
        {
            options.truncated = true;
            return options;
        }
        int i = offset;
        int remaining = length;
        // Presence bits gathered in a register and stored once: a field updated per option would chain every option
        // through a store and a reload.
        int present = 0;
        // The layout almost every data segment has (RFC 7323 appendix A): NOP, NOP, timestamps first. Decoded in one
        // read and one compare, as the kernel's tcp_parse_aligned_timestamp does; the walk goes on after it.
        if (remaining >= ALIGNED_TIMESTAMPS_LENGTH && ALIGNED_TIMESTAMPS_HEAD == FrameBytes.getInt(buffer, i))
        {
            present = TcpOptions.TIMESTAMPS;
            final long values = FrameBytes.getLong(buffer, i + 4);
            options.timestampValue = (int)(values >>> 32);
            options.timestampEcho = (int)values;
            i += ALIGNED_TIMESTAMPS_LENGTH;
            remaining -= ALIGNED_TIMESTAMPS_LENGTH;
        }
        while (remaining > 0)
        {
            // Kind and length in one read when two bytes are left (one bounds check instead of two).
            final int word = remaining >= 2 ? FrameBytes.getShort(buffer, i) & 0xFFFF :
                (FrameBytes.getByte(buffer, i) & 0xFF) << 8;
            final int kind = word >>> 8;
            if (TcpOptions.KIND_EOL == kind)
            {
                break;
            }
            if (TcpOptions.KIND_NOP == kind)
            {
                i++;
                remaining--;
                continue;
            }
            if (remaining < 2)
            {
                options.truncated = true;
                break;
            }
            final int size = word & 0xFF;
            // Guard 4: a silly length, or an option running past the area, ends the walk unparsed.
            if (size < 2 || size > remaining)
            {
                options.truncated = true;
                break;
            }
            present |= decode(buffer, i, kind, size, options);
            i += size;
            remaining -= size;
        }
        options.present = present;
        return options;
    }

    /**
     * @return the presence bit of the option decoded, or 0.
     */
    private static int decode(
        final DirectBuffer buffer, final int at, final int kind, final int size, final TcpOptions options)
    {
        switch (kind)
        {
            case TcpOptions.KIND_MSS:
                return decodeMss(buffer, at, size, options);
            case TcpOptions.KIND_WINDOW_SCALE:
                return decodeWindowScale(buffer, at, size, options);
            case TcpOptions.KIND_SACK_PERMITTED:
                return flag(SACK_PERMITTED_LENGTH == size, TcpOptions.SACK_PERMITTED, options);
            case TcpOptions.KIND_SACK:
                return decodeSack(buffer, at, size, options);
            case TcpOptions.KIND_TIMESTAMPS:
                return decodeTimestamps(buffer, at, size, options);
            case TcpOptions.KIND_MPTCP:
                return recordMptcp(at, size, options);
            case TcpOptions.KIND_MD5:
                return flag(MD5_LENGTH == size, TcpOptions.MD5, options);
            case TcpOptions.KIND_AUTHENTICATION:
                return TcpOptions.AUTHENTICATION;
            case TcpOptions.KIND_FAST_OPEN:
                return TcpOptions.FAST_OPEN;
            default:
                options.unknownCount++;
                return 0;
        }
    }

    private static int flag(final boolean valid, final int bit, final TcpOptions options)
    {
        if (valid)
        {
            return bit;
        }
        options.malformedCount++;
        return 0;
    }

    private static int decodeMss(final DirectBuffer buffer, final int at, final int size, final TcpOptions options)
    {
        if (MSS_LENGTH == size)
        {
            options.mss = FrameBytes.getShort(buffer, at + 2) & 0xFFFF;
            options.mssOffset = at;
            return TcpOptions.MSS;
        }
        options.malformedCount++;
        return 0;
    }

    private static int decodeWindowScale(
        final DirectBuffer buffer, final int at, final int size, final TcpOptions options)
    {
        if (WINDOW_SCALE_LENGTH == size)
        {
            options.windowScale = FrameBytes.getByte(buffer, at + 2) & 0xFF;
            return TcpOptions.WINDOW_SCALE;
        }
        options.malformedCount++;
        return 0;
    }

    private static int decodeTimestamps(
        final DirectBuffer buffer, final int at, final int size, final TcpOptions options)
    {
        if (TIMESTAMPS_LENGTH == size)
        {
            final long values = FrameBytes.getLong(buffer, at + 2);
            options.timestampValue = (int)(values >>> 32);
            options.timestampEcho = (int)values;
            return TcpOptions.TIMESTAMPS;
        }
        options.malformedCount++;
        return 0;
    }

    private static int recordMptcp(final int at, final int size, final TcpOptions options)
    {
        final int count = options.mptcpCount;
        if (count < TcpOptions.MAX_MPTCP_OPTIONS)
        {
            options.mptcpOffset[count] = at;
            options.mptcpLength[count] = size;
            options.mptcpCount = count + 1;
            return TcpOptions.MPTCP;
        }
        return 0;
    }

    private static int decodeSack(final DirectBuffer buffer, final int at, final int size, final TcpOptions options)
    {
        final int blocksLength = size - SACK_BASE_LENGTH;
        if (blocksLength < SACK_BLOCK_LENGTH || 0 != blocksLength % SACK_BLOCK_LENGTH)
        {
            options.malformedCount++;
            return 0;
        }
        // At most 4 blocks fit in 40 bytes; the bound also protects the arrays if the area were larger.
        final int blocks = Math.min(blocksLength / SACK_BLOCK_LENGTH, TcpOptions.MAX_SACK_BLOCKS);
        for (int b = 0; b < blocks; b++)
        {
            final int edge = at + SACK_BASE_LENGTH + b * SACK_BLOCK_LENGTH;
            options.sackLeft[b] = FrameBytes.getInt(buffer, edge);
            options.sackRight[b] = FrameBytes.getInt(buffer, edge + 4);
        }
        options.sackBlockCount = blocks;
        return TcpOptions.SACK;
    }
}

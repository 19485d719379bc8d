package org.mptcpgw.core.packet;

/**
 * Reusable holder for the TCP options of one segment, filled by {@link TcpOptionWalker}: a presence bitmask
 * plus the decoded value of each known option (RFC 9293 section 3.2, RFC 7323 for window scale and timestamps,
 * RFC 2018 for SACK, RFC 8684 for kind 30).
 * <p>
 * MPTCP options are not decoded here: the holder records the offset and length of every kind-30 option (a
 * segment can carry several, e.g. DSS + ADD_ADDR) so that the MPTCP parser can decode them afterwards, and so
 * that a tool can re-parse each one individually. All offsets are absolute buffer indices.
 * <p>
 * Nothing is allocated after construction; {@link #reset()} clears the holder for the next segment.
 */
public final class TcpOptions
{
    /** Option kind: end of option list. */
    public static final int KIND_EOL = 0;
    /** Option kind: no-operation. */
    public static final int KIND_NOP = 1;
    /** Option kind: maximum segment size. */
    public static final int KIND_MSS = 2;
    /** Option kind: window scale. */
    public static final int KIND_WINDOW_SCALE = 3;
    /** Option kind: SACK permitted. */
    public static final int KIND_SACK_PERMITTED = 4;
    /** Option kind: SACK. */
    public static final int KIND_SACK = 5;
    /** Option kind: timestamps. */
    public static final int KIND_TIMESTAMPS = 8;
    /** Option kind: TCP MD5 signature (RFC 2385). */
    public static final int KIND_MD5 = 19;
    /** Option kind: TCP-AO (RFC 5925). */
    public static final int KIND_AUTHENTICATION = 29;
    /** Option kind: Multipath TCP (RFC 8684). */
    public static final int KIND_MPTCP = 30;
    /** Option kind: TCP Fast Open cookie (RFC 7413). */
    public static final int KIND_FAST_OPEN = 34;

    /** Presence bit: MSS. */
    public static final int MSS = 1;
    /** Presence bit: window scale. */
    public static final int WINDOW_SCALE = 1 << 1;
    /** Presence bit: SACK permitted. */
    public static final int SACK_PERMITTED = 1 << 2;
    /** Presence bit: SACK blocks. */
    public static final int SACK = 1 << 3;
    /** Presence bit: timestamps. */
    public static final int TIMESTAMPS = 1 << 4;
    /** Presence bit: at least one MPTCP option. */
    public static final int MPTCP = 1 << 5;
    /** Presence bit: TCP Fast Open. */
    public static final int FAST_OPEN = 1 << 6;
    /** Presence bit: MD5 signature. */
    public static final int MD5 = 1 << 7;
    /** Presence bit: TCP-AO. */
    public static final int AUTHENTICATION = 1 << 8;

    /** Most SACK blocks that fit in 40 bytes of options. */
    public static final int MAX_SACK_BLOCKS = 4;
    /** Most kind-30 options that fit in 40 bytes of options (2 bytes each at the least). */
    public static final int MAX_MPTCP_OPTIONS = 20;

    int present;
    int mss;
    int mssOffset;
    int windowScale;
    int sackBlockCount;
    final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    final int[] sackRight = new int[MAX_SACK_BLOCKS];
    int timestampValue;
    int timestampEcho;
    int mptcpCount;
    final int[] mptcpOffset = new int[MAX_MPTCP_OPTIONS];
    final int[] mptcpLength = new int[MAX_MPTCP_OPTIONS];
    int unknownCount;
    int malformedCount;
    boolean truncated;
    int optionsOffset;
    int optionsLength;

    /**
     * Clear the holder for the next segment: presence bits, counts and offsets.
     *
     * @return this.
     */
    public TcpOptions reset()
    {
        // Values of options (MSS, window scale, timestamps) are meaningful only under their presence bit.
        present = 0;
        mssOffset = -1;
        sackBlockCount = 0;
        mptcpCount = 0;
        unknownCount = 0;
        malformedCount = 0;
        truncated = false;
        optionsOffset = -1;
        optionsLength = 0;
        return this;
    }

    /**
     * @return presence bitmask (MSS, WINDOW_SCALE, ...).
     */
    public int present()
    {
        return present;
    }

    /**
     * @param bits presence bits to test.
     * @return true if all of them are present.
     */
    public boolean has(final int bits)
    {
        return bits == (present & bits);
    }

    /**
     * @return MSS value (valid if {@link #MSS} is present).
     */
    public int mss()
    {
        return mss;
    }

    /**
     * @return absolute offset of the MSS option's kind byte (the value is 2 bytes further), or -1: the pipeline
     * clamps the MSS in place there.
     */
    public int mssOffset()
    {
        return mssOffset;
    }

    /**
     * @return window scale shift count (valid if {@link #WINDOW_SCALE} is present).
     */
    public int windowScale()
    {
        return windowScale;
    }

    /**
     * @return number of SACK blocks.
     */
    public int sackBlockCount()
    {
        return sackBlockCount;
    }

    /**
     * @param index block index.
     * @return left edge of a SACK block.
     */
    public int sackLeft(final int index)
    {
        return sackLeft[index];
    }

    /**
     * @param index block index.
     * @return right edge of a SACK block.
     */
    public int sackRight(final int index)
    {
        return sackRight[index];
    }

    /**
     * @return TSval (valid if {@link #TIMESTAMPS} is present).
     */
    public int timestampValue()
    {
        return timestampValue;
    }

    /**
     * @return TSecr (valid if {@link #TIMESTAMPS} is present).
     */
    public int timestampEcho()
    {
        return timestampEcho;
    }

    /**
     * @return number of kind-30 options.
     */
    public int mptcpCount()
    {
        return mptcpCount;
    }

    /**
     * @param index option index, in wire order.
     * @return absolute offset of the option's kind byte.
     */
    public int mptcpOffset(final int index)
    {
        return mptcpOffset[index];
    }

    /**
     * @param index option index, in wire order.
     * @return the option's length byte (at least 2, within the options area).
     */
    public int mptcpLength(final int index)
    {
        return mptcpLength[index];
    }

    /**
     * @return options of unknown kind seen (skipped).
     */
    public int unknownCount()
    {
        return unknownCount;
    }

    /**
     * @return known options with a wrong length (skipped, as the kernel does).
     */
    public int malformedCount()
    {
        return malformedCount;
    }

    /**
     * @return true when the walk stopped at an option whose length byte is missing, below 2 or past the end.
     */
    public boolean truncated()
    {
        return truncated;
    }

    /**
     * @return absolute offset of the options area, or -1 if none was walked.
     */
    public int optionsOffset()
    {
        return optionsOffset;
    }

    /**
     * @return length of the options area in bytes.
     */
    public int optionsLength()
    {
        return optionsLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("TcpOptions{");
        if (has(MSS))
        {
            sb.append("mss=").append(mss).append(' ');
        }
        if (has(WINDOW_SCALE))
        {
            sb.append("wscale=").append(windowScale).append(' ');
        }
        if (has(SACK_PERMITTED))
        {
            sb.append("sackOK ");
        }
        for (int i = 0; i < sackBlockCount; i++)
        {
            sb.append("sack=").append(Integer.toUnsignedString(sackLeft[i])).append(':')
                .append(Integer.toUnsignedString(sackRight[i])).append(' ');
        }
        if (has(TIMESTAMPS))
        {
            sb.append("ts=").append(Integer.toUnsignedString(timestampValue)).append('/')
                .append(Integer.toUnsignedString(timestampEcho)).append(' ');
        }
        for (int i = 0; i < mptcpCount; i++)
        {
            sb.append("mptcp@").append(mptcpOffset[i]).append('/').append(mptcpLength[i]).append(' ');
        }
        return sb.append("unknown=").append(unknownCount).append(" malformed=").append(malformedCount)
            .append(" truncated=").append(truncated).append('}').toString();
    }
}

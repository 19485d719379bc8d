package org.mptcpgw.hostagent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One decoded MPTCP path-manager event (reused: {@link MptcpEventDecoder} overwrites it). Ports are host-order
 * numbers; addresses are kept as their network-order bytes (4 for IPv4, 16 for IPv6).
 */
public final class MptcpEvent
{
    /** Longest address: IPv6. */
    public static final int MAX_ADDRESS_LENGTH = 16;

    private final byte[] sourceAddress = new byte[MAX_ADDRESS_LENGTH];
    private final byte[] destinationAddress = new byte[MAX_ADDRESS_LENGTH];
    private int type;
    private long present;
    private int token;
    private int family;
    private int localId;
    private int remoteId;
    private int sourcePort;
    private int destinationPort;
    private int backup;
    private int error;
    private int flags;
    private int serverSide;
    private int ifIndex;
    private int resetReason;
    private int resetFlags;
    private int unknownAttributes;

    /**
     * Forget everything; the decoder calls this first.
     *
     * @param type the event type (MPTCP_EVENT_*).
     * @return this for a fluent API.
     */
    MptcpEvent reset(final int type)
    {
        this.type = type;
        present = 0;
        token = 0;
        family = 0;
        localId = 0;
        remoteId = 0;
        sourcePort = 0;
        destinationPort = 0;
        backup = 0;
        error = 0;
        flags = 0;
        serverSide = 0;
        ifIndex = 0;
        resetReason = 0;
        resetFlags = 0;
        unknownAttributes = 0;
        Arrays.fill(sourceAddress, (byte)0);
        Arrays.fill(destinationAddress, (byte)0);
        return this;
    }

    void markPresent(final int attribute)
    {
        present |= 1L << attribute;
    }

    /**
     * @param attribute an MPTCP_ATTR_* number.
     * @return true if the event carried it.
     */
    public boolean has(final int attribute)
    {
        return attribute >= 0 && attribute < Long.SIZE && 0 != (present & (1L << attribute));
    }

    /**
     * @return MPTCP_EVENT_* type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the connection's local token.
     */
    public int token()
    {
        return token;
    }

    MptcpEvent token(final int token)
    {
        this.token = token;
        return this;
    }

    /**
     * @return AF_INET or AF_INET6, 0 when absent.
     */
    public int family()
    {
        return family;
    }

    MptcpEvent family(final int family)
    {
        this.family = family;
        return this;
    }

    /**
     * @return 4 for AF_INET, 16 for AF_INET6, 0 otherwise.
     */
    public int addressLength()
    {
        return addressLength(family);
    }

    /**
     * @param family AF_INET or AF_INET6.
     * @return 4, 16, or 0 for other families.
     */
    public static int addressLength(final int family)
    {
        return MptcpPm.AF_INET == family ? 4 : (MptcpPm.AF_INET6 == family ? 16 : 0);
    }

    /**
     * @return local address id (MPTCP_ATTR_LOC_ID).
     */
    public int localId()
    {
        return localId;
    }

    MptcpEvent localId(final int localId)
    {
        this.localId = localId;
        return this;
    }

    /**
     * @return remote address id (MPTCP_ATTR_REM_ID).
     */
    public int remoteId()
    {
        return remoteId;
    }

    MptcpEvent remoteId(final int remoteId)
    {
        this.remoteId = remoteId;
        return this;
    }

    /**
     * @return the local (source) address bytes; the first {@link #addressLength()} are meaningful.
     */
    public byte[] sourceAddress()
    {
        return sourceAddress;
    }

    /**
     * @return the remote (destination) address bytes; the first {@link #addressLength()} are meaningful.
     */
    public byte[] destinationAddress()
    {
        return destinationAddress;
    }

    /**
     * @return local port.
     */
    public int sourcePort()
    {
        return sourcePort;
    }

    MptcpEvent sourcePort(final int sourcePort)
    {
        this.sourcePort = sourcePort;
        return this;
    }

    /**
     * @return remote port.
     */
    public int destinationPort()
    {
        return destinationPort;
    }

    MptcpEvent destinationPort(final int destinationPort)
    {
        this.destinationPort = destinationPort;
        return this;
    }

    /**
     * @return the backup flag of a subflow.
     */
    public int backup()
    {
        return backup;
    }

    MptcpEvent backup(final int backup)
    {
        this.backup = backup;
        return this;
    }

    /**
     * @return sk_err of a closed subflow (0 when absent), e.g. 111 ECONNREFUSED, 113 EHOSTUNREACH, 103 ECONNABORTED.
     */
    public int error()
    {
        return error;
    }

    MptcpEvent error(final int error)
    {
        this.error = error;
        return this;
    }

    /**
     * @return MPTCP_PM_EV_FLAG_* bits.
     */
    public int flags()
    {
        return flags;
    }

    MptcpEvent flags(final int flags)
    {
        this.flags = flags;
        return this;
    }

    MptcpEvent serverSideAttribute(final int serverSide)
    {
        this.serverSide = serverSide;
        return this;
    }

    /**
     * @return true for a connection accepted by a local listener (the attribute or the flag bit says so).
     */
    public boolean serverSide()
    {
        return 0 != serverSide || 0 != (flags & MptcpPm.EVENT_FLAG_SERVER_SIDE);
    }

    /**
     * @return interface index of a subflow, 0 when absent.
     */
    public int ifIndex()
    {
        return ifIndex;
    }

    MptcpEvent ifIndex(final int ifIndex)
    {
        this.ifIndex = ifIndex;
        return this;
    }

    /**
     * @return MP_TCPRST reason of a reset subflow, 0 when absent.
     */
    public int resetReason()
    {
        return resetReason;
    }

    MptcpEvent resetReason(final int resetReason)
    {
        this.resetReason = resetReason;
        return this;
    }

    /**
     * @return MP_TCPRST flags of a reset subflow, 0 when absent.
     */
    public int resetFlags()
    {
        return resetFlags;
    }

    MptcpEvent resetFlags(final int resetFlags)
    {
        this.resetFlags = resetFlags;
        return this;
    }

    /**
     * @return number of attributes of unknown type the event carried (skipped).
     */
    public int unknownAttributes()
    {
        return unknownAttributes;
    }

    void countUnknownAttribute()
    {
        unknownAttributes++;
    }

    /**
     * The token as the kernel prints it ({@code ss -M}, {@code ip mptcp monitor}).
     *
     * @return 8 lowercase hex digits.
     */
    public String tokenHex()
    {
        return tokenHex(token);
    }

    /**
     * @param token a token.
     * @return 8 lowercase hex digits.
     */
    public static String tokenHex(final int token)
    {
        final String hex = Integer.toHexString(token);
        return "00000000".substring(hex.length()) + hex;
    }

    /**
     * Text form of an address for logs (allocates).
     *
     * @param bytes  address bytes.
     * @param length 4 or 16.
     * @return e.g. "192.0.2.2" or "2001:db8::2", or "?" for other lengths.
     */
    public static String addressText(final byte[] bytes, final int length)
    {
        if (4 != length && 16 != length)
        {
            return "?";
        }
        try
        {
            return InetAddress.getByAddress(Arrays.copyOf(bytes, length)).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            return "?";
        }
    }

    /**
     * @return the event for logs: type, token, addresses, ports, ids, error.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(160).append(MptcpPm.eventName(type));
        if (has(MptcpPm.ATTR_TOKEN))
        {
            text.append(" token=").append(tokenHex());
        }
        if (0 != addressLength())
        {
            final String open = MptcpPm.AF_INET6 == family ? "[" : "";
            final String close = MptcpPm.AF_INET6 == family ? "]" : "";
            text.append(' ').append(open).append(addressText(sourceAddress, addressLength())).append(close)
                .append(':').append(sourcePort).append(" -> ").append(open)
                .append(addressText(destinationAddress, addressLength())).append(close).append(':')
                .append(destinationPort);
        }
        if (has(MptcpPm.ATTR_LOC_ID) || has(MptcpPm.ATTR_REM_ID))
        {
            text.append(" locid=").append(localId).append(" remid=").append(remoteId);
        }
        if (has(MptcpPm.ATTR_ERROR))
        {
            text.append(" error=").append(error);
        }
        if (has(MptcpPm.ATTR_RESET_REASON))
        {
            text.append(" reset_reason=").append(resetReason);
        }
        if (serverSide())
        {
            text.append(" server_side");
        }
        return text.toString();
    }
}

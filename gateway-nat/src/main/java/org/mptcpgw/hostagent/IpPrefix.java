package org.mptcpgw.hostagent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}; a bare address is a host prefix.
 * Matching compares address bytes in network order and allocates nothing.
 */
public final class IpPrefix
{
    private final int family;
    private final byte[] address;
    private final int length;

    private IpPrefix(final int family, final byte[] address, final int length)
    {
        this.family = family;
        this.address = address;
        this.length = length;
    }

    /**
     * Parse a prefix.
     *
     * @param text e.g. "203.0.113.0/24", "2001:db8::/32", "198.51.100.7".
     * @return the prefix (host bits are cleared).
     * @throws IllegalArgumentException with a one-line reason if the text is not a literal prefix.
     */
    public static IpPrefix parse(final String text)
    {
        final int slash = text.indexOf('/');
        final String addressText = slash < 0 ? text : text.substring(0, slash);
        if (addressText.isEmpty() || !addressText.matches("[0-9A-Fa-f:.]+") ||
            (addressText.indexOf(':') < 0 && !addressText.matches("\\d{1,3}(\\.\\d{1,3}){3}")))
        {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        final byte[] bytes;
        try
        {
            // A literal never causes a name lookup.
            bytes = InetAddress.getByName(addressText).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", ex);
        }
        final int bits = bytes.length * 8;
        final int length;
        if (slash < 0)
        {
            length = bits;
        }
        else
        {
            try
            {
                length = Integer.parseInt(text.substring(slash + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'", ex);
            }
            if (length < 0 || length > bits)
            {
                throw new IllegalArgumentException("prefix length must be 0.." + bits + " in '" + text + "'");
            }
        }
        for (int bit = length; bit < bits; bit++)
        {
            bytes[bit >> 3] &= (byte)~(0x80 >>> (bit & 7));
        }
        return new IpPrefix(4 == bytes.length ? MptcpPm.AF_INET : MptcpPm.AF_INET6, bytes, length);
    }

    /**
     * @param addressFamily AF_INET or AF_INET6.
     * @param bytes         address bytes in network order (at least 4 or 16).
     * @return true if the address is of this prefix's family and inside it.
     */
    public boolean contains(final int addressFamily, final byte[] bytes)
    {
        if (addressFamily != family)
        {
            return false;
        }
        final int whole = length >> 3;
        for (int i = 0; i < whole; i++)
        {
            if (bytes[i] != address[i])
            {
                return false;
            }
        }
        final int rest = length & 7;
        if (0 == rest)
        {
            return true;
        }
        final int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[whole] & mask) == (address[whole] & mask);
    }

    /**
     * @return AF_INET or AF_INET6.
     */
    public int family()
    {
        return family;
    }

    /**
     * @return prefix length in bits.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return e.g. "203.0.113.0/24".
     */
    @Override
    public String toString()
    {
        return MptcpEvent.addressText(address, address.length) + '/' + length;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(final Object other)
    {
        return other instanceof IpPrefix && family == ((IpPrefix)other).family &&
            length == ((IpPrefix)other).length && Arrays.equals(address, ((IpPrefix)other).address);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode()
    {
        return 31 * (31 * family + length) + Arrays.hashCode(address);
    }
}

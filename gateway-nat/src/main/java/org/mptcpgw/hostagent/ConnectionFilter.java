package org.mptcpgw.hostagent;

import java.util.List;

/**
 * Which outgoing connections get extra subflows: a connection matches when its destination address is in one of
 * the prefixes (or there are none) and its destination port is one of the ports (or there are none). Matching
 * allocates nothing.
 */
public final class ConnectionFilter
{
    /** Matches every connection. */
    public static final ConnectionFilter ALL = new ConnectionFilter(List.of(), new int[0]);

    private final IpPrefix[] prefixes;
    private final int[] ports;

    /**
     * @param prefixes destination prefixes (--dst); empty for any destination.
     * @param ports    destination ports (--port); empty for any port.
     */
    public ConnectionFilter(final List<IpPrefix> prefixes, final int[] ports)
    {
        this.prefixes = prefixes.toArray(new IpPrefix[0]);
        this.ports = ports.clone();
        for (final int port : this.ports)
        {
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
        }
    }

    /**
     * @param family             AF_INET or AF_INET6.
     * @param destinationAddress destination address bytes (network order).
     * @param destinationPort    destination port.
     * @return true if the connection should get extra subflows.
     */
    public boolean matches(final int family, final byte[] destinationAddress, final int destinationPort)
    {
        return matchesAddress(family, destinationAddress) && matchesPort(destinationPort);
    }

    private boolean matchesAddress(final int family, final byte[] destinationAddress)
    {
        if (0 == prefixes.length)
        {
            return true;
        }
        for (final IpPrefix prefix : prefixes)
        {
            if (prefix.contains(family, destinationAddress))
            {
                return true;
            }
        }
        return false;
    }

    private boolean matchesPort(final int destinationPort)
    {
        if (0 == ports.length)
        {
            return true;
        }
        for (final int port : ports)
        {
            if (port == destinationPort)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the filter for logs.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("dst=");
        if (0 == prefixes.length)
        {
            text.append("any");
        }
        for (int i = 0; i < prefixes.length; i++)
        {
            text.append(i > 0 ? "," : "").append(prefixes[i]);
        }
        text.append(" port=");
        if (0 == ports.length)
        {
            text.append("any");
        }
        for (int i = 0; i < ports.length; i++)
        {
            text.append(i > 0 ? "," : "").append(ports[i]);
        }
        return text.toString();
    }
}

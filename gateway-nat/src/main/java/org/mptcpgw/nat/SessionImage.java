package org.mptcpgw.nat;

/**
 * Mutable holder for every field of one session: {@link NatSessionTable#copy(int, SessionImage)} fills it (for
 * the journal or a dump) and {@link NatSessionTable#restore(SessionImage, long)} re-creates a session from it at
 * warm restart. Reuse one instance; setters return this. Addresses are network-order ints.
 */
public final class SessionImage
{
    private int path;
    private int protocol;
    private int insideIp;
    private int insidePort;
    private int outsideIp;
    private int outsidePort;
    private int remoteIp;
    private int remotePort;
    private int state;
    private long lastActivityNs;
    private int userData;
    private int flags;
    private boolean passThrough;
    private boolean inboundInitiated;

    /**
     * Reset every field to zero or false.
     *
     * @return this for a fluent API.
     */
    public SessionImage clear()
    {
        path = 0;
        protocol = 0;
        insideIp = 0;
        insidePort = 0;
        outsideIp = 0;
        outsidePort = 0;
        remoteIp = 0;
        remotePort = 0;
        state = 0;
        lastActivityNs = 0;
        userData = 0;
        flags = 0;
        passThrough = false;
        inboundInitiated = false;
        return this;
    }

    /**
     * @return path index.
     */
    public int path()
    {
        return path;
    }

    /**
     * @param path path index.
     * @return this for a fluent API.
     */
    public SessionImage path(final int path)
    {
        this.path = path;
        return this;
    }

    /**
     * @return IP protocol number.
     */
    public int protocol()
    {
        return protocol;
    }

    /**
     * @param protocol IP protocol number.
     * @return this for a fluent API.
     */
    public SessionImage protocol(final int protocol)
    {
        this.protocol = protocol;
        return this;
    }

    /**
     * @return inside address.
     */
    public int insideIp()
    {
        return insideIp;
    }

    /**
     * @param insideIp inside address.
     * @return this for a fluent API.
     */
    public SessionImage insideIp(final int insideIp)
    {
        this.insideIp = insideIp;
        return this;
    }

    /**
     * @return inside port or echo identifier.
     */
    public int insidePort()
    {
        return insidePort;
    }

    /**
     * @param insidePort inside port or echo identifier.
     * @return this for a fluent API.
     */
    public SessionImage insidePort(final int insidePort)
    {
        this.insidePort = insidePort;
        return this;
    }

    /**
     * @return outside address.
     */
    public int outsideIp()
    {
        return outsideIp;
    }

    /**
     * @param outsideIp outside address.
     * @return this for a fluent API.
     */
    public SessionImage outsideIp(final int outsideIp)
    {
        this.outsideIp = outsideIp;
        return this;
    }

    /**
     * @return outside port or echo identifier.
     */
    public int outsidePort()
    {
        return outsidePort;
    }

    /**
     * @param outsidePort outside port or echo identifier.
     * @return this for a fluent API.
     */
    public SessionImage outsidePort(final int outsidePort)
    {
        this.outsidePort = outsidePort;
        return this;
    }

    /**
     * @return remote address.
     */
    public int remoteIp()
    {
        return remoteIp;
    }

    /**
     * @param remoteIp remote address.
     * @return this for a fluent API.
     */
    public SessionImage remoteIp(final int remoteIp)
    {
        this.remoteIp = remoteIp;
        return this;
    }

    /**
     * @return remote port (0 for ICMP).
     */
    public int remotePort()
    {
        return remotePort;
    }

    /**
     * @param remotePort remote port (0 for ICMP).
     * @return this for a fluent API.
     */
    public SessionImage remotePort(final int remotePort)
    {
        this.remotePort = remotePort;
        return this;
    }

    /**
     * @return state byte, see {@link SessionState}.
     */
    public int state()
    {
        return state;
    }

    /**
     * @param state state byte, see {@link SessionState}.
     * @return this for a fluent API.
     */
    public SessionImage state(final int state)
    {
        this.state = state;
        return this;
    }

    /**
     * @return time of the last refreshing packet, ns.
     */
    public long lastActivityNs()
    {
        return lastActivityNs;
    }

    /**
     * @param lastActivityNs time of the last refreshing packet, ns.
     * @return this for a fluent API.
     */
    public SessionImage lastActivityNs(final long lastActivityNs)
    {
        this.lastActivityNs = lastActivityNs;
        return this;
    }

    /**
     * @return the pipeline's user data.
     */
    public int userData()
    {
        return userData;
    }

    /**
     * @param userData the pipeline's user data.
     * @return this for a fluent API.
     */
    public SessionImage userData(final int userData)
    {
        this.userData = userData;
        return this;
    }

    /**
     * @return the pipeline's flags.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @param flags the pipeline's flags.
     * @return this for a fluent API.
     */
    public SessionImage flags(final int flags)
    {
        this.flags = flags;
        return this;
    }

    /**
     * @return true for a session that is not translated.
     */
    public boolean passThrough()
    {
        return passThrough;
    }

    /**
     * @param passThrough true for a session that is not translated.
     * @return this for a fluent API.
     */
    public SessionImage passThrough(final boolean passThrough)
    {
        this.passThrough = passThrough;
        return this;
    }

    /**
     * @return true when an inbound packet created the session.
     */
    public boolean inboundInitiated()
    {
        return inboundInitiated;
    }

    /**
     * @param inboundInitiated true when an inbound packet created the session.
     * @return this for a fluent API.
     */
    public SessionImage inboundInitiated(final boolean inboundInitiated)
    {
        this.inboundInitiated = inboundInitiated;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "SessionImage{path=" + path + ", " + NatProtocol.name(protocol) + ' ' +
            NatSessionTable.ipToString(insideIp) + ':' + insidePort + " -> " +
            NatSessionTable.ipToString(outsideIp) + ':' + outsidePort + " <-> " +
            NatSessionTable.ipToString(remoteIp) + ':' + remotePort + ", state=" + SessionState.toString(state) +
            ", lastActivityNs=" + lastActivityNs + ", userData=" + userData + ", flags=" + flags +
            (passThrough ? ", pass-through" : "") + (inboundInitiated ? ", inbound-initiated" : "") + '}';
    }
}

package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.nativeio.LinuxConstants;

/**
 * One decoded RTM_NEWLINK or RTM_DELLINK message, reused for every message (a flyweight holder: copy what
 * must outlive the callback).
 */
public final class LinkEvent
{
    int messageType;
    int ifIndex;
    int flags;
    int operState = -1;
    int carrier = -1;
    int mtu = -1;
    final StringBuilder name = new StringBuilder(LinuxConstants.IFNAMSIZ);

    void reset(final int messageType, final int ifIndex, final int flags)
    {
        this.messageType = messageType;
        this.ifIndex = ifIndex;
        this.flags = flags;
        this.operState = -1;
        this.carrier = -1;
        this.mtu = -1;
        this.name.setLength(0);
    }

    /**
     * @return RTM_NEWLINK or RTM_DELLINK.
     */
    public int messageType()
    {
        return messageType;
    }

    /**
     * @return true for RTM_DELLINK: the interface is gone.
     */
    public boolean deleted()
    {
        return LinuxConstants.RTM_DELLINK == messageType;
    }

    /**
     * @return interface index.
     */
    public int ifIndex()
    {
        return ifIndex;
    }

    /**
     * @return ifi_flags (IFF_*, 32 bits, IFF_LOWER_UP included).
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return IFLA_OPERSTATE (IF_OPER_*), or -1 if the message had none.
     */
    public int operState()
    {
        return operState;
    }

    /**
     * @return IFLA_CARRIER (0 or 1), or -1 if the message had none.
     */
    public int carrier()
    {
        return carrier;
    }

    /**
     * @return IFLA_MTU, or -1 if the message had none.
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * @return IFLA_IFNAME, empty if the message had none. Valid during the callback only.
     */
    public CharSequence name()
    {
        return name;
    }

    /**
     * @return true if the link can carry traffic: present, administratively up (IFF_UP) and operationally up
     * (IFF_RUNNING, which the kernel sets only with carrier).
     */
    public boolean carrierUp()
    {
        final int both = LinuxConstants.IFF_UP | LinuxConstants.IFF_RUNNING;
        return !deleted() && both == (flags & both);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "LinkEvent{" + (deleted() ? "DELLINK" : "NEWLINK") + " index=" + ifIndex + " name=" + name +
            " flags=0x" + Integer.toHexString(flags) + " operState=" + operState + " carrier=" + carrier +
            " mtu=" + mtu + " carrierUp=" + carrierUp() + '}';
    }
}

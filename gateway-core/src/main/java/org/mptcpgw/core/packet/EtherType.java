package org.mptcpgw.core.packet;

/**
 * EtherType values (IEEE 802 numbers registry) the codecs know.
 */
public final class EtherType
{
    /** Values below this are IEEE 802.3 length fields, not EtherTypes. */
    public static final int MIN_ETHERTYPE = 0x0600;
    /** IPv4. */
    public static final int IPV4 = 0x0800;
    /** ARP (RFC 826). */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** IPv6. */
    public static final int IPV6 = 0x86DD;
    /** IEEE 802.1ad service VLAN tag (QinQ outer tag). */
    public static final int QINQ = 0x88A8;

    private EtherType()
    {
    }

    /**
     * @param etherType an EtherType.
     * @return true for a VLAN tag protocol identifier (802.1Q or 802.1ad).
     */
    public static boolean isVlanTag(final int etherType)
    {
        return VLAN == etherType || QINQ == etherType;
    }
}

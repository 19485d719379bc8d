package org.mptcpgw.core.lab;

/**
 * What the gw namespace's kernel does (see docs/lab.md).
 */
public enum LabMode
{
    /** No addresses, no forwarding: the userspace gateway bridges and NATs through AF_PACKET. */
    INLINE("inline"),
    /** Kernel bridge of lan and wan1: baseline (a), one path. */
    BRIDGE("bridge"),
    /** Kernel router with per-uplink masquerade and nft MP_JOIN steering: baseline (b). */
    ROUTER("router");

    private final String modeName;

    LabMode(final String modeName)
    {
        this.modeName = modeName;
    }

    /**
     * Name of the mode as lab.sh spells it.
     *
     * @return e.g. "bridge".
     */
    public String modeName()
    {
        return modeName;
    }
}

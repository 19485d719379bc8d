package org.mptcpgw.gateway.config;

/**
 * One uplink as configured.
 *
 * @param index           path index (order of first appearance in the file).
 * @param name            label, e.g. isp1.
 * @param interfaceName   interface of the uplink.
 * @param role            primary, secondary or backup.
 * @param mode            passthrough or nat.
 * @param address         the gateway's own address on the uplink (network order int), 0 if none.
 * @param nextHop         the ISP router (network order int).
 * @param nextHopMac      static MAC of the next hop, 0 to resolve with ARP.
 * @param weight          relative share of new subflows, 1-1000.
 * @param mtu             path MTU, 0 for the interface MTU.
 * @param sourcePrefixes  pinned LAN sources as pairs (address, prefix length), empty if none.
 * @param probeTarget     address probed through the path, 0 for no active probe.
 */
public record PathConfig(
    int index,
    String name,
    String interfaceName,
    Role role,
    Mode mode,
    int address,
    int nextHop,
    long nextHopMac,
    int weight,
    int mtu,
    int[] sourcePrefixes,
    int probeTarget)
{
    /**
     * Role of a path in placement.
     */
    public enum Role
    {
        /** The path the LAN's router sits on. */
        PRIMARY,
        /** An extra uplink. */
        SECONDARY,
        /** Used only when no primary or secondary path is healthy, or for backup subflows. */
        BACKUP
    }

    /**
     * How flows on the path are forwarded.
     */
    public enum Mode
    {
        /** Forward unchanged (the far side routes the LAN prefix back). */
        PASSTHROUGH,
        /** Source NAT to the path address. */
        NAT
    }

    /**
     * @param source a LAN source address.
     * @return true when the address falls in one of the path's pinned source prefixes.
     */
    public boolean pins(final int source)
    {
        for (int i = 0; i < sourcePrefixes.length; i += 2)
        {
            final int length = sourcePrefixes[i + 1];
            final int mask = 0 == length ? 0 : -1 << (32 - length);
            if ((source & mask) == (sourcePrefixes[i] & mask))
            {
                return true;
            }
        }
        return false;
    }
}

package org.mptcpgw.nat;

/**
 * Direction of a packet relative to the NAT, as passed to {@link NatSessionTable#onPacket(int, int, int, long)}.
 * Plain int constants so that the per-packet call passes a primitive.
 */
public final class FlowDirection
{
    /** From the inside (LAN) towards the remote endpoint through the path. */
    public static final int OUTBOUND = 0;
    /** From the remote endpoint through the path towards the inside (LAN). */
    public static final int INBOUND = 1;

    private FlowDirection()
    {
    }
}

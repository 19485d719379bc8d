package org.mptcpgw.bench.pipeline;

/**
 * What the rig replays through the pipeline. Every mix runs over the same pre-established flows: MPTCP
 * connections of two subflows each, the initial subflow passing through on the primary path (isp1) and the MP_JOIN
 * subflow translated on isp2, half of the connections uploading and half downloading.
 */
public enum TrafficMix
{
    /**
     * The realistic mix: every port carries traffic (lan outbound on both subflows, wan1 and wan2 inbound), two
     * thirds 1514-byte data segments and one third 60-byte ACKs (one ACK per two segments), and one frame in 64 a
     * SYN (or SYN/ACK) re-sent on an existing subflow.
     */
    MIXED("mixed", true, true, true, true, true),
    /** As {@link #MIXED}, but every data segment is as short as an ACK: 60-byte frames (64 on a wire). */
    SMALL("small", true, true, true, false, true),
    /** NAT translation outbound only: 60-byte ACKs of the isp2 subflows from the LAN. */
    NAT_OUTBOUND("nat-out", true, false, false, false, false),
    /** NAT translation inbound only: 60-byte ACKs to the gateway's isp2 address, translated back to the hosts. */
    NAT_INBOUND("nat-in", false, false, true, false, false),
    /** Pass-through only: 60-byte ACKs of the isp1 subflows from the LAN, bridged unchanged to wan1. */
    PASS_THROUGH("pass", true, false, false, false, false);

    private final String label;
    private final boolean lan;
    private final boolean wan1;
    private final boolean wan2;
    private final boolean fullSizedData;
    private final boolean resentSyns;

    TrafficMix(
        final String label,
        final boolean lan,
        final boolean wan1,
        final boolean wan2,
        final boolean fullSizedData,
        final boolean resentSyns)
    {
        this.label = label;
        this.lan = lan;
        this.wan1 = wan1;
        this.wan2 = wan2;
        this.fullSizedData = fullSizedData;
        this.resentSyns = resentSyns;
    }

    /**
     * @return the name used on command lines and in JMH parameters.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return true when frames enter on the LAN port.
     */
    public boolean lan()
    {
        return lan;
    }

    /**
     * @return true when frames enter on the primary uplink (pass-through return traffic).
     */
    public boolean wan1()
    {
        return wan1;
    }

    /**
     * @return true when frames enter on the NAT uplink (translated return traffic).
     */
    public boolean wan2()
    {
        return wan2;
    }

    /**
     * @return true when data segments are full-sized (1514-byte frames), false when every frame is 60 bytes.
     */
    public boolean fullSizedData()
    {
        return fullSizedData;
    }

    /**
     * @return true for the two-way mixes (data one way, ACKs the other), false for the one-port ACK streams.
     */
    public boolean mixed()
    {
        return lan && (wan1 || wan2);
    }

    /**
     * @return true when one frame in 64 is a re-sent SYN or SYN/ACK; false for pure ACK streams.
     */
    public boolean resentSyns()
    {
        return resentSyns;
    }

    /**
     * @param label a label such as {@code nat-out}.
     * @return the mix.
     * @throws IllegalArgumentException for an unknown label.
     */
    public static TrafficMix of(final String label)
    {
        for (final TrafficMix mix : values())
        {
            if (mix.label.equals(label))
            {
                return mix;
            }
        }
        throw new IllegalArgumentException("unknown mix '" + label + "' (mixed, small, nat-out, nat-in, pass)");
    }
}

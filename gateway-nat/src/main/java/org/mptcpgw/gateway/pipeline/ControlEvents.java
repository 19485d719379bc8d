package org.mptcpgw.gateway.pipeline;

/**
 * What a worker tells the control plane about paths, from the traffic it forwards: probe replies, and whether
 * SYN/ACKs on a path keep the MPTCP option (to detect uplinks that strip it). Implementations hand the events to the
 * health agent through a ring and never block; a full ring loses the event (counted).
 */
public interface ControlEvents
{
    /** Drops every event (tests, replay). */
    ControlEvents NONE = new ControlEvents()
    {
        public void probeReply(final int path, final int sequence, final long rttNs)
        {
        }

        public void mptcpAnswer(final int path, final boolean optionKept)
        {
        }
    };

    /**
     * An echo reply to one of the gateway's probes arrived.
     *
     * @param path     path the probe was sent on.
     * @param sequence its sequence number.
     * @param rttNs    round-trip time: receive time minus the send time the probe carried in its payload, both
     *                 taken by the worker, so queueing on the way to the worker does not count.
     */
    void probeReply(int path, int sequence, long rttNs);

    /**
     * A SYN/ACK answered an MPTCP SYN (MP_CAPABLE or MP_JOIN) on a path.
     *
     * @param path       the path.
     * @param optionKept true when the SYN/ACK carried the MPTCP option, false when it came without it.
     */
    void mptcpAnswer(int path, boolean optionKept);
}

package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.nativeio.LinuxConstants;

/**
 * How the kernel spreads frames over the sockets of one PACKET_FANOUT group (several workers opening the same
 * interface).
 */
public enum FanoutMode
{
    /** By the kernel's flow hash (addresses and ports), so that every frame of a flow reaches the same socket. */
    HASH(LinuxConstants.PACKET_FANOUT_HASH),
    /** Round robin. */
    LB(LinuxConstants.PACKET_FANOUT_LB),
    /** By the CPU the frame arrived on. */
    CPU(LinuxConstants.PACKET_FANOUT_CPU),
    /** Fill one socket, then the next. */
    ROLLOVER(LinuxConstants.PACKET_FANOUT_ROLLOVER),
    /** By the recorded receive queue of the NIC. */
    QUEUE_MAPPING(LinuxConstants.PACKET_FANOUT_QM);

    private final int kernelValue;

    FanoutMode(final int kernelValue)
    {
        this.kernelValue = kernelValue;
    }

    /**
     * @return the PACKET_FANOUT type value.
     */
    public int kernelValue()
    {
        return kernelValue;
    }
}

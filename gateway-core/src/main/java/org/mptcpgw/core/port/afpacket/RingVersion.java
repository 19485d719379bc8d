package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.nativeio.LinuxConstants;

/**
 * Packet ring layout (PACKET_VERSION).
 * <p>
 * {@link #V2}: fixed-size frame slots, each handed to user space as soon as the kernel filled it. Lowest
 * latency at any rate; a frame longer than a slot is truncated in the ring (the port then reads the full copy
 * the kernel queued to the socket, see {@link AfPacketConfig#oversizeCopy()}).
 * <p>
 * {@link #V3}: variable-size frames packed into blocks; user space sees a block only when it is full or its
 * retire timer ({@link AfPacketConfig#retireBlockTimeoutMs()}) expires. Fewer cache lines and status reads per
 * frame under load and no per-frame size limit, but at low rates every frame waits up to the timer: about one
 * millisecond per crossing with the minimum timer of 1 ms.
 */
public enum RingVersion
{
    /** TPACKET_V2. */
    V2(LinuxConstants.TPACKET_V2),
    /** TPACKET_V3. */
    V3(LinuxConstants.TPACKET_V3);

    private final int kernelValue;

    RingVersion(final int kernelValue)
    {
        this.kernelValue = kernelValue;
    }

    /**
     * @return the PACKET_VERSION value.
     */
    public int kernelValue()
    {
        return kernelValue;
    }
}

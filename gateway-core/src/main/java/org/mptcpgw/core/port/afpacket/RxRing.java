package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.port.FrameVector;

/**
 * The receive side of an {@link AfPacketPort}: hands out frames of a mapped ring and gives them back.
 */
interface RxRing
{
    /**
     * Append handles to frames the kernel has filled, without blocking.
     *
     * @param vector    vector to append to.
     * @param portIndex port index recorded with each frame.
     * @param nowNs     receive time recorded with each frame.
     * @return number of frames appended.
     */
    int receive(FrameVector vector, int portIndex, long nowNs);

    /**
     * Return every frame handed out since the last release to the kernel (store-release of the status word).
     */
    void release();
}

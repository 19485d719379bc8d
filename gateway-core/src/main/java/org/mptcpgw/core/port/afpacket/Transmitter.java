package org.mptcpgw.core.port.afpacket;

/**
 * The transmit side of an {@link AfPacketPort} (see {@link org.mptcpgw.core.port.Port#claim(int)} for the
 * contract of claim, commit and flush).
 */
interface Transmitter
{
    long claim(int frameLength);

    void commit(long address, int frameLength);

    int flush();

    int maxFrameLength();

    /**
     * @return frames committed but not yet taken by the kernel.
     */
    int pending();

    void close();
}

package org.mptcpgw.core.port.afpacket;

/**
 * How an {@link AfPacketPort} transmits.
 */
public enum TxMode
{
    /**
     * Frames are written into a memory-mapped PACKET_TX_RING and sent by one {@code send(fd, NULL, 0,
     * MSG_DONTWAIT)} per flush: one system call per batch.
     */
    TX_RING,
    /** Each committed frame is sent at once with its own {@code send()} on a bound socket. */
    SEND
}

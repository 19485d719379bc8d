package org.mptcpgw.core.engine;

import org.mptcpgw.core.port.FrameVector;

/**
 * Finishes a transport checksum in software when a frame received with only the pseudo-header sum
 * ({@link FrameVector#FLAG_CSUM_PARTIAL}) must leave through a port that cannot ask the kernel to finish it
 * (a port without a virtio-net header, a pcap file).
 */
@FunctionalInterface
public interface PartialChecksumCompleter
{
    /**
     * Complete the checksum in place.
     *
     * @param frames vector holding the frame.
     * @param index  frame index.
     * @return true when the frame now carries a full checksum.
     */
    boolean complete(FrameVector frames, int index);
}

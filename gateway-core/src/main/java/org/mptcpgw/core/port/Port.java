package org.mptcpgw.core.port;

/**
 * A place where frames enter and leave the gateway.
 * <p>
 * Receive: {@link #receive(FrameVector, int, long)} appends handles to frames in the port's own memory to a
 * vector; the frames stay valid, and may be rewritten in place, until {@link #releaseReceived()} returns them
 * to the port. A worker receives a batch, runs it to completion and then releases it.
 * <p>
 * Transmit: {@link #claim(int)} reserves a transmit slot and returns the address the frame is to be written
 * to; {@link #commit(long, int, int)} hands it to the port; {@link #flush()} tells the port (e.g. the kernel)
 * once per batch that slots are ready. A full transmit ring makes {@code claim} return 0 and the caller drops
 * and counts the frame: a port never blocks.
 * <p>
 * A port is used by exactly one thread (the worker that owns it), except {@link #statistics()}, which may be
 * read by the metrics thread.
 */
public interface Port extends AutoCloseable
{
    /**
     * @return the name of the port (interface name, file name, or a test label).
     */
    String name();

    /**
     * Receive up to {@link FrameVector#remaining()} frames without blocking.
     *
     * @param vector    vector to append to.
     * @param portIndex index of this port, recorded with each frame.
     * @param nowNs     current time from the agent's cached clock.
     * @return number of frames appended.
     */
    int receive(FrameVector vector, int portIndex, long nowNs);

    /**
     * Return every frame handed out by {@link #receive(FrameVector, int, long)} since the last release to the
     * port. Their addresses are invalid afterwards.
     */
    void releaseReceived();

    /**
     * Reserve a transmit slot for a frame of the given length.
     * <p>
     * When {@link #vnetHeaderLength()} is not zero, that many bytes before the returned address belong to the
     * slot as well and must hold a virtio-net header (see {@link VnetHeader}).
     *
     * @param frameLength length of the frame from the Ethernet header on.
     * @return address to write the frame to, or 0 when no slot is free or the frame is too long for the port.
     */
    long claim(int frameLength);

    /**
     * Hand a claimed slot to the port for transmission.
     *
     * @param address     the address returned by {@link #claim(int)}.
     * @param frameLength final length of the frame (not longer than claimed).
     * @param frameFlags  FLAG_* bits of the frame, for the port's statistics and pcap ports.
     */
    void commit(long address, int frameLength, int frameFlags);

    /**
     * Tell the port that committed frames are ready (one kick per batch, e.g. {@code send(fd, NULL, 0)}).
     *
     * @return number of frames flushed since the previous call.
     */
    int flush();

    /**
     * @return length of the virtio-net header this port reads and writes in front of frames (0 or 10).
     */
    int vnetHeaderLength();

    /**
     * @return largest frame from the Ethernet header on that {@link #claim(int)} accepts.
     */
    int maxFrameLength();

    /**
     * @return the port's MAC address in the low 48 bits (big-endian order of the wire), or 0 if it has none.
     */
    long macAddress();

    /**
     * @return the port's own statistics (ring drops and freezes), readable from other threads.
     */
    PortStatistics statistics();

    /**
     * Read the kernel's statistics of the port (ring drops, freezes, carrier) into {@link #statistics()}. Called by
     * the owning worker about once a second, never per frame.
     */
    default void refreshStatistics()
    {
    }

    /**
     * @return frames committed but not yet taken by the kernel (a full socket buffer); the worker keeps flushing
     *         and must not sleep while this is not zero.
     */
    default int pendingTransmit()
    {
        return 0;
    }

    /**
     * File descriptors to wait on when the worker is idle, or an empty array if the port cannot be waited on.
     *
     * @return descriptors that become readable when frames arrive.
     */
    default int[] pollDescriptors()
    {
        return new int[0];
    }

    /**
     * Release the port's resources (unmap rings, close sockets).
     */
    @Override
    void close();
}

package org.mptcpgw.core.port;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A vector of frame handles: parallel primitive arrays, one slot per frame, reused for every batch.
 * <p>
 * A handle is the address of the frame's first byte (the Ethernet destination MAC) in the receiving port's
 * memory, its captured length and status flags taken from the ring (checksum not ready, GSO). The bytes stay
 * owned by the receiving port until {@link Port#releaseReceived()}; stages may rewrite them in place.
 * Stages record what they learned about a frame in the metadata arrays so that later stages do not parse
 * again. Nothing here allocates after construction.
 * <p>
 * Ownership invariant: every frame appended to a vector is transmitted or dropped exactly once before the
 * vector is {@link #clear() cleared}.
 */
public final class FrameVector
{
    /** Default number of frames in one batch. */
    public static final int DEFAULT_CAPACITY = 256;

    /** The transport checksum holds only the pseudo-header sum (TP_STATUS_CSUMNOTREADY / NEEDS_CSUM). */
    public static final int FLAG_CSUM_PARTIAL = 1;
    /** The kernel already validated the transport checksum (TP_STATUS_CSUM_VALID). */
    public static final int FLAG_CSUM_VALID = 2;
    /** The frame is a GSO super-frame, longer than the MTU; the transmitting kernel segments it. */
    public static final int FLAG_GSO = 4;
    /** The frame was truncated by the capture (snap length shorter than the wire length). */
    public static final int FLAG_TRUNCATED = 8;
    /** A virtio-net header of {@link VnetHeader#LENGTH} bytes precedes the frame in the port's memory. */
    public static final int FLAG_VNET = 16;

    private final int capacity;
    private int count;

    private final long[] address;
    private final int[] length;
    private final int[] flags;
    private final int[] rxPort;
    private final long[] timestampNs;

    /** Offset of the layer-3 header from the frame start (after Ethernet and VLAN tags), or -1. */
    public final int[] l3Offset;
    /** Offset of the layer-4 header from the frame start, or -1. */
    public final int[] l4Offset;
    /** Classification of the frame set by the classify stage (a stage-specific code). */
    public final int[] kind;
    /** Port the frame is to be transmitted on, or -1. */
    public final int[] txPort;
    /** Session (flow) index the frame belongs to, or -1. */
    public final int[] session;
    /** Path index chosen for the frame, or -1. */
    public final int[] path;
    /** Drop reason id when the frame is dropped. */
    public final int[] dropReason;
    /** Id of the stage that dropped the frame. */
    public final int[] dropStage;

    /**
     * Create a vector of a fixed capacity.
     *
     * @param capacity maximum number of frames in one batch.
     */
    public FrameVector(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        address = new long[capacity];
        length = new int[capacity];
        flags = new int[capacity];
        rxPort = new int[capacity];
        timestampNs = new long[capacity];
        l3Offset = new int[capacity];
        l4Offset = new int[capacity];
        kind = new int[capacity];
        txPort = new int[capacity];
        session = new int[capacity];
        path = new int[capacity];
        dropReason = new int[capacity];
        dropStage = new int[capacity];
    }

    /**
     * Append a frame handle.
     *
     * @param frameAddress address of the first byte of the Ethernet header.
     * @param frameLength  captured length in bytes.
     * @param frameFlags   FLAG_* bits.
     * @param port         index of the receiving port.
     * @param nowNs        receive time.
     * @return index of the frame in the vector, or -1 when the vector is full.
     */
    public int add(
        final long frameAddress, final int frameLength, final int frameFlags, final int port, final long nowNs)
    {
        if (count >= capacity)
        {
            return -1;
        }
        final int i = count++;
        address[i] = frameAddress;
        length[i] = frameLength;
        flags[i] = frameFlags;
        rxPort[i] = port;
        timestampNs[i] = nowNs;
        l3Offset[i] = -1;
        l4Offset[i] = -1;
        kind[i] = 0;
        txPort[i] = -1;
        session[i] = -1;
        path[i] = -1;
        dropReason[i] = 0;
        dropStage[i] = 0;
        return i;
    }

    /**
     * Wrap a buffer over the bytes of one frame. Reuses the given buffer: no allocation.
     *
     * @param index  frame index.
     * @param buffer buffer to point at the frame.
     * @return the buffer, for a fluent use.
     */
    public UnsafeBuffer wrap(final int index, final UnsafeBuffer buffer)
    {
        buffer.wrap(address[index], length[index]);
        return buffer;
    }

    /**
     * Change the length of a frame after a stage rewrote it (the memory behind it must be large enough).
     *
     * @param index     frame index.
     * @param newLength new length in bytes.
     */
    public void length(final int index, final int newLength)
    {
        length[index] = newLength;
    }

    /**
     * Replace the flags of a frame, e.g. after a checksum was completed in software.
     *
     * @param index    frame index.
     * @param newFlags new FLAG_* bits.
     */
    public void flags(final int index, final int newFlags)
    {
        flags[index] = newFlags;
    }

    /**
     * @param index frame index.
     * @return address of the first byte of the frame.
     */
    public long address(final int index)
    {
        return address[index];
    }

    /**
     * @param index frame index.
     * @return captured length in bytes.
     */
    public int length(final int index)
    {
        return length[index];
    }

    /**
     * @param index frame index.
     * @return FLAG_* bits.
     */
    public int flags(final int index)
    {
        return flags[index];
    }

    /**
     * @param index frame index.
     * @return index of the port the frame was received on.
     */
    public int rxPort(final int index)
    {
        return rxPort[index];
    }

    /**
     * @param index frame index.
     * @return time the frame was taken from the port, in the agent's nanosecond clock.
     */
    public long timestampNs(final int index)
    {
        return timestampNs[index];
    }

    /**
     * @return number of frames in the vector.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return maximum number of frames.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return free slots left in this batch.
     */
    public int remaining()
    {
        return capacity - count;
    }

    /**
     * Forget all handles (after the batch was processed and the ports released their frames).
     */
    public void clear()
    {
        count = 0;
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A few buffers for frames longer than a ring slot, handed out in turn during a batch and all reclaimed at
 * release. Each holds a virtio-net header and the largest GSO super-frame.
 */
final class OversizeBuffers
{
    /** Bytes per buffer: header, 64 KiB of IP packet, Ethernet header and a VLAN tag, rounded up. */
    static final int BUFFER_BYTES = 65536 + 128;
    /** Largest frame (from the Ethernet header on) a buffer takes: IP total length 65535 + 14 + 4. */
    static final int MAX_FRAME_LENGTH = 65535 + 18;

    private final UnsafeBuffer memory;
    private final int count;
    private int used;

    OversizeBuffers(final int count)
    {
        this.count = count;
        memory = 0 == count ? new UnsafeBuffer(new byte[0]) :
            new UnsafeBuffer(ByteBuffer.allocateDirect(count * BUFFER_BYTES));
    }

    /**
     * @return offset of a free buffer in {@link #memory()}, or -1 when all are in use.
     */
    int acquire()
    {
        return used < count ? BUFFER_BYTES * used++ : -1;
    }

    void releaseAll()
    {
        used = 0;
    }

    UnsafeBuffer memory()
    {
        return memory;
    }

    void free()
    {
        if (count > 0)
        {
            BufferUtil.free(memory);
        }
    }
}

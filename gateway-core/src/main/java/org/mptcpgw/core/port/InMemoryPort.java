package org.mptcpgw.core.port;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A port in memory, for tests, benchmarks and the embedded pipeline harness: frames injected by the test are
 * received, transmitted frames are kept until the test drains them (or counted and discarded).
 * <p>
 * Receive and transmit slots are fixed-size cells of one direct buffer each, so that stages see the same kind
 * of memory as in an AF_PACKET ring and nothing is allocated per frame. In {@link #replay(DirectBuffer[], int[])
 * replay} mode the port hands out an endless sequence of copies of template frames, which is what the
 * benchmarks drive the pipeline with.
 */
public final class InMemoryPort implements Port
{
    /** Callback for {@link #drainTransmitted(FrameConsumer)}. */
    @FunctionalInterface
    public interface FrameConsumer
    {
        /**
         * Receive one transmitted frame.
         *
         * @param buffer buffer holding the frame.
         * @param offset offset of the Ethernet header.
         * @param length frame length.
         * @param flags  FLAG_* bits given at commit.
         */
        void onFrame(DirectBuffer buffer, int offset, int length, int flags);
    }

    private final String name;
    private final int slotSize;
    private final int vnetLength;
    private final long macAddress;
    private final PortStatistics statistics = new PortStatistics();

    private final UnsafeBuffer rxMemory;
    private final int rxSlots;
    private final int[] rxLength;
    private final int[] rxFlags;
    private long rxHead;
    private long rxTail;
    private long rxHandedOut;

    private final UnsafeBuffer txMemory;
    private final int txSlots;
    private final int[] txLength;
    private final int[] txFlags;
    private long txHead;
    private long txTail;
    private long claimedAddress;
    private int flushedSinceLast;
    private boolean discardTransmitted;
    private long transmittedFrames;
    private long transmittedBytes;

    private DirectBuffer[] templates;
    private int[] templateLengths;
    private int nextTemplate;

    /**
     * Create a port without a virtio-net header.
     *
     * @param name       label of the port.
     * @param slots      number of receive and of transmit slots.
     * @param slotSize   bytes per slot (the longest frame).
     * @param macAddress MAC address of the port in the low 48 bits.
     */
    public InMemoryPort(final String name, final int slots, final int slotSize, final long macAddress)
    {
        this(name, slots, slotSize, macAddress, 0);
    }

    /**
     * Create a port.
     *
     * @param name       label of the port.
     * @param slots      number of receive and of transmit slots.
     * @param slotSize   bytes per slot (the longest frame).
     * @param macAddress MAC address of the port in the low 48 bits.
     * @param vnetLength 0, or {@link VnetHeader#LENGTH} to emulate a port with PACKET_VNET_HDR.
     */
    public InMemoryPort(
        final String name, final int slots, final int slotSize, final long macAddress, final int vnetLength)
    {
        if (0 != vnetLength && VnetHeader.LENGTH != vnetLength)
        {
            throw new IllegalArgumentException("vnetLength must be 0 or " + VnetHeader.LENGTH);
        }
        this.name = name;
        this.slotSize = slotSize;
        this.vnetLength = vnetLength;
        this.macAddress = macAddress;
        this.rxSlots = slots;
        this.txSlots = slots;
        final int cell = cellSize(slotSize, vnetLength);
        rxMemory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(cell * slots, 64));
        txMemory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(cell * slots, 64));
        rxLength = new int[slots];
        rxFlags = new int[slots];
        txLength = new int[slots];
        txFlags = new int[slots];
    }

    private static int cellSize(final int slotSize, final int vnetLength)
    {
        return (slotSize + vnetLength + 63) & ~63;
    }

    private int cell()
    {
        return cellSize(slotSize, vnetLength);
    }

    /**
     * Queue a frame for reception. Copies the bytes.
     *
     * @param frame  buffer holding the frame.
     * @param offset offset of the Ethernet header.
     * @param length frame length.
     * @param flags  FLAG_* bits the frame is to be received with.
     * @return false if every receive slot is in use or the frame is longer than a slot.
     */
    public boolean inject(final DirectBuffer frame, final int offset, final int length, final int flags)
    {
        if (rxTail - rxHead >= rxSlots || length > slotSize)
        {
            return false;
        }
        final int slot = (int)(rxTail % rxSlots);
        final int base = slot * cell();
        if (0 != vnetLength)
        {
            rxMemory.setMemory(base, vnetLength, (byte)0);
        }
        rxMemory.putBytes(base + vnetLength, frame, offset, length);
        rxLength[slot] = length;
        rxFlags[slot] = flags | (0 != vnetLength ? FrameVector.FLAG_VNET : 0);
        rxTail++;
        return true;
    }

    /**
     * Queue a frame for reception. Copies the bytes.
     *
     * @param frame frame bytes from the Ethernet header on.
     * @return false if every receive slot is in use.
     */
    public boolean inject(final byte[] frame)
    {
        return inject(new UnsafeBuffer(frame), 0, frame.length, 0);
    }

    /**
     * Switch the port into replay mode: every receive hands out copies of the templates, in turn, forever.
     *
     * @param frames  template frames.
     * @param lengths length of each template.
     */
    public void replay(final DirectBuffer[] frames, final int[] lengths)
    {
        this.templates = frames.clone();
        this.templateLengths = lengths.clone();
        this.nextTemplate = 0;
    }

    /**
     * Count transmitted frames and forget them at {@link #flush()}, instead of keeping them for the test.
     *
     * @param discard true to discard.
     */
    public void discardTransmitted(final boolean discard)
    {
        this.discardTransmitted = discard;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return name;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int receive(final FrameVector vector, final int portIndex, final long nowNs)
    {
        if (null != templates)
        {
            refillFromTemplates();
        }
        int received = 0;
        final int cell = cell();
        while (rxHandedOut < rxTail && vector.remaining() > 0)
        {
            final int slot = (int)(rxHandedOut % rxSlots);
            final long address = rxMemory.addressOffset() + (long)slot * cell + vnetLength;
            int flags = rxFlags[slot];
            if (0 != vnetLength)
            {
                flags |= VnetHeader.frameFlags(rxMemory, slot * cell);
            }
            vector.add(address, rxLength[slot], flags, portIndex, nowNs);
            rxHandedOut++;
            received++;
        }
        return received;
    }

    private void refillFromTemplates()
    {
        final DirectBuffer[] frames = templates;
        while (rxTail - rxHead < rxSlots)
        {
            final int t = nextTemplate;
            inject(frames[t], 0, templateLengths[t], 0);
            nextTemplate = t + 1 == frames.length ? 0 : t + 1;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void releaseReceived()
    {
        rxHead = rxHandedOut;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        if (txTail - txHead >= txSlots || frameLength > slotSize)
        {
            return 0;
        }
        final int slot = (int)(txTail % txSlots);
        claimedAddress = txMemory.addressOffset() + (long)slot * cell() + vnetLength;
        return claimedAddress;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long address, final int frameLength, final int frameFlags)
    {
        if (address != claimedAddress || 0 == address)
        {
            throw new IllegalStateException("commit of an address that was not claimed");
        }
        final int slot = (int)(txTail % txSlots);
        txLength[slot] = frameLength;
        txFlags[slot] = frameFlags;
        txTail++;
        claimedAddress = 0;
        flushedSinceLast++;
        transmittedFrames++;
        transmittedBytes += frameLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int flush()
    {
        final int flushed = flushedSinceLast;
        flushedSinceLast = 0;
        if (discardTransmitted)
        {
            txHead = txTail;
        }
        return flushed;
    }

    /**
     * Hand every transmitted frame to the consumer, oldest first, and free their slots.
     *
     * @param consumer receives the frames.
     * @return number of frames drained.
     */
    public int drainTransmitted(final FrameConsumer consumer)
    {
        int drained = 0;
        final int cell = cell();
        while (txHead < txTail)
        {
            final int slot = (int)(txHead % txSlots);
            consumer.onFrame(txMemory, slot * cell + vnetLength, txLength[slot], txFlags[slot]);
            txHead++;
            drained++;
        }
        return drained;
    }

    /**
     * Read the virtio-net header written in front of the oldest transmitted frame not yet drained.
     *
     * @return buffer offset of that header in {@link #transmitMemory()}, or -1 if nothing is waiting.
     */
    public int oldestTransmittedVnetOffset()
    {
        if (0 == vnetLength || txHead >= txTail)
        {
            return -1;
        }
        return (int)(txHead % txSlots) * cell();
    }

    /**
     * @return the memory behind the transmit slots (for tests that inspect virtio-net headers).
     */
    public DirectBuffer transmitMemory()
    {
        return txMemory;
    }

    /**
     * @return frames received but not yet handed out.
     */
    public int pendingReceive()
    {
        return (int)(rxTail - rxHandedOut);
    }

    /**
     * @return frames committed since the port was created.
     */
    public long transmittedFrames()
    {
        return transmittedFrames;
    }

    /**
     * @return bytes committed since the port was created.
     */
    public long transmittedBytes()
    {
        return transmittedBytes;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int vnetHeaderLength()
    {
        return vnetLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int maxFrameLength()
    {
        return slotSize;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long macAddress()
    {
        return macAddress;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public PortStatistics statistics()
    {
        return statistics;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        // The slots are aligned slices of direct buffers: the collector releases them, they cannot be freed here.
        templates = null;
    }
}

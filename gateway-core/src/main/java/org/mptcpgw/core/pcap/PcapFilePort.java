package org.mptcpgw.core.pcap;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.packet.EtherType;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.LinuxCookedFlyweight;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.PortStatistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A {@link Port} over pcap files: {@link #receive receive} hands out the frames of an input capture, batch by
 * batch, copied into direct-memory slots (so stages see the same kind of memory as an AF_PACKET ring); {@link
 * #flush() flush} writes the frames committed for transmission to an output capture (always Ethernet). This runs
 * the pipeline offline ({@code replay IN.pcap OUT.pcap}) and drives golden tests.
 * <p>
 * Link types: Ethernet frames are handed out as they are. Linux cooked (SLL) and raw IP frames get a synthetic
 * 14-byte Ethernet header in front of their layer-3 packet, because the pipeline works on Ethernet frames:
 * <ul>
 *     <li>destination MAC = this port's {@link #macAddress() MAC} (so the frame is "for us");</li>
 *     <li>source MAC = the SLL link-layer address when it is 6 bytes long, otherwise 0;</li>
 *     <li>EtherType = the SLL protocol field (VLAN tags re-inserted by libpcap stay in place), or for raw IP
 *     0x0800 / 0x86DD from the version nibble (0x0800 when the nibble is neither 4 nor 6, so that the parser
 *     classifies the packet).</li>
 * </ul>
 * Timestamps: with {@link #useCaptureTime(boolean) capture time} on (the default) a received frame's timestamp is
 * its capture time in epoch nanoseconds, so timeouts in a replay follow the capture; otherwise it is the agent's
 * {@code nowNs}. Transmitted frames are written with the capture time of the most recently received frame, which
 * is the last frame of the batch being processed (so a replay with batches of one frame keeps every timestamp),
 * or the wall clock when nothing was received.
 * <p>
 * A frame longer than a slot is cut to the slot and flagged {@link FrameVector#FLAG_TRUNCATED}, as is a frame the
 * capture's snap length cut. I/O failures are environment failures and are thrown as
 * {@link UncheckedIOException}. Single-threaded like every port.
 */
public final class PcapFilePort implements Port
{
    /** Default slot size: the longest GSO frame (64 KiB) plus a link header. */
    public static final int DEFAULT_SLOT_SIZE = 65_536 + 64;
    /** Default MAC address of the port: locally administered 02:00:00:00:00:fe. */
    public static final long DEFAULT_MAC = 0x0200_0000_00FEL;

    private final String name;
    private final PcapReader reader;
    private final PcapWriter writer;
    private final int slots;
    private final int slotSize;
    private final long macAddress;
    private final PortStatistics statistics = new PortStatistics();
    private final ByteBuffer rxDirect;
    private final ByteBuffer txDirect;
    private final UnsafeBuffer rxMemory;
    private final UnsafeBuffer txMemory;
    private final int[] txLength;
    private boolean useCaptureTime = true;
    private boolean endOfInput;
    private int rxInUse;
    private int txCommitted;
    private long claimedAddress;
    private long lastInputTimestampNs = -1;
    private long framesReceived;
    private long framesWritten;
    private long framesTruncated;

    /**
     * Open a port over an input and/or an output capture.
     *
     * @param name       label of the port.
     * @param input      capture to receive from, or null for a transmit-only port.
     * @param output     capture to write transmitted frames to (Ethernet, microsecond timestamps), or null to
     *                   count and discard them.
     * @param slots      receive slots (frames per batch at most) and transmit slots.
     * @param slotSize   bytes per slot.
     * @param macAddress MAC address of the port in the low 48 bits.
     * @throws IOException if a file cannot be opened or the input's link type is not Ethernet, SLL or raw IP.
     */
    public PcapFilePort(
        final String name,
        final Path input,
        final Path output,
        final int slots,
        final int slotSize,
        final long macAddress) throws IOException
    {
        if (slots <= 0 || slotSize < EthernetFlyweight.MIN_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("slots=" + slots + " slotSize=" + slotSize);
        }
        this.name = name;
        this.slots = slots;
        this.slotSize = slotSize;
        this.macAddress = macAddress;
        PcapReader in = null;
        if (null != input)
        {
            in = PcapReader.open(input);
            if (-1 == in.linkType())
            {
                in.close();
                throw new IOException(input + ": unsupported link type DLT " + in.dlt());
            }
        }
        this.reader = in;
        this.endOfInput = null == in;
        try
        {
            this.writer = null == output ? null : PcapWriter.open(output, ParsedPacket.LINK_ETHERNET);
        }
        catch (final IOException ex)
        {
            if (null != in)
            {
                in.close();
            }
            throw ex;
        }
        final int cell = (slotSize + 63) & ~63;
        // Plain direct buffers (not aligned slices) so that close() can free them right away.
        rxDirect = ByteBuffer.allocateDirect(cell * slots);
        txDirect = ByteBuffer.allocateDirect(cell * slots);
        rxMemory = new UnsafeBuffer(rxDirect);
        txMemory = new UnsafeBuffer(txDirect);
        txLength = new int[slots];
    }

    /**
     * @param use true to stamp received frames with their capture time, false to use the agent's clock.
     * @return this.
     */
    public PcapFilePort useCaptureTime(final boolean use)
    {
        this.useCaptureTime = use;
        return this;
    }

    /**
     * @return link type of the input capture (see {@link ParsedPacket}), or -1 without input.
     */
    public int inputLinkType()
    {
        return null == reader ? -1 : reader.linkType();
    }

    /**
     * @return true once the whole input was handed out (or there is no input).
     */
    public boolean endOfInput()
    {
        return endOfInput;
    }

    /**
     * @return frames handed out so far.
     */
    public long framesReceived()
    {
        return framesReceived;
    }

    /**
     * @return frames written to the output capture (or discarded without one).
     */
    public long framesWritten()
    {
        return framesWritten;
    }

    /**
     * @return frames received truncated (by the capture's snap length or by the slot size).
     */
    public long framesTruncated()
    {
        return framesTruncated;
    }

    /**
     * @return capture time of the last frame received, or -1.
     */
    public long lastInputTimestampNs()
    {
        return lastInputTimestampNs;
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
        int received = 0;
        final int cell = (slotSize + 63) & ~63;
        while (!endOfInput && rxInUse < slots && vector.remaining() > 0)
        {
            if (!nextInput())
            {
                endOfInput = true;
                break;
            }
            final int base = rxInUse * cell;
            final int length = copyInput(base);
            int flags = 0;
            if (length < expectedLength())
            {
                flags |= FrameVector.FLAG_TRUNCATED;
                framesTruncated++;
            }
            lastInputTimestampNs = reader.timestampNs();
            vector.add(rxMemory.addressOffset() + base, length, flags, portIndex,
                useCaptureTime ? lastInputTimestampNs : nowNs);
            rxInUse++;
            received++;
            framesReceived++;
        }
        return received;
    }

    private boolean nextInput()
    {
        try
        {
            return reader.next();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private int expectedLength()
    {
        final int original = reader.originalLength();
        switch (reader.linkType())
        {
            case ParsedPacket.LINK_LINUX_SLL:
                return original - LinuxCookedFlyweight.MIN_HEADER_LENGTH + EthernetFlyweight.MIN_HEADER_LENGTH;
            case ParsedPacket.LINK_RAW:
                return original + EthernetFlyweight.MIN_HEADER_LENGTH;
            default:
                return original;
        }
    }

    private int copyInput(final int base)
    {
        final byte[] frame = reader.frame();
        final int linkType = reader.linkType();
        if (ParsedPacket.LINK_ETHERNET == linkType)
        {
            return reader.copyTo(rxMemory, base, slotSize);
        }
        final int payloadOffset;
        long sourceMac = 0;
        final int etherType;
        if (ParsedPacket.LINK_LINUX_SLL == linkType)
        {
            if (frame.length < LinuxCookedFlyweight.MIN_HEADER_LENGTH)
            {
                // Too short to hold its own header: hand out a header-only frame the parser will reject.
                payloadOffset = frame.length;
                etherType = 0;
            }
            else
            {
                final UnsafeBuffer view = new UnsafeBuffer(frame);
                payloadOffset = LinuxCookedFlyweight.MIN_HEADER_LENGTH;
                etherType = LinuxCookedFlyweight.protocol(view, 0);
                if (6 == LinuxCookedFlyweight.addressLength(view, 0))
                {
                    sourceMac = LinuxCookedFlyweight.address(view, 0);
                }
            }
        }
        else
        {
            payloadOffset = 0;
            final int version = frame.length > 0 ? (frame[0] & 0xF0) >>> 4 : 0;
            etherType = 6 == version ? EtherType.IPV6 : EtherType.IPV4;
        }
        EthernetFlyweight.mac(rxMemory, base + EthernetFlyweight.DESTINATION_OFFSET, macAddress);
        EthernetFlyweight.mac(rxMemory, base + EthernetFlyweight.SOURCE_OFFSET, sourceMac);
        rxMemory.putShort(base + EthernetFlyweight.ETHER_TYPE_OFFSET, (short)etherType, ByteOrder.BIG_ENDIAN);
        final int room = slotSize - EthernetFlyweight.MIN_HEADER_LENGTH;
        final int payloadLength = Math.min(frame.length - payloadOffset, room);
        rxMemory.putBytes(base + EthernetFlyweight.MIN_HEADER_LENGTH, frame, payloadOffset, payloadLength);
        return EthernetFlyweight.MIN_HEADER_LENGTH + payloadLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void releaseReceived()
    {
        rxInUse = 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        if (txCommitted >= slots || frameLength > slotSize || 0 != claimedAddress)
        {
            return 0;
        }
        claimedAddress = txMemory.addressOffset() + (long)txCommitted * ((slotSize + 63) & ~63);
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
        txLength[txCommitted++] = frameLength;
        claimedAddress = 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int flush()
    {
        final int count = txCommitted;
        if (null != writer && count > 0)
        {
            final long timestampNs = lastInputTimestampNs >= 0 ?
                lastInputTimestampNs : System.currentTimeMillis() * 1_000_000L;
            final int cell = (slotSize + 63) & ~63;
            try
            {
                for (int i = 0; i < count; i++)
                {
                    writer.write(txMemory, i * cell, txLength[i], timestampNs);
                }
                writer.flush();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        framesWritten += count;
        txCommitted = 0;
        return count;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int vnetHeaderLength()
    {
        return 0;
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
        if (null != reader)
        {
            reader.close();
        }
        if (null != writer)
        {
            writer.close();
        }
        BufferUtil.free(rxDirect);
        BufferUtil.free(txDirect);
    }
}

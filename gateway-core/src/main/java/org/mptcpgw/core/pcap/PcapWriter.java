package org.mptcpgw.core.pcap;

import org.agrona.DirectBuffer;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;

/**
 * Writes frames to a pcap file through pcap4j (a dead handle plus a dumper), with microsecond or nanosecond
 * timestamps. Each frame is copied into a new array because pcap4j's dumper takes a {@code byte[]} of exactly
 * the frame's length: this is a debug and replay path, not the data path.
 */
public final class PcapWriter implements AutoCloseable
{
    /** Snap length written in the file header by default. */
    public static final int DEFAULT_SNAP_LENGTH = 262_144;

    private final PcapHandle handle;
    private final PcapDumper dumper;
    private final int linkType;
    private long frameCount;

    private PcapWriter(final PcapHandle handle, final PcapDumper dumper, final int linkType)
    {
        this.handle = handle;
        this.dumper = dumper;
        this.linkType = linkType;
    }

    /**
     * Create (or truncate) a capture file with microsecond timestamps.
     *
     * @param file     the file.
     * @param linkType LINK_ETHERNET, LINK_LINUX_SLL or LINK_RAW (see {@link org.mptcpgw.core.packet.ParsedPacket}).
     * @return the writer.
     * @throws IOException if libpcap cannot create the file.
     */
    public static PcapWriter open(final Path file, final int linkType) throws IOException
    {
        return open(file, linkType, DEFAULT_SNAP_LENGTH, false);
    }

    /**
     * Create (or truncate) a capture file.
     *
     * @param file       the file.
     * @param linkType   LINK_ETHERNET, LINK_LINUX_SLL or LINK_RAW.
     * @param snapLength snap length for the file header.
     * @param nanosecond true for nanosecond timestamps (a different magic number), false for microseconds.
     * @return the writer.
     * @throws IOException if libpcap cannot create the file.
     */
    public static PcapWriter open(final Path file, final int linkType, final int snapLength, final boolean nanosecond)
        throws IOException
    {
        PcapHandle handle = null;
        try
        {
            handle = Pcaps.openDead(PcapLinkTypes.toDataLinkType(linkType), snapLength,
                nanosecond ? PcapHandle.TimestampPrecision.NANO : PcapHandle.TimestampPrecision.MICRO);
            return new PcapWriter(handle, handle.dumpOpen(file.toString()), linkType);
        }
        catch (final PcapNativeException | NotOpenException ex)
        {
            if (null != handle)
            {
                handle.close();
            }
            throw new IOException("cannot create " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the link type of the file.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * @return frames written.
     */
    public long frameCount()
    {
        return frameCount;
    }

    /**
     * Append a frame.
     *
     * @param buffer      buffer holding the frame.
     * @param offset      offset of the frame.
     * @param length      frame length.
     * @param timestampNs capture time in nanoseconds since the epoch.
     * @throws IOException if the dumper is closed.
     */
    public void write(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
        throws IOException
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        write(bytes, timestampNs);
    }

    /**
     * Append a frame.
     *
     * @param frame       the frame's bytes.
     * @param timestampNs capture time in nanoseconds since the epoch.
     * @throws IOException if the dumper is closed.
     */
    public void write(final byte[] frame, final long timestampNs) throws IOException
    {
        final Timestamp ts = new Timestamp(Math.floorDiv(timestampNs, 1_000_000_000L) * 1000L);
        ts.setNanos((int)Math.floorMod(timestampNs, 1_000_000_000L));
        try
        {
            dumper.dumpRaw(frame, ts);
            frameCount++;
        }
        catch (final NotOpenException ex)
        {
            throw new IOException("pcap dumper closed", ex);
        }
    }

    /**
     * Flush buffered frames to the file.
     *
     * @throws IOException if the flush fails.
     */
    public void flush() throws IOException
    {
        try
        {
            dumper.flush();
        }
        catch (final PcapNativeException | NotOpenException ex)
        {
            throw new IOException("pcap flush failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        dumper.close();
        handle.close();
    }
}

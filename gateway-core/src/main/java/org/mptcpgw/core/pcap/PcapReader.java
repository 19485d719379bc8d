package org.mptcpgw.core.pcap;

import org.agrona.MutableDirectBuffer;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;

/**
 * Reads the frames of a pcap (or pcapng, as far as libpcap reads it) file in order, through pcap4j.
 * Timestamps are read with nanosecond precision (libpcap scales microsecond files).
 */
public final class PcapReader implements AutoCloseable
{
    private final PcapHandle handle;
    private final int dlt;
    private final int linkType;
    private byte[] frame;
    private long timestampNs;
    private int originalLength;
    private long frameCount;

    private PcapReader(final PcapHandle handle)
    {
        this.handle = handle;
        this.dlt = handle.getDlt().value();
        this.linkType = PcapLinkTypes.fromDlt(dlt);
    }

    /**
     * Open a capture file.
     *
     * @param file the file.
     * @return the reader.
     * @throws IOException if libpcap cannot open or read the file.
     */
    public static PcapReader open(final Path file) throws IOException
    {
        try
        {
            return new PcapReader(Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO));
        }
        catch (final PcapNativeException ex)
        {
            throw new IOException("cannot open " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return libpcap's DLT_ value of the file.
     */
    public int dlt()
    {
        return dlt;
    }

    /**
     * @return LINK_ETHERNET, LINK_LINUX_SLL, LINK_RAW (see {@link org.mptcpgw.core.packet.ParsedPacket}) or -1.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * Advance to the next frame.
     *
     * @return true if there is one, false at the end of the file.
     * @throws IOException if the file is corrupt.
     */
    public boolean next() throws IOException
    {
        try
        {
            frame = handle.getNextRawPacketEx();
            final Timestamp ts = handle.getTimestamp();
            timestampNs = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
            final Integer original = handle.getOriginalLength();
            originalLength = null == original ? frame.length : original;
            frameCount++;
            return true;
        }
        catch (final EOFException ex)
        {
            frame = null;
            return false;
        }
        catch (final PcapNativeException | TimeoutException | NotOpenException ex)
        {
            throw new IOException("cannot read frame " + (frameCount + 1) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the current frame's bytes (owned by the reader until the next call).
     */
    public byte[] frame()
    {
        return frame;
    }

    /**
     * @return captured length of the current frame.
     */
    public int capturedLength()
    {
        return frame.length;
    }

    /**
     * @return length of the current frame on the wire (more than captured when the snap length cut it).
     */
    public int originalLength()
    {
        return originalLength;
    }

    /**
     * @return capture time of the current frame in nanoseconds since the epoch.
     */
    public long timestampNs()
    {
        return timestampNs;
    }

    /**
     * @return frames read so far (the current frame's 1-based number).
     */
    public long frameCount()
    {
        return frameCount;
    }

    /**
     * Copy the current frame into a buffer.
     *
     * @param buffer    destination.
     * @param offset    offset in the destination.
     * @param maxLength most bytes to copy.
     * @return bytes copied.
     */
    public int copyTo(final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        final int length = Math.min(frame.length, maxLength);
        buffer.putBytes(offset, frame, 0, length);
        return length;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        handle.close();
    }
}

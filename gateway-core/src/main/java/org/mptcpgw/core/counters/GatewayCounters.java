package org.mptcpgw.core.counters;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The gateway's counters: an Agrona {@link CountersManager} over memory that other processes can map (Aeron's CnC
 * file, Snabb's shm counters), so that {@code mptcp-gateway status} and crash triage can read them from outside.
 * <p>
 * File layout:
 * <pre>
 *   0                   4                   8                                  16
 *   +-------------------+-------------------+----------------------------------+
 *   |  magic "MGWC"     |  layout version   |  pid of the writer                |
 *   +-------------------+-------------------+----------------------------------+
 *   |  start time (epoch ms)                |  metadata length | values length   |
 *   +---------------------------------------+------------------+---------------+
 *   |  ... header padded to 4096 bytes ...                                      |
 *   +---------------------------------------------------------------------------+
 *   |  counter metadata (CountersReader.METADATA_LENGTH per counter)            |
 *   +---------------------------------------------------------------------------+
 *   |  counter values (CountersReader.COUNTER_LENGTH per counter)               |
 *   +---------------------------------------------------------------------------+
 * </pre>
 * Counters are allocated at start-up by the wiring thread, before any agent runs ({@link CountersManager} is not
 * thread-safe for allocation); afterwards each counter has exactly one writing thread. The key of every counter
 * holds up to three ints (e.g. stage id, reason id) and the label carries the tags as {@code key=value} pairs.
 */
public final class GatewayCounters implements AutoCloseable
{
    /** Magic number at the start of a counters file. */
    public static final int MAGIC = 0x4D47_5743;
    /** Version of the file layout. */
    public static final int LAYOUT_VERSION = 1;
    /** Length of the file header. */
    public static final int HEADER_LENGTH = 4096;
    private static final int PID_OFFSET = 8;
    private static final int START_TIME_OFFSET = 16;
    private static final int METADATA_LENGTH_OFFSET = 24;
    private static final int VALUES_LENGTH_OFFSET = 28;

    private final CountersManager manager;
    private final ByteBuffer backing;
    private final boolean mapped;

    private GatewayCounters(final ByteBuffer backing, final boolean mapped, final int maxCounters)
    {
        this.backing = backing;
        this.mapped = mapped;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final UnsafeBuffer header = new UnsafeBuffer(backing, 0, HEADER_LENGTH);
        header.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        header.putInt(4, LAYOUT_VERSION, ByteOrder.LITTLE_ENDIAN);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid(), ByteOrder.LITTLE_ENDIAN);
        header.putLong(START_TIME_OFFSET, System.currentTimeMillis(), ByteOrder.LITTLE_ENDIAN);
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength, ByteOrder.LITTLE_ENDIAN);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength, ByteOrder.LITTLE_ENDIAN);
        final AtomicBuffer metadata = new UnsafeBuffer(backing, HEADER_LENGTH, metadataLength);
        final AtomicBuffer values = new UnsafeBuffer(backing, HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = new CountersManager(metadata, values);
    }

    /**
     * Counters in process memory only (tests, replay).
     *
     * @param maxCounters capacity.
     * @return the counters.
     */
    public static GatewayCounters inMemory(final int maxCounters)
    {
        final ByteBuffer buffer = BufferUtil.allocateDirectAligned(fileLength(maxCounters), 4096);
        return new GatewayCounters(buffer, false, maxCounters);
    }

    /**
     * Counters in a file that other processes can map; an existing file is replaced.
     *
     * @param file        path of the file.
     * @param maxCounters capacity.
     * @return the counters.
     */
    public static GatewayCounters mapFile(final Path file, final int maxCounters)
    {
        final File f = file.toFile();
        IoUtil.deleteIfExists(f);
        final MappedByteBuffer buffer = IoUtil.mapNewFile(f, fileLength(maxCounters));
        return new GatewayCounters(buffer, true, maxCounters);
    }

    private static int fileLength(final int maxCounters)
    {
        return HEADER_LENGTH + maxCounters * (CountersReader.METADATA_LENGTH + CountersReader.COUNTER_LENGTH);
    }

    /**
     * Map an existing counters file for reading from another process.
     *
     * @param file path of the file.
     * @return a reader, or null if the file is missing or not a counters file.
     */
    public static MappedReader openReader(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                return null;
            }
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            final UnsafeBuffer header = new UnsafeBuffer(buffer, 0, HEADER_LENGTH);
            if (MAGIC != header.getInt(0, ByteOrder.LITTLE_ENDIAN))
            {
                return null;
            }
            final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if ((long)HEADER_LENGTH + metadataLength + valuesLength > size)
            {
                return null;
            }
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(buffer, HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(buffer, HEADER_LENGTH + metadataLength, valuesLength));
            return new MappedReader(reader, header.getLong(PID_OFFSET, ByteOrder.LITTLE_ENDIAN),
                header.getLong(START_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN), buffer);
        }
        catch (final java.io.IOException ex)
        {
            return null;
        }
    }

    /**
     * A counters file mapped by a reader.
     *
     * @param reader      reads the counters.
     * @param pid         process id of the writer.
     * @param startTimeMs when the writer started.
     * @param buffer      the mapping (kept reachable while the reader is used).
     */
    public record MappedReader(CountersReader reader, long pid, long startTimeMs, MappedByteBuffer buffer)
    {
        /**
         * @return true if the writing process is still alive.
         */
        public boolean writerAlive()
        {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * Allocate a counter.
     *
     * @param type   what it counts.
     * @param key0   first key int (meaning depends on the type, e.g. port index, stage id).
     * @param key1   second key int.
     * @param key2   third key int (e.g. worker index).
     * @param tags   tag values in the order of {@link CounterType#tagKeys()}.
     * @return the counter; its single writer is the thread it is handed to.
     */
    public AtomicCounter allocate(
        final CounterType type, final int key0, final int key1, final int key2, final String... tags)
    {
        final String[] keys = type.tagKeys();
        if (keys.length != tags.length)
        {
            throw new IllegalArgumentException(type + " needs tags " + String.join(",", keys));
        }
        final StringBuilder label = new StringBuilder(type.meterName());
        for (int i = 0; i < keys.length; i++)
        {
            label.append(' ').append(keys[i]).append('=').append(tags[i]);
        }
        return manager.newCounter(label.toString(), type.typeId(), (keyBuffer) ->
        {
            keyBuffer.putInt(0, key0);
            keyBuffer.putInt(4, key1);
            keyBuffer.putInt(8, key2);
        });
    }

    /**
     * @return reader view of the counters (for the metrics binder and tests in this process).
     */
    public CountersReader reader()
    {
        return manager;
    }

    /**
     * @return the manager, for code that needs to free counters.
     */
    public CountersManager manager()
    {
        return manager;
    }

    /**
     * Sum of the values of every counter of a type whose label contains all the given {@code key=value} tags.
     * Allocates: for tests and the control plane, never the data path.
     *
     * @param type type of counter.
     * @param tags tags that must match, e.g. "reason=no_session".
     * @return the sum.
     */
    public long sum(final CounterType type, final String... tags)
    {
        return sum(manager, type, tags);
    }

    /**
     * Sum of the values of every counter of a type whose label contains all the given tags.
     *
     * @param reader counters to read.
     * @param type   type of counter.
     * @param tags   tags that must match, e.g. "reason=no_session".
     * @return the sum.
     */
    public static long sum(final CountersReader reader, final CounterType type, final String... tags)
    {
        final long[] total = new long[1];
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == type.typeId() && matches(label, tags))
            {
                total[0] += reader.getCounterValue(counterId);
            }
        });
        return total[0];
    }

    /**
     * @param label a counter label ("name k=v k=v").
     * @param tags  "k=v" strings that must all appear as tags.
     * @return true when every tag appears.
     */
    public static boolean matches(final String label, final String... tags)
    {
        for (final String tag : tags)
        {
            if (!(" " + label + " ").contains(" " + tag + " "))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Release the memory or the mapping (the file stays for post-mortem reading).
     */
    @Override
    public void close()
    {
        // An aligned direct buffer is a slice and cannot be freed explicitly; the collector releases it.
        if (mapped)
        {
            IoUtil.unmap(backing);
        }
    }
}

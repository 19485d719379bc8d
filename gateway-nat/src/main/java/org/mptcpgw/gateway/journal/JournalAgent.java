package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * The journal agent: the only code that touches the journal files. Runs on the control thread (with a backoff idle
 * strategy, see {@link Journal#idleStrategy()}), never on a forwarding worker.
 * <p>
 * {@link #onStart()} opens the Chronicle queue and its appender, writes the "gateway started" record, applies the
 * retention and logs where the journal is and how much disk it uses. A duty cycle copies up to {@code drainLimit}
 * records from each producer's ring into one Chronicle document each (raw bytes, the record layout as the worker
 * wrote it), then publishes {@code JOURNAL_EVENTS} and {@code JOURNAL_LAG} (bytes still in the rings); it drains
 * at most once per {@link #DEFAULT_DRAIN_INTERVAL_NS drain interval}, unless the previous batch was full. The
 * retention runs when the appender moves to a new cycle file and every {@link #HOUSEKEEPING_INTERVAL_MS}: the
 * newest {@code retention} cycle files are kept, older ones deleted, and {@code JOURNAL_DISK_BYTES} refreshed.
 * {@link #onClose()} drains the rings, writes "gateway stopped" and closes the queue.
 */
public final class JournalAgent implements Agent, MessageHandler
{
    /** Role name (and thread name when run on its own). */
    public static final String ROLE_NAME = "journal";
    /** Records written per duty cycle at most, so that other control-plane agents sharing the thread run. */
    public static final int DEFAULT_DRAIN_LIMIT = 4096;
    /**
     * Shortest time between two drains of the ring while it is being filled. A consumer that polls right behind
     * the producer takes each record's cache line while the worker is still writing it (claim, body, commit), and
     * the worker then pays a transfer between cores for every event; reading at most every 200 us lets the worker
     * finish whole lines first (at 1 M events/s the worker kept 0.84x of its work with an eager agent, 0.96x with
     * this interval; docs/journal.md). At such rates the ring (8 MiB by default) holds tens of milliseconds.
     */
    public static final long DEFAULT_DRAIN_INTERVAL_NS = 200_000;
    /** Interval of the retention and disk-use check between cycle changes. */
    public static final long HOUSEKEEPING_INTERVAL_MS = 10_000;
    /** Bound on the duty cycles spent draining the ring at close. */
    private static final int CLOSE_DRAIN_CYCLES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JournalAgent.class);

    private final JournalSettings settings;
    // Copy on write, volatile: a publisher may be added while the agent runs (its ring is seen from the next cycle).
    private volatile RingBuffer[] rings = new RingBuffer[0];
    private final AtomicCounter events;
    private final AtomicCounter lag;
    private final AtomicCounter diskBytes;
    private final GatewayStartInfo start;
    private final TimeProvider timeProvider;
    private final int drainLimit;
    private final long drainIntervalNs;
    private final NanoClock nanoClock;
    private long lastDrainNs;
    private final byte[] scratch = new byte[GatewayStartedFlyweight.MAX_LENGTH];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private final GatewayStartedFlyweight started = new GatewayStartedFlyweight();
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long eventsWritten;
    private int lastCycle = Integer.MIN_VALUE;
    private long nextHousekeepingMs;
    private int filesDeleted;

    JournalAgent(
        final JournalSettings settings,
        final AtomicCounter events,
        final AtomicCounter lag,
        final AtomicCounter diskBytes,
        final GatewayStartInfo start,
        final TimeProvider timeProvider,
        final int drainLimit,
        final long drainIntervalNs,
        final NanoClock nanoClock)
    {
        this.settings = settings;
        this.events = events;
        this.lag = lag;
        this.diskBytes = diskBytes;
        this.start = start;
        this.timeProvider = timeProvider;
        this.drainLimit = drainLimit;
        this.drainIntervalNs = drainIntervalNs;
        this.nanoClock = nanoClock;
        this.lastDrainNs = nanoClock.nanoTime() - drainIntervalNs;
    }

    /**
     * Add the ring of one more producer. Called at wiring time from one thread (the one building the gateway); the
     * agent picks the ring up at its next duty cycle.
     *
     * @param ring a producer's one-to-one ring.
     */
    synchronized void addRing(final RingBuffer ring)
    {
        final RingBuffer[] more = Arrays.copyOf(rings, rings.length + 1);
        more[rings.length] = ring;
        rings = more;
    }

    /**
     * @return bytes written into the producers' rings and not yet read by this agent.
     */
    long backlogBytes()
    {
        long bytes = 0;
        for (final RingBuffer ring : rings)
        {
            bytes += ring.size();
        }
        return bytes;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onStart()
    {
        try
        {
            Files.createDirectories(settings.dir());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + settings.dir(), ex);
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(settings.dir().toFile())
            .rollCycle(settings.rollCycle())
            .timeProvider(timeProvider);
        if (settings.blockSizeBytes() > 0)
        {
            builder.blockSize(settings.blockSizeBytes());
        }
        queue = builder.build();
        appender = queue.createAppender();
        writeStarted();
        housekeeping(timeProvider.currentTimeMillis());
        LOG.info("journal {}: roll cycle {}, keeping the newest {} cycle files; {} cycle files, {} bytes on disk",
            settings.dir().toAbsolutePath(), queue.rollCycle(), settings.retentionCycles(),
            JournalFiles.cycleFiles(settings.dir()).size(), diskBytes.get());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int doWork()
    {
        int read = 0;
        final long nowNs = nanoClock.nanoTime();
        if (nowNs - lastDrainNs >= drainIntervalNs)
        {
            boolean full = false;
            for (final RingBuffer ring : rings)
            {
                final int fromRing = ring.read(this, drainLimit);
                read += fromRing;
                full |= fromRing == drainLimit;
            }
            if (read > 0)
            {
                events.setRelease(eventsWritten);
            }
            // A full batch leaves more behind: drain again at once rather than after the interval.
            if (!full)
            {
                lastDrainNs = nowNs;
            }
            lag.setRelease(backlogBytes());
        }
        final long nowMs = timeProvider.currentTimeMillis();
        if (appender.cycle() != lastCycle || nowMs - nextHousekeepingMs >= 0)
        {
            housekeeping(nowMs);
            return read + 1;
        }
        return read;
    }

    /**
     * Write one ring record as one document. Called by the ring's read on this agent's thread.
     *
     * @param msgTypeId record type.
     * @param buffer    ring buffer.
     * @param index     offset of the record.
     * @param length    length of the record.
     */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (JournalPublisher.MSG_TYPE_BATCH == msgTypeId)
        {
            appendBatch(buffer, index, index + length);
            return;
        }
        appendRecord(buffer, index, length);
    }

    /**
     * The records of a batched publisher: each one prefixed by its length, on an 8-byte boundary. A length that does
     * not fit what is left ends the batch (the publisher never writes one).
     */
    private void appendBatch(final MutableDirectBuffer buffer, final int start, final int end)
    {
        int at = start;
        while (end - at >= JournalPublisher.BATCH_RECORD_PREFIX)
        {
            final int length = buffer.getInt(at);
            final int body = at + JournalPublisher.BATCH_RECORD_PREFIX;
            if (length < JournalRecordFlyweight.HEADER_LENGTH || length > end - body)
            {
                return;
            }
            appendRecord(buffer, body, length);
            at += BitUtil.align(JournalPublisher.BATCH_RECORD_PREFIX + length, JournalPublisher.BATCH_ALIGNMENT);
        }
    }

    private void appendRecord(final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length > scratch.length)
        {
            return; // not a journal record (publishers write at most 64 bytes); readers would skip it anyway
        }
        buffer.getBytes(index, scratch, 0, length);
        append(length);
    }

    private void append(final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(scratch, 0, length);
        }
        eventsWritten++;
    }

    private void writeStarted()
    {
        started.wrap(scratchBuffer, 0);
        started.header(JournalRecordFlyweight.TYPE_GATEWAY_STARTED, JournalRecordFlyweight.CONTROL_WORKER,
            timeProvider.currentTimeNanos());
        final int length = started.body(start.warmRestart() ? GatewayStartedFlyweight.FLAG_WARM_RESTART : 0,
            start.restoreIdleNs(), start.pathNames(), start.summary());
        append(length);
        events.setRelease(eventsWritten);
    }

    private void housekeeping(final long nowMs)
    {
        lastCycle = appender.cycle();
        nextHousekeepingMs = nowMs + HOUSEKEEPING_INTERVAL_MS;
        final int deleted = JournalFiles.deleteOldest(settings.dir(), settings.retentionCycles());
        if (deleted > 0)
        {
            filesDeleted += deleted;
            queue.refreshDirectoryListing();
        }
        diskBytes.setRelease(JournalFiles.diskUsageBytes(settings.dir()));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onClose()
    {
        if (null == appender)
        {
            return;
        }
        try
        {
            for (final RingBuffer ring : rings)
            {
                for (int i = 0; i < CLOSE_DRAIN_CYCLES && ring.read(this, drainLimit) > 0; i++)
                {
                    events.setRelease(eventsWritten);
                }
            }
            final JournalRecordFlyweight stopped = new JournalRecordFlyweight().wrap(scratchBuffer, 0);
            stopped.header(JournalRecordFlyweight.TYPE_GATEWAY_STOPPED, JournalRecordFlyweight.CONTROL_WORKER,
                timeProvider.currentTimeNanos());
            append(JournalRecordFlyweight.HEADER_LENGTH);
            events.setRelease(eventsWritten);
            lag.setRelease(backlogBytes());
        }
        finally
        {
            appender.close();
            queue.close();
            appender = null;
            diskBytes.setRelease(JournalFiles.diskUsageBytes(settings.dir()));
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    /**
     * @return records written since start (including the start and stop records).
     */
    public long eventsWritten()
    {
        return eventsWritten;
    }

    /**
     * @return cycle files deleted by the retention since start.
     */
    public int filesDeleted()
    {
        return filesDeleted;
    }
}

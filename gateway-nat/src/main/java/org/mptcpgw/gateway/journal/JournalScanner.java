package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Reads a journal directory from its oldest retained record to its newest, decodes each document's header and
 * hands the record to a {@link Handler} through a flyweight of its type. A document that is not a valid record
 * (unknown type, shorter than its type, longer than any record, inconsistent variable part) is skipped and
 * counted: the journal can hold records of a newer version, and a reader must never fail on one bad document.
 * <p>
 * The queue is opened read-only, so a scan can run while the gateway appends (it sees what was committed when it
 * reached the end). A torn write (kill -9 inside a document) is never seen as a document: Chronicle publishes a
 * document's length only when it is complete, and the next appender reclaims the space.
 */
public final class JournalScanner
{
    /**
     * Receives the records of a scan, in journal order. The flyweights are only valid during the call.
     */
    public interface Handler
    {
        /**
         * @param record a "gateway started" record.
         */
        default void onGatewayStarted(final GatewayStartedFlyweight record)
        {
        }

        /**
         * @param record a "gateway stopped" record (header only).
         */
        default void onGatewayStopped(final JournalRecordFlyweight record)
        {
        }

        /**
         * @param record a "session created" record.
         */
        default void onSessionCreated(final NatSessionFlyweight record)
        {
        }

        /**
         * @param record a "session ended" record.
         */
        default void onSessionEnded(final NatSessionFlyweight record)
        {
        }

        /**
         * @param record a "session refreshed" record.
         */
        default void onSessionRefreshed(final SessionRefreshedFlyweight record)
        {
        }

        /**
         * @param record an "MPTCP connection tracked" record.
         */
        default void onMptcpTracked(final MptcpTrackedFlyweight record)
        {
        }

        /**
         * @param record an "MPTCP subflow placed" record.
         */
        default void onSubflowPlaced(final SubflowPlacedFlyweight record)
        {
        }

        /**
         * @param record an "MPTCP connection ended" record.
         */
        default void onMptcpEnded(final MptcpEndedFlyweight record)
        {
        }

        /**
         * @param record a "path state changed" record.
         */
        default void onPathState(final PathStateFlyweight record)
        {
        }
    }

    private final byte[] scratch = new byte[GatewayStartedFlyweight.MAX_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(scratch);
    private final JournalRecordFlyweight header = new JournalRecordFlyweight();
    private final GatewayStartedFlyweight started = new GatewayStartedFlyweight();
    private final NatSessionFlyweight session = new NatSessionFlyweight();
    private final SessionRefreshedFlyweight refreshed = new SessionRefreshedFlyweight();
    private final MptcpTrackedFlyweight tracked = new MptcpTrackedFlyweight();
    private final SubflowPlacedFlyweight subflow = new SubflowPlacedFlyweight();
    private final MptcpEndedFlyweight mptcpEnded = new MptcpEndedFlyweight();
    private final PathStateFlyweight pathState = new PathStateFlyweight();
    private long records;
    private long unknown;
    private long malformed;

    /**
     * A scanner; one per scan or reused for several (the counts add up).
     */
    public JournalScanner()
    {
        // The records are copied into one scratch buffer, so each flyweight is wrapped once.
        header.wrap(buffer, 0);
        started.wrap(buffer, 0);
        session.wrap(buffer, 0);
        refreshed.wrap(buffer, 0);
        tracked.wrap(buffer, 0);
        subflow.wrap(buffer, 0);
        mptcpEnded.wrap(buffer, 0);
        pathState.wrap(buffer, 0);
    }

    /**
     * Scan a journal directory (nothing happens when it holds no queue).
     *
     * @param dir     journal directory.
     * @param handler receives the records.
     * @return this, for the counts.
     */
    public JournalScanner scan(final Path dir, final Handler handler)
    {
        if (!JournalFiles.isJournal(dir))
        {
            return this;
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(JournalFiles.detectRollCycle(dir, RollCycles.FAST_DAILY))
            .readOnly(true)
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            tailer.toStart();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long length = bytes.readRemaining();
                    if (length < JournalRecordFlyweight.HEADER_LENGTH || length > scratch.length)
                    {
                        malformed++;
                        continue;
                    }
                    bytes.read(scratch, 0, (int)length);
                    dispatch((int)length, handler);
                }
            }
        }
        return this;
    }

    private void dispatch(final int length, final Handler handler)
    {
        final int type = header.type();
        final int minLength = JournalRecordFlyweight.minLength(type);
        if (minLength < 0)
        {
            unknown++;
            return;
        }
        if (length < minLength)
        {
            malformed++;
            return;
        }
        switch (type)
        {
            case JournalRecordFlyweight.TYPE_GATEWAY_STARTED ->
            {
                if (!started.isComplete(length))
                {
                    malformed++;
                    return;
                }
                handler.onGatewayStarted(started);
            }
            case JournalRecordFlyweight.TYPE_GATEWAY_STOPPED -> handler.onGatewayStopped(header);
            case JournalRecordFlyweight.TYPE_SESSION_CREATED ->
                handler.onSessionCreated(session);
            case JournalRecordFlyweight.TYPE_SESSION_ENDED ->
                handler.onSessionEnded(session);
            case JournalRecordFlyweight.TYPE_SESSION_REFRESHED ->
                handler.onSessionRefreshed(refreshed);
            case JournalRecordFlyweight.TYPE_MPTCP_TRACKED ->
                handler.onMptcpTracked(tracked);
            case JournalRecordFlyweight.TYPE_SUBFLOW_PLACED ->
                handler.onSubflowPlaced(subflow);
            case JournalRecordFlyweight.TYPE_MPTCP_ENDED ->
                handler.onMptcpEnded(mptcpEnded);
            default -> handler.onPathState(pathState);
        }
        records++;
    }

    /**
     * @return valid records handed to the handler.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return documents skipped because their record type is unknown.
     */
    public long unknown()
    {
        return unknown;
    }

    /**
     * @return documents skipped because they are shorter than their type, too long, or inconsistent.
     */
    public long malformed()
    {
        return malformed;
    }
}

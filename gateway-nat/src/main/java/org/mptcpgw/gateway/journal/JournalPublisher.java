package org.mptcpgw.gateway.journal;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The front door of the journal for one forwarding worker: one method per event type, each of which claims space
 * in the journal ring ({@code tryClaim}), writes the record in place with explicit byte order and commits, or, for
 * a batched publisher (what a forwarding worker has), appends the record to a staging buffer that {@link #flush()}
 * hands to the ring as one message once per duty cycle. Nothing
 * allocates, blocks or touches a file. When the ring is full (the journal agent fell behind) the event is counted
 * in the worker's {@code JOURNAL_OVERFLOWS} counter and dropped, so forwarding never waits for the disk.
 * <p>
 * One publisher per thread, and the ring, the flyweights and the overflow counter here belong to the thread that
 * owns the publisher (the ring is one-to-one: this thread writes, the journal agent reads). Timestamps are
 * wall-clock epoch nanoseconds passed in by the caller (a worker reads its clock once per duty cycle). A publisher
 * without a ring ({@link #disabled(int)}) does nothing.
 */
public final class JournalPublisher
{
    /** Ring message type of a batch of records (record types start at 1). */
    public static final int MSG_TYPE_BATCH = 0x4A42;
    /** Bytes before each record in a batch: the record's length (int, native order). */
    public static final int BATCH_RECORD_PREFIX = 4;
    /** Records in a batch start on this boundary. */
    public static final int BATCH_ALIGNMENT = 8;
    /** Bytes of a worker's staging buffer (about 50 session records), capped by the ring's largest message. */
    public static final int DEFAULT_STAGING_BYTES = 4096;

    private final RingBuffer ring;
    private final AtomicBuffer ringBuffer;
    // Records are written here: the ring itself (write-through), or the staging buffer (batched).
    private final AtomicBuffer buffer;
    private final UnsafeBuffer staging;
    private final AtomicCounter overflows;
    private final int worker;
    private int stagedBytes;
    private int stagedRecords;
    private final NatSessionFlyweight session = new NatSessionFlyweight();
    private final SessionRefreshedFlyweight refreshed = new SessionRefreshedFlyweight();
    private final MptcpTrackedFlyweight tracked = new MptcpTrackedFlyweight();
    private final SubflowPlacedFlyweight subflow = new SubflowPlacedFlyweight();
    private final MptcpEndedFlyweight mptcpEnded = new MptcpEndedFlyweight();
    private final PathStateFlyweight pathState = new PathStateFlyweight();

    /**
     * @param ring      the journal ring.
     * @param overflows counts events dropped because the ring was full (written only by this publisher's thread).
     * @param worker    worker index written in every record, or {@link JournalRecordFlyweight#CONTROL_WORKER}.
     */
    public JournalPublisher(final RingBuffer ring, final AtomicCounter overflows, final int worker)
    {
        this(ring, overflows, worker, 0);
    }

    /**
     * A publisher that stages records in a buffer of its own and hands them to the ring as one message per
     * {@link #flush()} (a forwarding worker flushes once per duty cycle). Each record costs the worker stores into
     * the same few cache lines of its own, and the ring one claim, one copy and one commit per batch: the worker
     * never writes a ring line that the agent read last, which is what a record at a time costs (docs/journal.md).
     * The agent writes the records of a batch as separate documents, byte for byte as if written one at a time.
     *
     * @param ring         the journal ring.
     * @param overflows    counts events dropped because the ring was full (a batch that does not fit counts all
     *                     of its records).
     * @param worker       worker index written in every record.
     * @param stagingBytes size of the staging buffer, at most the ring's largest message; 0 writes every record
     *                     straight into the ring.
     */
    public JournalPublisher(
        final RingBuffer ring, final AtomicCounter overflows, final int worker, final int stagingBytes)
    {
        this.ring = ring;
        this.ringBuffer = null == ring ? null : ring.buffer();
        this.overflows = overflows;
        this.worker = worker;
        if (stagingBytes > 0 && null != ring)
        {
            final int bytes = Math.min(stagingBytes, ring.maxMsgLength());
            this.staging = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                BitUtil.align(bytes, BitUtil.CACHE_LINE_LENGTH), BitUtil.CACHE_LINE_LENGTH), 0, bytes);
            this.buffer = staging;
        }
        else
        {
            this.staging = null;
            this.buffer = ringBuffer;
        }
    }

    /**
     * A publisher for a gateway whose journal is off: every method returns false and counts nothing.
     *
     * @param worker worker index.
     * @return the publisher.
     */
    public static JournalPublisher disabled(final int worker)
    {
        return new JournalPublisher(null, null, worker);
    }

    /**
     * @return the worker index written in every record.
     */
    public int worker()
    {
        return worker;
    }

    /**
     * @return true when records are staged and handed to the ring by {@link #flush()}.
     */
    public boolean batched()
    {
        return null != staging;
    }

    /**
     * Hand the staged records to the ring as one message. A forwarding worker calls it once per duty cycle; a
     * write-through publisher has nothing to flush. When the ring has no room, every staged record is counted as
     * an overflow and dropped.
     *
     * @return records handed over (0 when nothing was staged or the ring was full).
     */
    public int flush()
    {
        final int records = stagedRecords;
        if (0 == records)
        {
            return 0;
        }
        final int bytes = stagedBytes;
        stagedRecords = 0;
        stagedBytes = 0;
        final int index = ring.tryClaim(MSG_TYPE_BATCH, bytes);
        if (index < 0)
        {
            overflows.getAndAddRelease(records);
            return 0;
        }
        ringBuffer.putBytes(index, staging, 0, bytes);
        ring.commit(index);
        return records;
    }

    private int claim(final int type, final int length)
    {
        if (null == ring)
        {
            return -1;
        }
        if (null != staging)
        {
            return stage(length);
        }
        final int index = ring.tryClaim(type, length);
        if (index < 0)
        {
            overflows.incrementRelease();
        }
        return index;
    }

    private int stage(final int length)
    {
        final int needed = BitUtil.align(BATCH_RECORD_PREFIX + length, BATCH_ALIGNMENT);
        if (stagedBytes + needed > staging.capacity())
        {
            flush();
        }
        final int at = stagedBytes;
        staging.putInt(at, length);
        stagedBytes = at + needed;
        return at + BATCH_RECORD_PREFIX;
    }

    private void commit(final int index)
    {
        if (null != staging)
        {
            stagedRecords++;
        }
        else
        {
            ring.commit(index);
        }
    }

    /**
     * A NAT session was created.
     *
     * @param timestampNs   wall-clock time, epoch nanoseconds.
     * @param sessionId     session id ({@link SessionIds}).
     * @param path          path index.
     * @param protocol      IP protocol (6, 17 or 1).
     * @param insideIp      inside address.
     * @param insidePort    inside port (ICMP: echo identifier).
     * @param outsideIp     outside address.
     * @param outsidePort   outside port.
     * @param remoteIp      remote address.
     * @param remotePort    remote port.
     * @param flags         {@code NatSessionFlyweight.FLAG_*} bits.
     * @return true if journaled, false if the ring was full (counted) or the journal is off.
     */
    public boolean sessionCreated(
        final long timestampNs,
        final long sessionId,
        final int path,
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort,
        final int flags)
    {
        return session(JournalRecordFlyweight.TYPE_SESSION_CREATED, timestampNs, sessionId, path, protocol, insideIp,
            insidePort, outsideIp, outsidePort, remoteIp, remotePort, flags, NatSessionFlyweight.CAUSE_NONE);
    }

    /**
     * A NAT session ended.
     *
     * @param timestampNs   wall-clock time, epoch nanoseconds.
     * @param sessionId     session id.
     * @param path          path index.
     * @param protocol      IP protocol.
     * @param insideIp      inside address.
     * @param insidePort    inside port.
     * @param outsideIp     outside address.
     * @param outsidePort   outside port.
     * @param remoteIp      remote address.
     * @param remotePort    remote port.
     * @param flags         {@code NatSessionFlyweight.FLAG_*} bits.
     * @param cause         {@code NatSessionFlyweight.CAUSE_*}.
     * @return true if journaled.
     */
    public boolean sessionEnded(
        final long timestampNs,
        final long sessionId,
        final int path,
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort,
        final int flags,
        final int cause)
    {
        return session(JournalRecordFlyweight.TYPE_SESSION_ENDED, timestampNs, sessionId, path, protocol, insideIp,
            insidePort, outsideIp, outsidePort, remoteIp, remotePort, flags, cause);
    }

    private boolean session(
        final int type,
        final long timestampNs,
        final long sessionId,
        final int path,
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort,
        final int flags,
        final int cause)
    {
        final int index = claim(type, NatSessionFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final NatSessionFlyweight record = session;
        record.wrap(buffer, index);
        record.record(type, worker, timestampNs, sessionId, insideIp, insidePort, outsideIp, outsidePort, remoteIp,
            remotePort, path, protocol, flags, cause);
        commit(index);
        return true;
    }

    /**
     * A NAT session is still in use (its expiry was re-armed after traffic).
     *
     * @param timestampNs    wall-clock time, epoch nanoseconds.
     * @param sessionId      session id.
     * @param lastActivityNs wall-clock time of its last packet, epoch nanoseconds.
     * @return true if journaled.
     */
    public boolean sessionRefreshed(final long timestampNs, final long sessionId, final long lastActivityNs)
    {
        final int index = claim(JournalRecordFlyweight.TYPE_SESSION_REFRESHED, SessionRefreshedFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final SessionRefreshedFlyweight record = refreshed;
        record.wrap(buffer, index);
        record.header(JournalRecordFlyweight.TYPE_SESSION_REFRESHED, worker, timestampNs);
        record.sessionId(sessionId).lastActivityNs(lastActivityNs);
        commit(index);
        return true;
    }

    /**
     * An MPTCP connection is tracked (the server's key is known).
     *
     * @param timestampNs      wall-clock time, epoch nanoseconds.
     * @param mptcpVersion     0 or 1.
     * @param serverToken      token of key B.
     * @param hostToken        token of key A, 0 if unknown.
     * @param hostKey          key A, 0 if unknown.
     * @param serverKey        key B.
     * @param hostIp           host address.
     * @param hostPort         host port of the initial subflow.
     * @param serverIp         server address.
     * @param serverPort       server port.
     * @param initialPath      path of the initial subflow.
     * @param initialSessionId session of the initial subflow, or {@link SessionIds#NONE}.
     * @return true if journaled.
     */
    public boolean mptcpTracked(
        final long timestampNs,
        final int mptcpVersion,
        final int serverToken,
        final int hostToken,
        final long hostKey,
        final long serverKey,
        final int hostIp,
        final int hostPort,
        final int serverIp,
        final int serverPort,
        final int initialPath,
        final long initialSessionId)
    {
        final int index = claim(JournalRecordFlyweight.TYPE_MPTCP_TRACKED, MptcpTrackedFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final MptcpTrackedFlyweight record = tracked;
        record.wrap(buffer, index);
        record.header(JournalRecordFlyweight.TYPE_MPTCP_TRACKED, worker, timestampNs);
        record.keys(hostKey, serverKey, hostToken, serverToken)
            .endpoints(hostIp, hostPort, serverIp, serverPort)
            .initial(mptcpVersion, initialPath, initialSessionId);
        commit(index);
        return true;
    }

    /**
     * An MPTCP subflow was placed on a path.
     *
     * @param timestampNs wall-clock time, epoch nanoseconds.
     * @param serverToken token from the MP_JOIN SYN (or of the connection, for the initial subflow).
     * @param path        path index.
     * @param sessionId   session of the subflow.
     * @param insideIp    inside address.
     * @param insidePort  inside port.
     * @param remoteIp    remote address.
     * @param remotePort  remote port.
     * @param outsideIp   outside address.
     * @param outsidePort outside port.
     * @param flags       {@code SubflowPlacedFlyweight.FLAG_*} bits.
     * @return true if journaled.
     */
    public boolean subflowPlaced(
        final long timestampNs,
        final int serverToken,
        final int path,
        final long sessionId,
        final int insideIp,
        final int insidePort,
        final int remoteIp,
        final int remotePort,
        final int outsideIp,
        final int outsidePort,
        final int flags)
    {
        final int index = claim(JournalRecordFlyweight.TYPE_SUBFLOW_PLACED, SubflowPlacedFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final SubflowPlacedFlyweight record = subflow;
        record.wrap(buffer, index);
        record.header(JournalRecordFlyweight.TYPE_SUBFLOW_PLACED, worker, timestampNs);
        record.subflow(sessionId, serverToken, path, flags)
            .tuple(insideIp, insidePort, remoteIp, remotePort, outsideIp, outsidePort);
        commit(index);
        return true;
    }

    /**
     * An MPTCP connection ended.
     *
     * @param timestampNs wall-clock time, epoch nanoseconds.
     * @param serverToken token of key B (0 if the connection never got one).
     * @param hostIp      host address.
     * @param cause       {@code MptcpConnectionTable.CAUSE_*}.
     * @return true if journaled.
     */
    public boolean mptcpEnded(final long timestampNs, final int serverToken, final int hostIp, final int cause)
    {
        final int index = claim(JournalRecordFlyweight.TYPE_MPTCP_ENDED, MptcpEndedFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final MptcpEndedFlyweight record = mptcpEnded;
        record.wrap(buffer, index);
        record.header(JournalRecordFlyweight.TYPE_MPTCP_ENDED, worker, timestampNs);
        record.ended(serverToken, hostIp, cause);
        commit(index);
        return true;
    }

    /**
     * A path changed health state.
     *
     * @param timestampNs wall-clock time, epoch nanoseconds.
     * @param path        path index.
     * @param oldState    previous state (PathTable.DOWN, DEGRADED, UP).
     * @param newState    new state.
     * @param reason      reason code of the health checker.
     * @return true if journaled.
     */
    public boolean pathStateChanged(
        final long timestampNs, final int path, final int oldState, final int newState, final int reason)
    {
        final int index = claim(JournalRecordFlyweight.TYPE_PATH_STATE, PathStateFlyweight.LENGTH);
        if (index < 0)
        {
            return false;
        }
        final PathStateFlyweight record = pathState;
        record.wrap(buffer, index);
        record.header(JournalRecordFlyweight.TYPE_PATH_STATE, worker, timestampNs);
        record.change(path, oldState, newState, reason);
        commit(index);
        return true;
    }
}

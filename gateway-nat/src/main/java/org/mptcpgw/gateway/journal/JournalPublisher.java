package org.mptcpgw.gateway.journal;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The front door of the journal for one forwarding worker: one method per event type, each of which claims space
 * in the journal ring ({@code tryClaim}), writes the record in place with explicit byte order and commits. Nothing
 * allocates, blocks or touches a file. When the ring is full (the journal agent fell behind) the event is counted
 * in the worker's {@code JOURNAL_OVERFLOWS} counter and dropped, so forwarding never waits for the disk.
 * <p>
 * One publisher per thread: the ring takes many producers, but the flyweights and the overflow counter here belong
 * to the thread that owns the publisher. Timestamps are wall-clock epoch nanoseconds passed in by the caller (a
 * worker reads its clock once per duty cycle). A publisher without a ring ({@link #disabled(int)}) does nothing.
 */
public final class JournalPublisher
{
    private final RingBuffer ring;
    private final AtomicBuffer buffer;
    private final AtomicCounter overflows;
    private final int worker;
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
        this.ring = ring;
        this.buffer = null == ring ? null : ring.buffer();
        this.overflows = overflows;
        this.worker = worker;
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

    private int claim(final int type, final int length)
    {
        if (null == ring)
        {
            return -1;
        }
        final int index = ring.tryClaim(type, length);
        if (index < 0)
        {
            overflows.incrementRelease();
        }
        return index;
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
        record.header(type, worker, timestampNs);
        record.sessionId(sessionId)
            .inside(insideIp, insidePort)
            .outside(outsideIp, outsidePort)
            .remote(remoteIp, remotePort)
            .attributes(path, protocol, flags, cause);
        ring.commit(index);
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
        ring.commit(index);
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
        ring.commit(index);
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
        ring.commit(index);
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
        ring.commit(index);
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
        ring.commit(index);
        return true;
    }
}

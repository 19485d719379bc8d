package org.mptcpgw.nat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.BufferUtil;
import org.agrona.collections.Hashing;
import org.agrona.concurrent.UnsafeBuffer;

import static org.mptcpgw.nat.SessionDescriptor.ALIGNMENT;
import static org.mptcpgw.nat.SessionDescriptor.FLAGS_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.INBOUND_INITIATED;
import static org.mptcpgw.nat.SessionDescriptor.INSIDE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.IN_USE;
import static org.mptcpgw.nat.SessionDescriptor.LAST_ACTIVITY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.MAPPING_NEXT_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.MAPPING_PREV_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.MAPPING_SESSIONS_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.OUTSIDE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.PASS_THROUGH;
import static org.mptcpgw.nat.SessionDescriptor.RECORD_LENGTH;
import static org.mptcpgw.nat.SessionDescriptor.RECORD_SHIFT;
import static org.mptcpgw.nat.SessionDescriptor.REMOTE_KEY_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.SESSION_FLAGS_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.STATE_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.TIMER_SLOT_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.USER_DATA_OFFSET;
import static org.mptcpgw.nat.SessionDescriptor.endpointKey;
import static org.mptcpgw.nat.SessionDescriptor.keyIp;
import static org.mptcpgw.nat.SessionDescriptor.keyPath;
import static org.mptcpgw.nat.SessionDescriptor.keyPort;
import static org.mptcpgw.nat.SessionDescriptor.keyProtocol;
import static org.mptcpgw.nat.SessionDescriptor.remoteKey;

/**
 * The NAT session table of one worker: sessions, endpoint-independent mappings, outside port pools, quotas and
 * idle timers, for every path. It is the state machine only; the pipeline parses and rewrites packets.
 * <p>
 * <b>Model.</b> A <em>session</em> is one flow (protocol, inside ip/port, remote ip/port) on one path with its
 * outside ip/port. A <em>mapping</em> (RFC 4787 and RFC 5382 endpoint-independent mapping) is (path, protocol,
 * inside ip/port) to (outside ip/port), shared by every session of that inside endpoint on that path and gone with
 * its last session. Pass-through sessions (outside endpoint = inside endpoint) keep a flow on an untranslated path
 * for its life and have no mapping. Sessions are addressed by an int index that is stable while they live.
 * <p>
 * <b>Per packet</b> the pipeline calls {@link #lookupOutbound} or {@link #inbound} (or the create method on a
 * miss), rewrites the packet from the accessors, then calls {@link #onPacket(int, int, int, long)}, which updates
 * the TCP phase and the last-activity time without touching the timer wheel in the common case. ICMP errors are
 * translated with the lookup methods only and never passed to {@code onPacket}, so they neither refresh nor end a
 * session (RFC 5508 REQ-6, RFC 5382 REQ-10, RFC 4787 REQ-12). Refusals are negative {@link NatRefusal} codes; no
 * method allocates or throws on the packet path.
 * <p>
 * <b>Expiry</b>: one timer per session in a timer wheel. When it fires, a session that saw activity since is
 * re-armed for last activity plus its timeout, otherwise it ends. Phase changes that shorten the timeout (a FIN, a
 * RST) move the timer; those happen once per connection, not per packet. {@link #poll(long, int)} bounds the work.
 * <p>
 * <b>Threads</b>: single writer. Only the owning worker calls methods, except the snapshot methods documented as
 * safe for other threads ({@link #size()}, {@link #sessionsOnPath(int)}, {@link #mappingsOnPath(int)},
 * {@link #portsInUse(int, int)} and the event counters), which read values published with release semantics.
 */
public final class NatSessionTable
{
    private static final int USAGE_SIZE = 0;
    private static final int EVENT_CREATED = 0;
    private static final int EVENT_RESTORED = 1;
    private static final int EVENT_ENDED_BASE = 2;
    private static final int REFUSAL_KINDS = 10;
    private static final long ANY_PATH_KEY_MASK = ~0xFFL;

    private final NatConfig config;
    private final SessionListener listener;
    private final int capacity;
    private final int pathCount;
    private final ByteBuffer recordMemory;
    private final UnsafeBuffer records;
    private final FlowIndex insideSessions;
    private final FlowIndex outsideSessions;
    private final FlowIndex insideMappings;
    private final FlowIndex outsideMappings;
    private final PortPool[] pools;
    private final int[] poolBase;
    private final HostQuota hostQuota;
    private final SessionTimers timers;
    private final SessionTimers.Expiry expiry = new TimerExpiry();
    private final SplittableRandom random;
    private final boolean addressDependentFiltering;
    private final boolean inboundRefresh;
    private final boolean udpParity;
    private final long[] tcpTimeoutNsByPhase = new long[8];
    private final long udpTimeoutNs;
    private final long icmpTimeoutNs;
    private final AtomicIntegerArray usage;
    private final AtomicLongArray events;
    private final AtomicLongArray refusals;
    private int freeHead;
    private int size;

    /**
     * Allocate every structure for the configured capacity; nothing grows afterwards.
     *
     * @param config   configuration of this worker's table.
     * @param listener told about created and ended sessions (use {@link SessionListener#NO_OP} for none).
     * @param nowNs    current time, the start of the timer wheel.
     */
    public NatSessionTable(final NatConfig config, final SessionListener listener, final long nowNs)
    {
        this.config = config;
        this.listener = listener;
        this.capacity = config.sessionCapacity();
        this.pathCount = config.pathCount();
        this.recordMemory = BufferUtil.allocateDirectAligned(capacity * RECORD_LENGTH, ALIGNMENT);
        this.records = new UnsafeBuffer(recordMemory);
        final SplittableRandom seeds = new SplittableRandom(config.randomSeed());
        final int slots = FlowIndex.slotCountFor(capacity);
        // A flow (inside 5-tuple) lives on one path at a time: the inside session index ignores the path byte, so an
        // outbound packet finds its session, and its path, with one lookup. Mappings stay per path.
        insideSessions = new FlowIndex(
            capacity, slots, records, INSIDE_KEY_OFFSET, ANY_PATH_KEY_MASK, true, seeds.nextLong());
        outsideSessions = new FlowIndex(capacity, slots, records, OUTSIDE_KEY_OFFSET, -1L, true, seeds.nextLong());
        insideMappings = new FlowIndex(capacity, slots, records, INSIDE_KEY_OFFSET, -1L, false, seeds.nextLong());
        outsideMappings = new FlowIndex(capacity, slots, records, OUTSIDE_KEY_OFFSET, -1L, false, seeds.nextLong());
        random = seeds.split();

        poolBase = new int[pathCount];
        int poolCount = 0;
        for (int p = 0; p < pathCount; p++)
        {
            poolBase[p] = poolCount;
            poolCount += config.natAddressCount(p) * NatProtocol.COUNT;
        }
        pools = new PortPool[poolCount];
        for (int p = 0; p < pathCount; p++)
        {
            for (int a = 0; a < config.natAddressCount(p); a++)
            {
                for (int i = 0; i < NatProtocol.COUNT; i++)
                {
                    final int protocol = NatProtocol.protocol(i);
                    pools[poolBase[p] + a * NatProtocol.COUNT + i] =
                        new PortPool(config.sliceFirstPort(protocol), config.sliceLastPort(protocol));
                }
            }
        }

        hostQuota = new HostQuota(config.hostQuota(), config.hostTableCapacity());
        timers = new SessionTimers(capacity, config.timerTickNs(), config.timerTicksPerWheel(), nowNs);
        addressDependentFiltering = FilteringMode.ADDRESS_DEPENDENT == config.filtering();
        inboundRefresh = config.inboundRefresh();
        udpParity = config.udpPortParityPreserved();
        for (int phase = 0; phase < tcpTimeoutNsByPhase.length; phase++)
        {
            tcpTimeoutNsByPhase[phase] = config.idleTimeoutNs(NatProtocol.TCP, phase);
        }
        udpTimeoutNs = config.udpIdleTimeoutNs();
        icmpTimeoutNs = config.icmpEchoIdleTimeoutNs();
        usage = new AtomicIntegerArray(1 + 2 * pathCount + pathCount * NatProtocol.COUNT);
        events = new AtomicLongArray(EVENT_ENDED_BASE + SessionEndReason.values().length);
        refusals = new AtomicLongArray(REFUSAL_KINDS);

        for (int s = 0; s < capacity; s++)
        {
            records.putInt(recordOffsetOf(s) + MAPPING_NEXT_OFFSET, s + 1 < capacity ? s + 1 : -1);
        }
        freeHead = 0;
    }

    /**
     * @return the configuration.
     */
    public NatConfig config()
    {
        return config;
    }

    /**
     * @return maximum live sessions.
     */
    public int capacity()
    {
        return capacity;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Per packet
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Exact lookup of an outbound packet's session. Pure read: refreshes nothing.
     *
     * @param path       path index (below {@link NatConfig#pathCount()}).
     * @param protocol   IP protocol number.
     * @param insideIp   source address of the packet.
     * @param insidePort source port (echo identifier for ICMP).
     * @param remoteIp   destination address.
     * @param remotePort destination port (0 for ICMP).
     * @return session index, or {@link NatRefusal#MISS}.
     */
    public int lookupOutbound(
        final int path,
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int remoteIp,
        final int remotePort)
    {
        final int session = lookupOutbound(protocol, insideIp, insidePort, remoteIp, remotePort);
        return session >= 0 && path(session) == path ? session : NatRefusal.MISS;
    }

    /**
     * Exact lookup of an outbound packet's session on whichever path it lives (a flow lives on one path at a time:
     * the inside index ignores the path). Pure read: refreshes nothing.
     *
     * @param protocol   IP protocol number.
     * @param insideIp   source address of the packet.
     * @param insidePort source port (echo identifier for ICMP).
     * @param remoteIp   destination address.
     * @param remotePort destination port (0 for ICMP).
     * @return session index, or {@link NatRefusal#MISS}.
     */
    public int lookupOutbound(
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int remoteIp,
        final int remotePort)
    {
        return insideSessions.find(endpointKey(insideIp, insidePort, protocol, 0), remoteKey(remoteIp, remotePort));
    }

    /**
     * Exact lookup of an inbound packet's session. Pure read: refreshes nothing, creates nothing (use it for the
     * packet embedded in an ICMP error).
     *
     * @param path        path index.
     * @param protocol    IP protocol number.
     * @param outsideIp   destination address of the packet.
     * @param outsidePort destination port (echo identifier for ICMP).
     * @param remoteIp    source address.
     * @param remotePort  source port (0 for ICMP).
     * @return session index, or {@link NatRefusal#MISS}.
     */
    public int lookupInbound(
        final int path,
        final int protocol,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort)
    {
        return outsideSessions.find(
            endpointKey(outsideIp, outsidePort, protocol, path), remoteKey(remoteIp, remotePort));
    }

    /**
     * Exact lookups of a vector of outbound packets (keys added with their inside endpoint), on whichever path each
     * flow lives (the path given with a key is ignored). Same result as
     * {@link #lookupOutbound(int, int, int, int, int, int)} for each key, but the memory loads of different keys
     * overlap, which matters when the table is much larger than the CPU caches. Pure read.
     *
     * @param batch keys in, sessions (or {@link NatRefusal#MISS}) out.
     */
    public void lookupOutbound(final SessionLookupBatch batch)
    {
        insideSessions.findBatch(batch.localKeys, batch.remoteKeys, batch.count, batch.sessions, batch.hashes,
            batch.foundLocal, batch.foundRemote);
    }

    /**
     * Exact lookups of a vector of inbound packets (keys added with their outside endpoint); see
     * {@link #lookupOutbound(SessionLookupBatch)}. Pure read: creates nothing.
     *
     * @param batch keys in, sessions (or {@link NatRefusal#MISS}) out.
     */
    public void lookupInbound(final SessionLookupBatch batch)
    {
        outsideSessions.findBatch(batch.localKeys, batch.remoteKeys, batch.count, batch.sessions, batch.hashes,
            batch.foundLocal, batch.foundRemote);
    }

    /**
     * Create the session of an outbound packet that missed, with its mapping if the inside endpoint has none on
     * the path: the existing mapping is reused (endpoint-independent mapping), else a new outside port is taken,
     * the inside port when free. Returns the existing session if there is one already.
     *
     * @param path        path index.
     * @param protocol    IP protocol number.
     * @param insideIp    source address of the packet.
     * @param insidePort  source port (echo identifier for ICMP).
     * @param remoteIp    destination address.
     * @param remotePort  destination port (0 for ICMP).
     * @param passThrough true for a session that is not translated (outside endpoint = inside endpoint).
     * @param nowNs       current time.
     * @return session index, or a negative {@link NatRefusal} code.
     */
    public int createOutbound(
        final int path,
        final int protocol,
        final int insideIp,
        final int insidePort,
        final int remoteIp,
        final int remotePort,
        final boolean passThrough,
        final long nowNs)
    {
        final int invalid = checkPathAndProtocol(path, protocol);
        if (invalid < 0)
        {
            return refuse(invalid);
        }
        final long insideKey = endpointKey(insideIp, insidePort, protocol, path);
        final long remoteKey = remoteKey(remoteIp, remotePort);
        final int existing = insideSessions.find(insideKey, remoteKey);
        if (existing >= 0)
        {
            return existing;
        }
        if (size >= capacity)
        {
            return refuse(NatRefusal.MAX_SESSIONS);
        }

        final int state = NatProtocol.TCP == protocol ? SessionState.tcpInitial() : SessionState.ACTIVE;
        final int session;
        if (passThrough)
        {
            if (outsideSessions.find(insideKey, remoteKey) >= 0)
            {
                return refuse(NatRefusal.CONFLICT);
            }
            session = newSession(insideKey, insideKey, remoteKey, state, PASS_THROUGH, nowNs);
        }
        else
        {
            final int head = insideMappings.find(insideKey, 0);
            if (head >= 0)
            {
                final long outsideKey = records.getLong(recordOffsetOf(head) + OUTSIDE_KEY_OFFSET);
                if (outsideSessions.find(outsideKey, remoteKey) >= 0)
                {
                    // Only possible when a pass-through session's own endpoint is this outside endpoint.
                    return refuse(NatRefusal.CONFLICT);
                }
                session = newSession(insideKey, outsideKey, remoteKey, state, 0, nowNs);
                linkAfterHead(head, session);
            }
            else
            {
                final int addressCount = config.natAddressCount(path);
                if (0 == addressCount)
                {
                    return refuse(NatRefusal.NO_PATH);
                }
                if (!hostQuota.tryAcquire(path, insideIp))
                {
                    return refuse(NatRefusal.HOST_QUOTA);
                }
                final int address = pairedAddressIndex(insideIp, addressCount);
                final PortPool pool = pool(path, address, protocol);
                final int port = pool.allocate(
                    insidePort, udpParity && NatProtocol.UDP == protocol, random.nextLong());
                if (port < 0)
                {
                    hostQuota.release(path, insideIp);
                    return refuse(NatRefusal.OUT_OF_PORTS);
                }
                final long outsideKey = endpointKey(config.natAddress(path, address), port, protocol, path);
                if (outsideSessions.find(outsideKey, remoteKey) >= 0)
                {
                    pool.release(port);
                    hostQuota.release(path, insideIp);
                    return refuse(NatRefusal.CONFLICT);
                }
                session = newSession(insideKey, outsideKey, remoteKey, state, 0, nowNs);
                addMapping(session, path, protocol);
            }
        }
        activate(session, path, nowNs + timeoutNs(protocol, state));
        publishEvent(EVENT_CREATED);
        listener.onSessionCreated(this, session);
        return session;
    }

    /**
     * The session of an inbound packet: the exact session if there is one; otherwise, if the destination is the
     * outside endpoint of a mapping and the filtering allows the source, a new inbound session of that mapping.
     * Endpoint-independent filtering admits any source; address-dependent filtering only a source address the
     * mapping already has a session with. For TCP only a SYN may create a session.
     *
     * @param path        path index.
     * @param protocol    IP protocol number.
     * @param outsideIp   destination address of the packet.
     * @param outsidePort destination port (echo identifier for ICMP).
     * @param remoteIp    source address.
     * @param remotePort  source port (0 for ICMP).
     * @param tcpFlags    TCP flags of the segment (ignored for UDP and ICMP).
     * @param nowNs       current time.
     * @return session index, or {@link NatRefusal#NO_SESSION} (no mapping, a TCP segment without SYN, or the flow
     *         exists untranslated as a pass-through session), {@link NatRefusal#FILTERED},
     *         {@link NatRefusal#MAX_SESSIONS} (or NO_PATH, UNSUPPORTED_PROTOCOL for bad arguments).
     */
    public int inbound(
        final int path,
        final int protocol,
        final int outsideIp,
        final int outsidePort,
        final int remoteIp,
        final int remotePort,
        final int tcpFlags,
        final long nowNs)
    {
        final long outsideKey = endpointKey(outsideIp, outsidePort, protocol, path);
        final long remoteKey = remoteKey(remoteIp, remotePort);
        final int existing = outsideSessions.find(outsideKey, remoteKey);
        if (existing >= 0)
        {
            return existing;
        }
        final int invalid = checkPathAndProtocol(path, protocol);
        if (invalid < 0)
        {
            return refuse(invalid);
        }
        final int head = outsideMappings.find(outsideKey, 0);
        if (head < 0 || (NatProtocol.TCP == protocol && 0 == (tcpFlags & TcpFlags.SYN)))
        {
            return refuse(NatRefusal.NO_SESSION);
        }
        final long insideKey = records.getLong(recordOffsetOf(head) + INSIDE_KEY_OFFSET);
        if (insideSessions.find(insideKey, remoteKey) >= 0)
        {
            // The inside endpoint already talks to this remote untranslated on this path (a pass-through session):
            // a second, translated session of the same flow would be a duplicate.
            return refuse(NatRefusal.NO_SESSION);
        }
        if (addressDependentFiltering && !mappingHasRemote(head, remoteIp))
        {
            return refuse(NatRefusal.FILTERED);
        }
        if (size >= capacity)
        {
            return refuse(NatRefusal.MAX_SESSIONS);
        }
        final int state = NatProtocol.TCP == protocol ? SessionState.tcpInitial() : SessionState.ACTIVE;
        final int session = newSession(insideKey, outsideKey, remoteKey, state, INBOUND_INITIATED, nowNs);
        linkAfterHead(head, session);
        activate(session, path, nowNs + timeoutNs(protocol, state));
        publishEvent(EVENT_CREATED);
        listener.onSessionCreated(this, session);
        return session;
    }

    /**
     * Account for one translated packet of a session: update the TCP phase from its flags and the last-activity
     * time. Outbound packets always refresh (RFC 4787 REQ-6); inbound ones when configured (REQ-6a). A RST starts
     * the RST linger (RFC 7857 section 2.2) once; later RSTs do not refresh, so RSTs answering inbound packets
     * cannot keep a session alive (RFC 7857 section 2.8). Call it for every translated packet, including the one
     * that created the session, but not for ICMP errors about the session.
     *
     * @param session   a live session index.
     * @param direction {@link FlowDirection#OUTBOUND} or {@link FlowDirection#INBOUND}.
     * @param tcpFlags  TCP flags byte of the segment; 0 for UDP and ICMP.
     * @param nowNs     current time.
     */
    public void onPacket(final int session, final int direction, final int tcpFlags, final long nowNs)
    {
        final int base = recordOffsetOf(session);
        final int state = records.getByte(base + STATE_OFFSET);
        if (SessionState.ACTIVE == state ||
            (SessionState.TCP_ESTABLISHED == (state & SessionState.PHASE_MASK) &&
            0 == (tcpFlags & TcpFlags.STATE_CHANGING)))
        {
            if (FlowDirection.OUTBOUND == direction || inboundRefresh)
            {
                records.putLong(base + LAST_ACTIVITY_OFFSET, nowNs);
            }
            return;
        }
        onTcpStateChange(session, base, state, direction, tcpFlags, nowNs);
    }

    /**
     * Expire sessions whose timers are due. Call it once per duty cycle with the cycle's clock.
     *
     * @param nowNs current time.
     * @param limit most timers to handle in this call.
     * @return work done (timers handled plus wheel ticks advanced), 0 when there was nothing to do.
     */
    public int poll(final long nowNs, final int limit)
    {
        return timers.poll(nowNs, limit, expiry);
    }

    /**
     * End a session now, e.g. when its path goes down ({@link SessionEndReason#EVICTED}) or on MP_FASTCLOSE
     * ({@link SessionEndReason#REMOVED}). The listener sees it end with the given reason.
     *
     * @param session session index.
     * @param reason  why it ends.
     * @return true when the session was live and is now gone.
     */
    public boolean remove(final int session, final SessionEndReason reason)
    {
        if (!isLive(session))
        {
            return false;
        }
        end(session, reason);
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Mappings
    // ------------------------------------------------------------------------------------------------------------

    /**
     * @param path        path index.
     * @param protocol    IP protocol number.
     * @param outsideIp   outside address.
     * @param outsidePort outside port.
     * @return head session of the mapping with that outside endpoint (read its inside endpoint with the
     *         accessors), or {@link NatRefusal#MISS}.
     */
    public int lookupMappingByOutside(final int path, final int protocol, final int outsideIp, final int outsidePort)
    {
        return outsideMappings.find(endpointKey(outsideIp, outsidePort, protocol, path), 0);
    }

    /**
     * @param path       path index.
     * @param protocol   IP protocol number.
     * @param insideIp   inside address.
     * @param insidePort inside port.
     * @return head session of the mapping of that inside endpoint on the path, or {@link NatRefusal#MISS}.
     */
    public int lookupMappingByInside(final int path, final int protocol, final int insideIp, final int insidePort)
    {
        return insideMappings.find(endpointKey(insideIp, insidePort, protocol, path), 0);
    }

    /**
     * @param session a live session index.
     * @return number of sessions sharing its mapping (its reference count), 0 for a pass-through session.
     */
    public int mappingSessionCount(final int session)
    {
        if (isPassThrough(session))
        {
            return 0;
        }
        final int head = insideMappings.find(records.getLong(recordOffsetOf(session) + INSIDE_KEY_OFFSET), 0);
        return head < 0 ? 0 : records.getInt(recordOffsetOf(head) + MAPPING_SESSIONS_OFFSET);
    }

    /**
     * @param path       path index.
     * @param insideHost inside address.
     * @return mappings the host holds on the path (what the quota counts).
     */
    public int hostMappings(final int path, final int insideHost)
    {
        return hostQuota.count(path, insideHost);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Warm restart
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Re-create a session from the journal with its given outside endpoint, state, last activity and pipeline
     * fields, and its mapping if the inside endpoint has none yet. The outside port must be free in this worker's
     * slice (or be the port of the inside endpoint's existing mapping). The session expires at its last activity
     * plus its timeout, at the first poll if that has passed.
     *
     * @param image the session's fields.
     * @param nowNs current time.
     * @return session index, or {@link NatRefusal#CONFLICT} (exists already, contradicts a mapping, bad state),
     *         {@link NatRefusal#OUT_OF_PORTS} (port taken or not this worker's), {@link NatRefusal#NO_PATH}
     *         (outside address not on the path), {@link NatRefusal#HOST_QUOTA}, {@link NatRefusal#MAX_SESSIONS}.
     */
    public int restore(final SessionImage image, final long nowNs)
    {
        final int path = image.path();
        final int protocol = image.protocol();
        final int invalid = checkPathAndProtocol(path, protocol);
        if (invalid < 0)
        {
            return invalid;
        }
        final int state = image.state();
        final long insideKey = endpointKey(image.insideIp(), image.insidePort(), protocol, path);
        final long remoteKey = remoteKey(image.remoteIp(), image.remotePort());
        if (!SessionState.isValid(state, protocol) || insideSessions.find(insideKey, remoteKey) >= 0)
        {
            return NatRefusal.CONFLICT;
        }
        if (size >= capacity)
        {
            return NatRefusal.MAX_SESSIONS;
        }
        final int sessionFlags = image.inboundInitiated() ? INBOUND_INITIATED : 0;
        final long outsideKey = endpointKey(image.outsideIp(), image.outsidePort(), protocol, path);
        final int session;
        if (image.passThrough())
        {
            if (outsideKey != insideKey || outsideSessions.find(insideKey, remoteKey) >= 0)
            {
                return NatRefusal.CONFLICT;
            }
            session = newSession(insideKey, insideKey, remoteKey, state, sessionFlags | PASS_THROUGH, 0);
        }
        else
        {
            if (outsideSessions.find(outsideKey, remoteKey) >= 0)
            {
                return NatRefusal.CONFLICT;
            }
            final int head = insideMappings.find(insideKey, 0);
            if (head >= 0)
            {
                if (records.getLong(recordOffsetOf(head) + OUTSIDE_KEY_OFFSET) != outsideKey)
                {
                    return NatRefusal.CONFLICT;
                }
                session = newSession(insideKey, outsideKey, remoteKey, state, sessionFlags, 0);
                linkAfterHead(head, session);
            }
            else
            {
                final int address = addressIndex(path, image.outsideIp());
                if (address < 0)
                {
                    return NatRefusal.NO_PATH;
                }
                final PortPool pool = pool(path, address, protocol);
                if (!pool.contains(image.outsidePort()) || !pool.isFree(image.outsidePort()))
                {
                    return NatRefusal.OUT_OF_PORTS;
                }
                if (!hostQuota.tryAcquire(path, image.insideIp()))
                {
                    return NatRefusal.HOST_QUOTA;
                }
                pool.take(image.outsidePort());
                session = newSession(insideKey, outsideKey, remoteKey, state, sessionFlags, 0);
                addMapping(session, path, protocol);
            }
        }
        final int base = recordOffsetOf(session);
        records.putLong(base + LAST_ACTIVITY_OFFSET, image.lastActivityNs());
        records.putInt(base + USER_DATA_OFFSET, image.userData());
        records.putInt(base + FLAGS_OFFSET, image.flags());
        activate(session, path, image.lastActivityNs() + timeoutNs(protocol, state));
        publishEvent(EVENT_RESTORED);
        listener.onSessionRestored(this, session);
        return session;
    }

    /**
     * Copy every field of a session into an image (for the journal or a dump).
     *
     * @param session a live session index.
     * @param image   holder to fill.
     * @return the image.
     */
    public SessionImage copy(final int session, final SessionImage image)
    {
        return image
            .path(path(session))
            .protocol(protocol(session))
            .insideIp(insideIp(session))
            .insidePort(insidePort(session))
            .outsideIp(outsideIp(session))
            .outsidePort(outsidePort(session))
            .remoteIp(remoteIp(session))
            .remotePort(remotePort(session))
            .state(state(session))
            .lastActivityNs(lastActivityNs(session))
            .userData(userData(session))
            .flags(flags(session))
            .passThrough(isPassThrough(session))
            .inboundInitiated(isInboundInitiated(session));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Accessors by session index
    // ------------------------------------------------------------------------------------------------------------

    /**
     * @param session a session index.
     * @return true when the index is in range and holds a live session.
     */
    public boolean isLive(final int session)
    {
        return session >= 0 && session < capacity && 0 != (sessionFlags(session) & IN_USE);
    }

    /**
     * @param session a live session index.
     * @return path index.
     */
    public int path(final int session)
    {
        return keyPath(records.getLong(recordOffsetOf(session) + INSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return IP protocol number.
     */
    public int protocol(final int session)
    {
        return keyProtocol(records.getLong(recordOffsetOf(session) + INSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return inside address.
     */
    public int insideIp(final int session)
    {
        return keyIp(records.getLong(recordOffsetOf(session) + INSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return inside port (echo identifier for ICMP).
     */
    public int insidePort(final int session)
    {
        return keyPort(records.getLong(recordOffsetOf(session) + INSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return outside address (the inside address for pass-through).
     */
    public int outsideIp(final int session)
    {
        return keyIp(records.getLong(recordOffsetOf(session) + OUTSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return outside port (echo identifier for ICMP).
     */
    public int outsidePort(final int session)
    {
        return keyPort(records.getLong(recordOffsetOf(session) + OUTSIDE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return remote address.
     */
    public int remoteIp(final int session)
    {
        return keyIp(records.getLong(recordOffsetOf(session) + REMOTE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return remote port (0 for ICMP).
     */
    public int remotePort(final int session)
    {
        return keyPort(records.getLong(recordOffsetOf(session) + REMOTE_KEY_OFFSET));
    }

    /**
     * @param session a live session index.
     * @return state byte, see {@link SessionState}.
     */
    public int state(final int session)
    {
        return records.getByte(recordOffsetOf(session) + STATE_OFFSET);
    }

    /**
     * @param session a live session index.
     * @return time of the last refreshing packet, ns.
     */
    public long lastActivityNs(final int session)
    {
        return records.getLong(recordOffsetOf(session) + LAST_ACTIVITY_OFFSET);
    }

    /**
     * @param session a live session index.
     * @return the earliest time the session may expire if no packet refreshes it: last activity plus the timeout
     *         of its phase.
     */
    public long idleDeadlineNs(final int session)
    {
        return lastActivityNs(session) + timeoutNs(protocol(session), state(session));
    }

    /**
     * @param session a live session index.
     * @return the pipeline's user data, e.g. an MPTCP connection index.
     */
    public int userData(final int session)
    {
        return records.getInt(recordOffsetOf(session) + USER_DATA_OFFSET);
    }

    /**
     * @param session  a live session index.
     * @param userData the pipeline's user data.
     * @return this for a fluent API.
     */
    public NatSessionTable userData(final int session, final int userData)
    {
        records.putInt(recordOffsetOf(session) + USER_DATA_OFFSET, userData);
        return this;
    }

    /**
     * @param session a live session index.
     * @return the pipeline's flags.
     */
    public int flags(final int session)
    {
        return records.getInt(recordOffsetOf(session) + FLAGS_OFFSET);
    }

    /**
     * @param session a live session index.
     * @param flags   the pipeline's flags.
     * @return this for a fluent API.
     */
    public NatSessionTable flags(final int session, final int flags)
    {
        records.putInt(recordOffsetOf(session) + FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * @param session a live session index.
     * @return true when the session is not translated.
     */
    public boolean isPassThrough(final int session)
    {
        return 0 != (sessionFlags(session) & PASS_THROUGH);
    }

    /**
     * @param session a live session index.
     * @return true when an inbound packet created the session.
     */
    public boolean isInboundInitiated(final int session)
    {
        return 0 != (sessionFlags(session) & INBOUND_INITIATED);
    }

    /**
     * @param session a live session index.
     * @return one line with every field, for logs and tests (allocates).
     */
    public String describe(final int session)
    {
        if (!isLive(session))
        {
            return "session " + session + " (free)";
        }
        return "session " + session + ' ' + copy(session, new SessionImage());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Snapshots, safe from other threads
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Safe from any thread.
     *
     * @return live sessions.
     */
    public int size()
    {
        return usage.get(USAGE_SIZE);
    }

    /**
     * Safe from any thread.
     *
     * @param path path index.
     * @return live sessions on the path.
     */
    public int sessionsOnPath(final int path)
    {
        return usage.get(1 + path);
    }

    /**
     * Safe from any thread.
     *
     * @param path path index.
     * @return live mappings on the path.
     */
    public int mappingsOnPath(final int path)
    {
        return usage.get(1 + pathCount + path);
    }

    /**
     * Safe from any thread.
     *
     * @param path     path index.
     * @param protocol IP protocol number.
     * @return outside ports (echo identifiers) in use on the path for the protocol, over all its addresses.
     */
    public int portsInUse(final int path, final int protocol)
    {
        return usage.get(portsUsageIndex(path, NatProtocol.index(protocol)));
    }

    /**
     * Safe from any thread.
     *
     * @param protocol IP protocol number.
     * @return ports (echo identifiers) in this worker's slice, per outside address.
     */
    public int portsPerAddress(final int protocol)
    {
        return config.sliceLastPort(protocol) - config.sliceFirstPort(protocol) + 1;
    }

    /**
     * Safe from any thread.
     *
     * @return sessions created by packets since start.
     */
    public long sessionsCreated()
    {
        return events.get(EVENT_CREATED);
    }

    /**
     * Safe from any thread.
     *
     * @return sessions restored from the journal since start.
     */
    public long sessionsRestored()
    {
        return events.get(EVENT_RESTORED);
    }

    /**
     * Safe from any thread.
     *
     * @param reason an end reason.
     * @return sessions that ended for that reason since start.
     */
    public long sessionsEnded(final SessionEndReason reason)
    {
        return events.get(EVENT_ENDED_BASE + reason.id());
    }

    /**
     * Safe from any thread.
     *
     * @param code a negative {@link NatRefusal} code returned by a create or inbound call.
     * @return how many times the table refused with that code since start.
     */
    public long refusals(final int code)
    {
        final int i = -code;
        return i > 0 && i < REFUSAL_KINDS ? refusals.get(i) : 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Footprint
    // ------------------------------------------------------------------------------------------------------------

    /**
     * @return bytes of direct memory allocated: session records, the four hash indexes, the timer slot map.
     */
    public long offHeapBytes()
    {
        return recordMemory.capacity() + insideSessions.footprintBytes() + outsideSessions.footprintBytes() +
            insideMappings.footprintBytes() + outsideMappings.footprintBytes() + timers.directBytes();
    }

    /**
     * @return bytes of the table's big heap arrays (timer wheel, port bitmaps, quota map); small objects and
     *         headers are not counted.
     */
    public long heapArrayBytes()
    {
        long bytes = timers.heapBytes() + hostQuota.footprintBytes();
        for (final PortPool pool : pools)
        {
            bytes += pool.footprintBytes();
        }
        return bytes;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Package-private views for tests
    // ------------------------------------------------------------------------------------------------------------

    SessionTimers timers()
    {
        return timers;
    }

    HostQuota hostQuota()
    {
        return hostQuota;
    }

    FlowIndex index(final int which)
    {
        switch (which)
        {
            case 0:
                return insideSessions;
            case 1:
                return outsideSessions;
            case 2:
                return insideMappings;
            default:
                return outsideMappings;
        }
    }

    int timerSlot(final int session)
    {
        return records.getInt(recordOffsetOf(session) + TIMER_SLOT_OFFSET);
    }

    static String ipToString(final int ip)
    {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    private static int recordOffsetOf(final int session)
    {
        return session << RECORD_SHIFT;
    }

    private int sessionFlags(final int session)
    {
        return records.getByte(recordOffsetOf(session) + SESSION_FLAGS_OFFSET);
    }

    private int checkPathAndProtocol(final int path, final int protocol)
    {
        if (path < 0 || path >= pathCount)
        {
            return NatRefusal.NO_PATH;
        }
        if (NatProtocol.index(protocol) < 0)
        {
            return NatRefusal.UNSUPPORTED_PROTOCOL;
        }
        return 0;
    }

    private long timeoutNs(final int protocol, final int state)
    {
        if (SessionState.ACTIVE == state)
        {
            return NatProtocol.ICMP == protocol ? icmpTimeoutNs : udpTimeoutNs;
        }
        return tcpTimeoutNsByPhase[state & SessionState.PHASE_MASK];
    }

    private int newSession(
        final long insideKey,
        final long outsideKey,
        final long remoteKey,
        final int state,
        final int sessionFlags,
        final long nowNs)
    {
        final int session = freeHead;
        final int base = recordOffsetOf(session);
        freeHead = records.getInt(base + MAPPING_NEXT_OFFSET);
        records.putLong(base + INSIDE_KEY_OFFSET, insideKey);
        records.putLong(base + OUTSIDE_KEY_OFFSET, outsideKey);
        records.putLong(base + REMOTE_KEY_OFFSET, remoteKey);
        records.putLong(base + LAST_ACTIVITY_OFFSET, nowNs);
        records.putInt(base + TIMER_SLOT_OFFSET, -1);
        records.putInt(base + MAPPING_NEXT_OFFSET, -1);
        records.putInt(base + MAPPING_PREV_OFFSET, -1);
        records.putInt(base + USER_DATA_OFFSET, 0);
        records.putInt(base + FLAGS_OFFSET, 0);
        records.putInt(base + MAPPING_SESSIONS_OFFSET, 0);
        records.putByte(base + STATE_OFFSET, (byte)state);
        records.putByte(base + SESSION_FLAGS_OFFSET, (byte)(sessionFlags | IN_USE));
        return session;
    }

    private void activate(final int session, final int path, final long deadlineNs)
    {
        insideSessions.insert(session);
        outsideSessions.insert(session);
        records.putInt(recordOffsetOf(session) + TIMER_SLOT_OFFSET, timers.schedule(session, deadlineNs));
        size++;
        addUsage(USAGE_SIZE, 1);
        addUsage(1 + path, 1);
    }

    private void addMapping(final int head, final int path, final int protocol)
    {
        records.putInt(recordOffsetOf(head) + MAPPING_SESSIONS_OFFSET, 1);
        insideMappings.insert(head);
        outsideMappings.insert(head);
        addUsage(1 + pathCount + path, 1);
        addUsage(portsUsageIndex(path, NatProtocol.index(protocol)), 1);
    }

    private void linkAfterHead(final int head, final int session)
    {
        final int headBase = recordOffsetOf(head);
        final int next = records.getInt(headBase + MAPPING_NEXT_OFFSET);
        final int base = recordOffsetOf(session);
        records.putInt(base + MAPPING_PREV_OFFSET, head);
        records.putInt(base + MAPPING_NEXT_OFFSET, next);
        if (next >= 0)
        {
            records.putInt(recordOffsetOf(next) + MAPPING_PREV_OFFSET, session);
        }
        records.putInt(headBase + MAPPING_NEXT_OFFSET, session);
        records.putInt(headBase + MAPPING_SESSIONS_OFFSET, records.getInt(headBase + MAPPING_SESSIONS_OFFSET) + 1);
    }

    private boolean mappingHasRemote(final int head, final int remoteIp)
    {
        // Walks the mapping's sessions: only on the inbound miss path, bounded by the mapping's reference count.
        for (int s = head; s >= 0; s = records.getInt(recordOffsetOf(s) + MAPPING_NEXT_OFFSET))
        {
            if (keyIp(records.getLong(recordOffsetOf(s) + REMOTE_KEY_OFFSET)) == remoteIp)
            {
                return true;
            }
        }
        return false;
    }

    private void onTcpStateChange(
        final int session,
        final int base,
        final int state,
        final int direction,
        final int tcpFlags,
        final long nowNs)
    {
        final int phase = state & SessionState.PHASE_MASK;
        final int next = SessionState.nextTcp(state, direction, tcpFlags);
        if (0 != (tcpFlags & TcpFlags.RST))
        {
            if (SessionState.TCP_RESET != phase)
            {
                records.putByte(base + STATE_OFFSET, (byte)next);
                records.putLong(base + LAST_ACTIVITY_OFFSET, nowNs);
                moveTimerEarlier(session, base, nowNs + tcpTimeoutNsByPhase[SessionState.TCP_RESET]);
            }
            return;
        }
        if (FlowDirection.OUTBOUND == direction || inboundRefresh)
        {
            records.putLong(base + LAST_ACTIVITY_OFFSET, nowNs);
        }
        if (next != state)
        {
            records.putByte(base + STATE_OFFSET, (byte)next);
            final long timeoutNs = tcpTimeoutNsByPhase[next & SessionState.PHASE_MASK];
            if (timeoutNs < tcpTimeoutNsByPhase[phase])
            {
                moveTimerEarlier(session, base, records.getLong(base + LAST_ACTIVITY_OFFSET) + timeoutNs);
            }
        }
    }

    private void moveTimerEarlier(final int session, final int base, final long deadlineNs)
    {
        final int slot = records.getInt(base + TIMER_SLOT_OFFSET);
        if (slot >= 0)
        {
            if (timers.deadlineNs(slot) <= deadlineNs)
            {
                return;
            }
            timers.cancel(slot);
        }
        records.putInt(base + TIMER_SLOT_OFFSET, timers.schedule(session, deadlineNs));
    }

    private void onExpiry(final int session, final long nowNs)
    {
        final int base = recordOffsetOf(session);
        records.putInt(base + TIMER_SLOT_OFFSET, -1);
        final int state = records.getByte(base + STATE_OFFSET);
        final int protocol = keyProtocol(records.getLong(base + INSIDE_KEY_OFFSET));
        final long dueNs = records.getLong(base + LAST_ACTIVITY_OFFSET) + timeoutNs(protocol, state);
        if (dueNs - nowNs > 0)
        {
            records.putInt(base + TIMER_SLOT_OFFSET, timers.schedule(session, dueNs));
            return;
        }
        final SessionEndReason reason;
        switch (state & SessionState.PHASE_MASK)
        {
            case SessionState.TCP_RESET:
                reason = SessionEndReason.RST_LINGER_OVER;
                break;
            case SessionState.TCP_CLOSED:
                reason = SessionEndReason.FIN_CLOSED;
                break;
            default:
                reason = SessionEndReason.IDLE_TIMEOUT;
                break;
        }
        end(session, reason);
    }

    private void end(final int session, final SessionEndReason reason)
    {
        listener.onSessionEnded(this, session, reason);
        publishEvent(EVENT_ENDED_BASE + reason.id());

        final int base = recordOffsetOf(session);
        final int slot = records.getInt(base + TIMER_SLOT_OFFSET);
        if (slot >= 0)
        {
            timers.cancel(slot);
        }
        insideSessions.remove(session);
        outsideSessions.remove(session);
        final long insideKey = records.getLong(base + INSIDE_KEY_OFFSET);
        final int path = keyPath(insideKey);
        if (0 == (records.getByte(base + SESSION_FLAGS_OFFSET) & PASS_THROUGH))
        {
            unlinkFromMapping(session, base, insideKey, path);
        }
        size--;
        addUsage(USAGE_SIZE, -1);
        addUsage(1 + path, -1);
        records.putByte(base + SESSION_FLAGS_OFFSET, (byte)0);
        records.putInt(base + MAPPING_NEXT_OFFSET, freeHead);
        freeHead = session;
    }

    private void unlinkFromMapping(final int session, final int base, final long insideKey, final int path)
    {
        final int prev = records.getInt(base + MAPPING_PREV_OFFSET);
        final int next = records.getInt(base + MAPPING_NEXT_OFFSET);
        if (prev >= 0)
        {
            records.putInt(recordOffsetOf(prev) + MAPPING_NEXT_OFFSET, next);
            if (next >= 0)
            {
                records.putInt(recordOffsetOf(next) + MAPPING_PREV_OFFSET, prev);
            }
            final int headBase = recordOffsetOf(insideMappings.find(insideKey, 0));
            records.putInt(headBase + MAPPING_SESSIONS_OFFSET, records.getInt(headBase + MAPPING_SESSIONS_OFFSET) - 1);
        }
        else if (next >= 0)
        {
            // The head leaves but the mapping lives on: the next session becomes the head the indexes point at.
            final int count = records.getInt(base + MAPPING_SESSIONS_OFFSET);
            insideMappings.replace(session, next);
            outsideMappings.replace(session, next);
            final int nextBase = recordOffsetOf(next);
            records.putInt(nextBase + MAPPING_PREV_OFFSET, -1);
            records.putInt(nextBase + MAPPING_SESSIONS_OFFSET, count - 1);
        }
        else
        {
            // Last session of the mapping: the mapping ends and gives its port and quota back.
            insideMappings.remove(session);
            outsideMappings.remove(session);
            final long outsideKey = records.getLong(base + OUTSIDE_KEY_OFFSET);
            final int protocol = keyProtocol(insideKey);
            final int address = addressIndex(path, keyIp(outsideKey));
            if (address >= 0)
            {
                pool(path, address, protocol).release(keyPort(outsideKey));
            }
            hostQuota.release(path, keyIp(insideKey));
            addUsage(1 + pathCount + path, -1);
            addUsage(portsUsageIndex(path, NatProtocol.index(protocol)), -1);
        }
    }

    private PortPool pool(final int path, final int address, final int protocol)
    {
        return pools[poolBase[path] + address * NatProtocol.COUNT + NatProtocol.index(protocol)];
    }

    private int addressIndex(final int path, final int outsideIp)
    {
        for (int a = 0, n = config.natAddressCount(path); a < n; a++)
        {
            if (config.natAddress(path, a) == outsideIp)
            {
                return a;
            }
        }
        return -1;
    }

    /**
     * "Paired" address pooling (RFC 4787 REQ-2, RFC 7857 section 2.4): the same inside host always gets the same
     * outside address of a path, for every protocol, because the choice is a fixed hash of its address.
     */
    private static int pairedAddressIndex(final int insideIp, final int addressCount)
    {
        return 1 == addressCount ? 0 : (int)((Hashing.hash(insideIp) & 0xFFFF_FFFFL) % addressCount);
    }

    private int portsUsageIndex(final int path, final int protocolIndex)
    {
        return 1 + 2 * pathCount + path * NatProtocol.COUNT + protocolIndex;
    }

    private void addUsage(final int index, final int delta)
    {
        usage.setRelease(index, usage.getPlain(index) + delta);
    }

    private void publishEvent(final int index)
    {
        events.setRelease(index, events.getPlain(index) + 1);
    }

    private int refuse(final int code)
    {
        refusals.setRelease(-code, refusals.getPlain(-code) + 1);
        return code;
    }

    private final class TimerExpiry implements SessionTimers.Expiry
    {
        public void onExpiry(final int session, final long nowNs)
        {
            NatSessionTable.this.onExpiry(session, nowNs);
        }
    }
}

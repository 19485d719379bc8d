package org.mptcpgw.gateway.pipeline;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.engine.ForwardingWorker;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpOptions;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.mptcpgw.gateway.path.PathTable;
import org.mptcpgw.gateway.path.PlacementPolicy;
import org.mptcpgw.nat.NatSessionTable;

/**
 * Everything one worker's stages share: its ports, paths, tables, neighbour caches, reusable parse holders, counters
 * and the writer for frames the gateway generates. One instance per worker, used only by that worker's thread (the
 * single writer of every table here); the control plane changes it through worker commands.
 * <p>
 * Port layout: port 0 is the LAN; port {@code 1 + p} is the uplink of path {@code p}.
 */
public final class GatewayContext
{
    /** Index of the LAN port. */
    public static final int LAN_PORT = 0;
    /** Default of nat.fragment-flows. */
    static final int DEFAULT_FRAGMENT_FLOWS = 1024;
    /** Default of nat.fragment-timeout (RFC 791 section 3.2 suggests 15 s for reassembly). */
    static final long DEFAULT_FRAGMENT_LIFETIME_NS = 15_000_000_000L;
    /** Default of nat.fragment-hold. */
    static final int DEFAULT_FRAGMENT_HOLD = 64;

    final int workerIndex;
    final Port[] ports;
    final long[] portMac;
    final int pathCount;
    final int[] pathAddress;
    final int[] pathNextHop;
    final long[] pathStaticMac;
    final int[] pathMtu;
    final boolean resetSubflows;
    final boolean icmpOnRefusal;
    final boolean deferDoubledJoins;
    final long configuredRouterMac;

    final PathTable paths;
    final PlacementPolicy placement;
    final NatSessionTable sessions;
    final MptcpConnectionTable connections;
    final NeighborCache neighbors;
    final NeighborCache lanHosts;
    final FrameFacts facts;
    final FrameWriter writer;
    final ControlEvents events;
    final JournalPublisher journal;
    final EpochNanoClock wallClock;

    final PacketParser parser = new PacketParser().parseTcpOptions(false);
    final ParsedPacket packet = new ParsedPacket();
    final TcpOptions tcpOptions = new TcpOptions();
    final MptcpOptions mptcp = new MptcpOptions();
    final MptcpCrypto crypto = new MptcpCrypto();
    final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    /** Sessions of fragmented datagrams, for their later fragments; sized by nat.fragment-flows at build. */
    FragmentFlows fragments = new FragmentFlows(DEFAULT_FRAGMENT_FLOWS, DEFAULT_FRAGMENT_LIFETIME_NS);
    /** Inbound later fragments that came before their first; sized by nat.fragment-hold at build. */
    FragmentHold fragmentHold;
    private final UnsafeBuffer heldFrame = new UnsafeBuffer(0, 0);

    /** Generation of each session index, for journal session ids that stay unique when an index is reused. */
    final int[] sessionGeneration;
    /** Journal id of each live session (a restored session keeps the id it was journaled under). */
    final long[] journalId;
    /** Per session: next sequence number the host expects from the remote end (for resets), 0 if unknown. */
    final int[] hostReceiveNext;
    /** Per session: next sequence number the host will send (acknowledged in resets), 0 if unknown. */
    final int[] hostSendNext;

    ForwardingWorker worker;

    final AtomicCounter[] joins;
    final AtomicCounter unknownTokens;
    final AtomicCounter[] fallbacks;
    final AtomicCounter fastCloses;
    final AtomicCounter[] subflowResets;
    final AtomicCounter[] natCreated;
    final AtomicCounter[] natEnded;
    final AtomicCounter mptcpTableFull;
    final AtomicCounter generatedIcmp;
    final AtomicCounter generatedArp;
    final AtomicCounter generatedReset;
    final AtomicCounter generatedProbe;
    final AtomicCounter generatedFragment;
    final AtomicCounter heldFragments;
    final AtomicCounter releasedFragments;
    final AtomicCounter expiredFragments;
    final AtomicCounter refusedFragments;
    /** Longest frame of any of the worker's ports (held fragments are at most this long). */
    final int largestFrame;
    final AtomicCounter[] probesSent;

    /**
     * @param workerIndex   index of the worker.
     * @param ports         the worker's ports: LAN first, then one per path in path order.
     * @param pathConfigs   configured paths.
     * @param paths         the worker's path table.
     * @param placement     placement policy over that table.
     * @param sessions      the worker's session table.
     * @param connections   the worker's MPTCP connection table.
     * @param neighbors     ARP cache for next hops.
     * @param lanHosts      MAC addresses of LAN hosts.
     * @param routerMac     configured MAC of the LAN's router, 0 to use the primary next hop's resolved MAC.
     * @param resetSubflows reset MPTCP subflows toward the host when their path goes down.
     * @param icmpOnRefusal send ICMP administratively prohibited when a session cannot be created.
     * @param deferDoubledJoins reset MP_JOINs that would share a path only because another is down.
     * @param vectorCapacity frames per batch.
     * @param events        where path events go.
     * @param journal       journal publisher of this worker.
     * @param wallClock     epoch clock for journal records.
     * @param counters      where to allocate counters.
     */
    public GatewayContext(
        final int workerIndex,
        final Port[] ports,
        final java.util.List<PathConfig> pathConfigs,
        final PathTable paths,
        final PlacementPolicy placement,
        final NatSessionTable sessions,
        final MptcpConnectionTable connections,
        final NeighborCache neighbors,
        final NeighborCache lanHosts,
        final long routerMac,
        final boolean resetSubflows,
        final boolean icmpOnRefusal,
        final boolean deferDoubledJoins,
        final int vectorCapacity,
        final ControlEvents events,
        final JournalPublisher journal,
        final EpochNanoClock wallClock,
        final GatewayCounters counters)
    {
        this.workerIndex = workerIndex;
        this.ports = ports.clone();
        this.pathCount = pathConfigs.size();
        if (ports.length != pathCount + 1)
        {
            throw new IllegalArgumentException("need one LAN port and one port per path");
        }
        portMac = new long[ports.length];
        for (int i = 0; i < ports.length; i++)
        {
            portMac[i] = ports[i].macAddress();
        }
        pathAddress = new int[pathCount];
        pathNextHop = new int[pathCount];
        pathStaticMac = new long[pathCount];
        pathMtu = new int[pathCount];
        for (int p = 0; p < pathCount; p++)
        {
            final PathConfig c = pathConfigs.get(p);
            pathAddress[p] = c.address();
            pathNextHop[p] = c.nextHop();
            pathStaticMac[p] = c.nextHopMac();
            pathMtu[p] = 0 != c.mtu() ? c.mtu() : Math.max(576, ports[1 + p].maxFrameLength() - 14);
        }
        this.paths = paths;
        this.placement = placement;
        this.sessions = sessions;
        this.connections = connections;
        this.neighbors = neighbors;
        this.lanHosts = lanHosts;
        this.configuredRouterMac = routerMac;
        this.resetSubflows = resetSubflows;
        this.icmpOnRefusal = icmpOnRefusal;
        this.deferDoubledJoins = deferDoubledJoins;
        this.facts = new FrameFacts(vectorCapacity);
        this.events = events;
        this.journal = journal;
        this.wallClock = wallClock;
        this.writer = new FrameWriter(this);
        final int capacity = sessions.capacity();
        sessionGeneration = new int[capacity];
        journalId = new long[capacity];
        hostReceiveNext = new int[capacity];
        hostSendNext = new int[capacity];

        joins = new AtomicCounter[pathCount];
        fallbacks = new AtomicCounter[pathCount];
        subflowResets = new AtomicCounter[pathCount];
        natCreated = new AtomicCounter[pathCount];
        natEnded = new AtomicCounter[pathCount];
        probesSent = new AtomicCounter[pathCount];
        for (int p = 0; p < pathCount; p++)
        {
            final String name = pathConfigs.get(p).name();
            joins[p] = counters.allocate(CounterType.MPTCP_JOINS, p, 0, workerIndex, name);
            fallbacks[p] = counters.allocate(CounterType.MPTCP_FALLBACKS, p, 0, workerIndex, name);
            subflowResets[p] = counters.allocate(CounterType.SUBFLOW_RESETS, p, 0, workerIndex, name);
            natCreated[p] = counters.allocate(CounterType.NAT_SESSIONS_CREATED, p, 0, workerIndex, name);
            natEnded[p] = counters.allocate(CounterType.NAT_SESSIONS_ENDED, p, 0, workerIndex, name);
            probesSent[p] = counters.allocate(CounterType.PROBES_SENT, p, 0, workerIndex, name);
        }
        unknownTokens = counters.allocate(CounterType.MPTCP_UNKNOWN_TOKENS, 0, 0, workerIndex);
        fastCloses = counters.allocate(CounterType.MPTCP_FASTCLOSES, 0, 0, workerIndex);
        mptcpTableFull = counters.allocate(CounterType.TABLE_EVICTIONS, 0, 0, workerIndex, "mptcp_full");
        generatedIcmp = counters.allocate(CounterType.GENERATED_PACKETS, 0, 0, workerIndex, "icmp");
        generatedArp = counters.allocate(CounterType.GENERATED_PACKETS, 1, 0, workerIndex, "arp");
        generatedReset = counters.allocate(CounterType.GENERATED_PACKETS, 2, 0, workerIndex, "reset");
        generatedProbe = counters.allocate(CounterType.GENERATED_PACKETS, 3, 0, workerIndex, "probe");
        generatedFragment = counters.allocate(CounterType.GENERATED_PACKETS, 4, 0, workerIndex, "fragment");
        heldFragments = counters.allocate(CounterType.NAT_HELD_FRAGMENTS, 0, 0, workerIndex, "held");
        releasedFragments = counters.allocate(CounterType.NAT_HELD_FRAGMENTS, 1, 0, workerIndex, "released");
        expiredFragments = counters.allocate(CounterType.NAT_HELD_FRAGMENTS, 2, 0, workerIndex, "expired");
        refusedFragments = counters.allocate(CounterType.NAT_HELD_FRAGMENTS, 3, 0, workerIndex, "refused");
        int largestFrame = 0;
        for (final Port port : ports)
        {
            largestFrame = Math.max(largestFrame, port.maxFrameLength());
        }
        this.largestFrame = largestFrame;
        fragmentHold = new FragmentHold(DEFAULT_FRAGMENT_HOLD, largestFrame, DEFAULT_FRAGMENT_LIFETIME_NS);
    }

    /**
     * Attach the worker that owns this context (it counts and flushes generated frames).
     *
     * @param forwardingWorker the worker.
     */
    public void worker(final ForwardingWorker forwardingWorker)
    {
        this.worker = forwardingWorker;
    }

    /**
     * @param path path index.
     * @return port of the path's uplink.
     */
    static int portOf(final int path)
    {
        return 1 + path;
    }

    /**
     * @param port port index.
     * @return path whose uplink the port is, or -1 for the LAN port.
     */
    static int pathOf(final int port)
    {
        return port - 1;
    }

    /**
     * @param address an IPv4 address.
     * @return the path that owns this gateway address, or -1.
     */
    int pathOwning(final int address)
    {
        for (int p = 0; p < pathCount; p++)
        {
            if (pathAddress[p] == address && 0 != address)
            {
                return p;
            }
        }
        return -1;
    }

    /**
     * The MAC of a path's next hop, asking for it when it is unknown or about to expire.
     *
     * @param path  path index.
     * @param nowNs current time.
     * @return the MAC, or 0 when unresolved (a request went out if allowed).
     */
    long nextHopMac(final int path, final long nowNs)
    {
        if (0 != pathStaticMac[path])
        {
            return pathStaticMac[path];
        }
        final int nextHop = pathNextHop[path];
        if (neighbors.shouldRequest(nextHop, portOf(path), nowNs))
        {
            writer.arpRequest(portOf(path), pathAddress[path], nextHop);
        }
        return neighbors.lookup(nextHop);
    }

    /**
     * @return the MAC translated return traffic appears to come from: the LAN's usual router (configured, or the
     *         primary path's next hop as resolved), or the LAN port's own MAC if neither is known.
     */
    long routerMac()
    {
        if (0 != configuredRouterMac)
        {
            return configuredRouterMac;
        }
        final int primary = paths.primary();
        if (primary >= 0)
        {
            final long mac = 0 != pathStaticMac[primary] ? pathStaticMac[primary] :
                neighbors.lookup(pathNextHop[primary]);
            if (NeighborCache.UNRESOLVED != mac)
            {
                return mac;
            }
        }
        return portMac[LAN_PORT];
    }

    /**
     * The address the gateway speaks from toward the LAN (ICMP errors it generates): the primary path's address,
     * else the first configured one.
     *
     * @return an address, or 0 if the gateway has none.
     */
    int lanFacingAddress()
    {
        final int primary = paths.primary();
        if (primary >= 0 && 0 != pathAddress[primary])
        {
            return pathAddress[primary];
        }
        for (int p = 0; p < pathCount; p++)
        {
            if (0 != pathAddress[p])
            {
                return pathAddress[p];
            }
        }
        return 0;
    }

    /**
     * If frame {@code i} is a first fragment, remember its session for the later fragments of its datagram, which
     * carry no ports ({@link FragmentFlows}).
     *
     * @param i       vector index of a frame whose session is known.
     * @param session its session.
     * @param nowNs   time of the duty cycle.
     */
    void rememberFirstFragment(final int i, final int session, final long nowNs)
    {
        final FrameFacts facts = this.facts;
        if (facts.moreFragments[i] && !facts.nonFirstFragment[i])
        {
            final boolean inbound = FrameFacts.DIRECTION_IN == facts.direction[i];
            fragments.record(inbound, facts.source[i], facts.destination[i], facts.protocol[i], facts.fragmentId[i],
                session, sessionGeneration[session], nowNs);
            if (inbound && fragmentHold.held() > 0)
            {
                releaseHeldFragments(i, session);
            }
        }
    }

    /**
     * Hold an inbound later fragment whose first has not come yet (RFC 4787 REQ-14).
     *
     * @param frame       the frame.
     * @param frameLength its length.
     * @param l3          offset of its IPv4 header.
     * @param i           its vector index.
     * @param nowNs       time of the duty cycle.
     * @return true when held (the caller consumes the frame), false when the hold is full (counted).
     */
    boolean holdFragment(final DirectBuffer frame, final int frameLength, final int l3, final int i, final long nowNs)
    {
        final FrameFacts facts = this.facts;
        if (fragmentHold.hold(facts.source[i], facts.destination[i], facts.protocol[i], facts.fragmentId[i], frame,
            frameLength, l3, nowNs))
        {
            heldFragments.incrementRelease();
            return true;
        }
        refusedFragments.incrementRelease();
        return false;
    }

    /**
     * Free held fragments whose first never came.
     *
     * @param nowNs time of the duty cycle.
     * @return fragments expired.
     */
    int expireHeldFragments(final long nowNs)
    {
        final int expired = fragmentHold.expire(nowNs);
        if (expired > 0)
        {
            expiredFragments.getAndAddRelease(expired);
        }
        return expired;
    }

    /**
     * The first fragment of an inbound datagram came: its held later fragments go to the inside host now, with
     * the destination translated as the first's (they leave before it, as they came before it).
     */
    private void releaseHeldFragments(final int i, final int session)
    {
        final FrameFacts facts = this.facts;
        final boolean translate = !sessions.isPassThrough(session);
        final int insideIp = sessions.insideIp(session);
        final long hostMac = lanHosts.lookup(insideIp);
        int slot = fragmentHold.next(0, facts.source[i], facts.destination[i], facts.protocol[i], facts.fragmentId[i]);
        while (slot >= 0)
        {
            final UnsafeBuffer held = fragmentHold.frame(slot, heldFrame);
            final int l3 = fragmentHold.l3Offset(slot);
            if (NeighborCache.UNRESOLVED == hostMac || (held.getByte(l3 + Ipv4Flyweight.TTL_OFFSET) & 0xFF) <= 1)
            {
                expiredFragments.incrementRelease();
            }
            else
            {
                if (translate)
                {
                    HeaderRewriter.address(held, l3, -1, facts.protocol[i], Ipv4Flyweight.DESTINATION_OFFSET,
                        insideIp, false, false);
                }
                HeaderRewriter.decrementTtl(held, l3);
                EthernetFlyweight.mac(held, EthernetFlyweight.DESTINATION_OFFSET, hostMac);
                EthernetFlyweight.mac(held, EthernetFlyweight.SOURCE_OFFSET, routerMac());
                writer.copy(LAN_PORT, held, held.capacity());
                releasedFragments.incrementRelease();
            }
            fragmentHold.free(slot);
            slot = fragmentHold.next(slot + 1, facts.source[i], facts.destination[i], facts.protocol[i],
                facts.fragmentId[i]);
        }
    }

    /**
     * @param session a live session index.
     * @return its id for the journal.
     */
    long sessionId(final int session)
    {
        return journalId[session];
    }

    /**
     * Warm restart: re-create a session from the journal under its journaled id, and journal it again (flag
     * restored) so the NAT log reads one continuous session.
     *
     * @param image     the session's fields.
     * @param sessionId its journal id.
     * @param nowNs     current time.
     * @return the new session index, or a negative refusal.
     */
    public int restoreSession(final org.mptcpgw.nat.SessionImage image, final long sessionId, final long nowNs)
    {
        final int session = sessions.restore(image, nowNs);
        if (session >= 0)
        {
            journalId[session] = sessionId;
            hostReceiveNext[session] = 0;
            hostSendNext[session] = 0;
            int flags = org.mptcpgw.gateway.journal.NatSessionFlyweight.FLAG_RESTORED;
            if (sessions.isPassThrough(session))
            {
                flags |= org.mptcpgw.gateway.journal.NatSessionFlyweight.FLAG_PASSTHROUGH;
            }
            if (sessions.isInboundInitiated(session))
            {
                flags |= org.mptcpgw.gateway.journal.NatSessionFlyweight.FLAG_INBOUND;
            }
            journal.sessionCreated(wallClock.nanoTime(), sessionId, sessions.path(session), sessions.protocol(session),
                sessions.insideIp(session), sessions.insidePort(session), sessions.outsideIp(session),
                sessions.outsidePort(session), sessions.remoteIp(session), sessions.remotePort(session), flags);
        }
        return session;
    }

    /**
     * Warm restart: mark a restored session as a subflow of a restored MPTCP connection.
     *
     * @param session the restored session.
     * @param conn    the restored connection.
     * @param path    its path.
     */
    public void linkSubflow(final int session, final int conn, final int path)
    {
        sessions.userData(session, conn).flags(session, SessionFlags.SUBFLOW);
        paths.addSubflowLoad(path, 1);
    }

    /**
     * @return the worker's path table.
     */
    public PathTable paths()
    {
        return paths;
    }

    /**
     * @return the worker's session table.
     */
    public NatSessionTable sessions()
    {
        return sessions;
    }

    /**
     * @return the worker's MPTCP connection table.
     */
    public MptcpConnectionTable connections()
    {
        return connections;
    }

    /**
     * @return the ARP cache of next hops.
     */
    public NeighborCache neighbors()
    {
        return neighbors;
    }

    /**
     * @return the frame writer (probes, resets).
     */
    public FrameWriter writer()
    {
        return writer;
    }
}

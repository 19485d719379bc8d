package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.engine.DutyCycleTask;
import org.mptcpgw.core.engine.ForwardingWorker;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.path.PathTable;
import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatSessionTable;

/**
 * The worker's bounded background work, once per duty cycle: expire sessions from the timer wheel, keep next hops
 * resolved before their entries expire, publish gauges (sessions, ports, subflows, connections, path state, carrier)
 * a few times a second, read ring statistics once a second, account per-path traffic from the port totals, and walk
 * the sessions of a path that went down to reset its MPTCP subflows toward their hosts (a few thousand entries per
 * cycle, so a failover never stalls forwarding).
 */
public final class WorkerHousekeeping implements DutyCycleTask, ForwardingWorker.PortTrafficListener
{
    private static final int EXPIRY_LIMIT = 256;
    private static final long GAUGE_INTERVAL_NS = 100_000_000L;
    private static final long NEXT_HOP_INTERVAL_NS = 500_000_000L;
    private static final long STATISTICS_INTERVAL_NS = 1_000_000_000L;
    private static final int RESET_SCAN_PER_CYCLE = 4096;

    private final GatewayContext context;
    private final AtomicCounter[] pathSessions;
    private final AtomicCounter[] pathPorts;
    private final AtomicCounter[] pathSubflows;
    private final AtomicCounter[] pathOutPackets;
    private final AtomicCounter[] pathOutBytes;
    private final AtomicCounter[] pathInPackets;
    private final AtomicCounter[] pathInBytes;
    private final AtomicCounter[] ringDrops;
    private final AtomicCounter[] ringFreezes;
    private final AtomicCounter[] carrier;
    private final AtomicCounter connectionsTracked;
    private long nextGaugeNs;
    private long nextHopCheckNs;
    private long nextStatisticsNs;
    private final int[] resetCursor;

    /**
     * @param context  the worker's context.
     * @param counters where to allocate the gauges.
     */
    public WorkerHousekeeping(final GatewayContext context, final GatewayCounters counters)
    {
        this.context = context;
        final int n = context.pathCount;
        final int worker = context.workerIndex;
        pathSessions = new AtomicCounter[n];
        pathPorts = new AtomicCounter[n];
        pathSubflows = new AtomicCounter[n];
        pathOutPackets = new AtomicCounter[n];
        pathOutBytes = new AtomicCounter[n];
        pathInPackets = new AtomicCounter[n];
        pathInBytes = new AtomicCounter[n];
        resetCursor = new int[n];
        for (int p = 0; p < n; p++)
        {
            final String name = context.paths.name(p);
            pathSessions[p] = counters.allocate(CounterType.PATH_SESSIONS, p, 0, worker, name);
            pathPorts[p] = counters.allocate(CounterType.PATH_PORTS_USED, p, 0, worker, name);
            pathSubflows[p] = counters.allocate(CounterType.PATH_SUBFLOWS, p, 0, worker, name);
            pathOutPackets[p] = counters.allocate(CounterType.PATH_TX_PACKETS, p, 0, worker, name, "out");
            pathOutBytes[p] = counters.allocate(CounterType.PATH_TX_BYTES, p, 0, worker, name, "out");
            pathInPackets[p] = counters.allocate(CounterType.PATH_TX_PACKETS, p, 1, worker, name, "in");
            pathInBytes[p] = counters.allocate(CounterType.PATH_TX_BYTES, p, 1, worker, name, "in");
            resetCursor[p] = -1;
        }
        final Port[] ports = context.ports;
        ringDrops = new AtomicCounter[ports.length];
        ringFreezes = new AtomicCounter[ports.length];
        carrier = new AtomicCounter[ports.length];
        for (int i = 0; i < ports.length; i++)
        {
            ringDrops[i] = counters.allocate(CounterType.PORT_RING_DROPS, i, 0, worker, ports[i].name());
            ringFreezes[i] = counters.allocate(CounterType.PORT_RING_FREEZES, i, 0, worker, ports[i].name());
            carrier[i] = counters.allocate(CounterType.PORT_CARRIER, i, 0, worker, ports[i].name());
        }
        connectionsTracked = counters.allocate(CounterType.MPTCP_CONNECTIONS, 0, 0, worker);
    }

    @Override
    public int doWork(final long nowNs)
    {
        final GatewayContext context = this.context;
        int work = context.sessions.poll(nowNs, EXPIRY_LIMIT);
        work += context.expireHeldFragments(nowNs);
        if (nowNs - nextHopCheckNs >= 0)
        {
            nextHopCheckNs = nowNs + NEXT_HOP_INTERVAL_NS;
            for (int p = 0; p < context.pathCount; p++)
            {
                if (0 != context.pathAddress[p] && PathTable.DOWN != context.paths.state(p))
                {
                    context.nextHopMac(p, nowNs);
                }
            }
        }
        if (nowNs - nextGaugeNs >= 0)
        {
            nextGaugeNs = nowNs + GAUGE_INTERVAL_NS;
            publishGauges();
        }
        if (nowNs - nextStatisticsNs >= 0)
        {
            nextStatisticsNs = nowNs + STATISTICS_INTERVAL_NS;
            publishPortStatistics();
        }
        for (int p = 0; p < context.pathCount; p++)
        {
            if (resetCursor[p] >= 0)
            {
                work += resetScan(p, nowNs);
            }
        }
        return work;
    }

    private void publishGauges()
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        for (int p = 0; p < context.pathCount; p++)
        {
            pathSessions[p].setRelease(sessions.sessionsOnPath(p));
            pathPorts[p].setRelease(sessions.portsInUse(p, IpProtocol.TCP) + sessions.portsInUse(p, IpProtocol.UDP) +
                sessions.portsInUse(p, IpProtocol.ICMP));
            pathSubflows[p].setRelease(context.paths.subflowLoad(p));
        }
        connectionsTracked.setRelease(context.connections.trackedCount());
    }

    private void publishPortStatistics()
    {
        final Port[] ports = context.ports;
        for (int i = 0; i < ports.length; i++)
        {
            ports[i].refreshStatistics();
            ringDrops[i].setRelease(ports[i].statistics().ringDrops());
            ringFreezes[i].setRelease(ports[i].statistics().ringFreezes());
            carrier[i].setRelease(ports[i].statistics().carrierUp() ? 1 : 0);
        }
    }

    @Override
    public void onTraffic(
        final int port, final long rxPackets, final long rxBytes, final long txPackets, final long txBytes)
    {
        final int path = GatewayContext.pathOf(port);
        if (path < 0)
        {
            return;
        }
        if (0 != txPackets)
        {
            pathOutPackets[path].getAndAddRelease(txPackets);
            pathOutBytes[path].getAndAddRelease(txBytes);
        }
        if (0 != rxPackets)
        {
            pathInPackets[path].getAndAddRelease(rxPackets);
            pathInBytes[path].getAndAddRelease(rxBytes);
        }
    }

    /**
     * @param path     path index.
     * @param outbound true for packets sent on the path, false for packets received.
     * @return the worker's packet counter of that path and direction (read by the health agent).
     */
    public AtomicCounter pathPackets(final int path, final boolean outbound)
    {
        return outbound ? pathOutPackets[path] : pathInPackets[path];
    }

    /**
     * The path went down: start resetting its MPTCP subflows toward their hosts (if configured).
     *
     * @param path path index.
     */
    public void onPathDown(final int path)
    {
        if (context.resetSubflows)
        {
            resetCursor[path] = 0;
        }
    }

    private int resetScan(final int path, final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final int capacity = sessions.capacity();
        int i = resetCursor[path];
        final int end = Math.min(capacity, i + RESET_SCAN_PER_CYCLE);
        int work = 0;
        for (; i < end; i++)
        {
            if (sessions.isLive(i) && sessions.path(i) == path &&
                SessionFlags.SUBFLOW == (sessions.flags(i) & (SessionFlags.SUBFLOW | SessionFlags.CLOSE_REPORTED |
                SessionFlags.RESET_SENT)))
            {
                resetSubflow(i, path, nowNs);
                work++;
            }
        }
        resetCursor[path] = i >= capacity ? -1 : i;
        return work + 1;
    }

    private void resetSubflow(final int session, final int path, final long nowNs)
    {
        final GatewayContext context = this.context;
        final NatSessionTable sessions = context.sessions;
        final int hostIp = sessions.insideIp(session);
        final long hostMac = context.lanHosts.lookup(hostIp);
        if (NeighborCache.UNRESOLVED == hostMac || 0 == context.hostReceiveNext[session])
        {
            return;
        }
        context.writer.subflowReset(hostMac, sessions.remoteIp(session), hostIp, sessions.remotePort(session),
            sessions.insidePort(session), context.hostReceiveNext[session], context.hostSendNext[session]);
        sessions.flags(session, sessions.flags(session) | SessionFlags.RESET_SENT | SessionFlags.CLOSE_REPORTED);
        context.connections.subflowClosed(sessions.userData(session), path);
        // The gateway reset the subflow on its remote end's behalf: the session takes the RST linger (RFC 7857
        // section 2.2) instead of its 2 h established timeout, so a late segment from the server still reaches the
        // host (which answers it with a reset) and the mapping is freed minutes later.
        sessions.onPacket(session, FlowDirection.INBOUND, TcpFlyweight.RST, nowNs);
        context.subflowResets[path].incrementRelease();
    }
}

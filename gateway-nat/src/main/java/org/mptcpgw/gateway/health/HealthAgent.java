package org.mptcpgw.gateway.health;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.config.ValueType;
import org.mptcpgw.gateway.path.PathTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The control-plane agent that judges each path (one {@link PathHealth} per path): it schedules probes (sent by a
 * worker, which owns the ports), reads probe replies and MPTCP answers from the workers' event ring, watches carrier
 * and whether return traffic keeps coming while outbound traffic flows, and turns every state change into a log
 * line, a journal record, metrics, and commands to the workers (new flows avoid down paths; subflows on a path that
 * went down are reset toward their hosts). It also flags paths whose SYN/ACKs come back without the MPTCP option
 * while other paths keep it: such an uplink strips MPTCP, and new subflows avoid it until it is re-checked.
 * <p>
 * Runs on the control thread; its only link to the workers is {@link PathActions}, which sends commands.
 */
public final class HealthAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(HealthAgent.class);
    private static final int EVENT_DRAIN_LIMIT = 256;
    private static final String[] STATE_NAMES = {"down", "degraded", "up"};

    /**
     * What the agent asks of the workers and the journal.
     */
    public interface PathActions
    {
        /**
         * Send a probe on a path (a worker writes it).
         *
         * @param path     path index.
         * @param target   address to probe.
         * @param sequence sequence number.
         */
        void sendProbe(int path, int target, int sequence);

        /**
         * A path changed state: every worker updates its path table; DOWN starts failover.
         *
         * @param path     path index.
         * @param oldState previous state.
         * @param newState new state.
         * @param reason   PathHealth.REASON_*.
         */
        void stateChanged(int path, byte oldState, byte newState, int reason);

        /**
         * Flag or clear a path as stripping MPTCP options.
         *
         * @param path  path index.
         * @param strip true to avoid the path for new subflows.
         */
        void stripsMptcp(int path, boolean strip);
    }

    private final List<PathConfig> paths;
    private final HealthSettings settings;
    private final RingBuffer events;
    private final PathActions actions;
    private final NanoClock clock;
    private final PathHealth[] health;
    private final PortStatistics[] portStatistics;
    private final AtomicCounter[] outPackets;
    private final AtomicCounter[] inPackets;
    private final AtomicCounter[] stateGauge;
    private final AtomicCounter[] changes;
    private final AtomicCounter[] answered;
    private final AtomicCounter[] rtt;
    private final AtomicCounter[] stripped;
    private final int[] consecutiveStripped;
    private final long[] keptAnswers;
    private final long[] strippedSinceNs;
    private final long[] lastOutPackets;
    private final long[] lastInPackets;
    private final long[] lastInChangeNs;
    private final long[] outSinceInNs;
    private int sequence;
    private long nextProbeNs;

    /**
     * @param paths          configured paths.
     * @param settings       tunables.
     * @param events         ring the workers write events to.
     * @param actions        how to reach the workers.
     * @param clock          the control thread's clock (same base as the workers').
     * @param portStatistics statistics of each path's port (carrier), indexed by path.
     * @param outPackets     packets sent on each path (summed over workers by the caller), indexed by path.
     * @param inPackets      packets received on each path, indexed by path.
     * @param counters       where to allocate the agent's counters.
     */
    public HealthAgent(
        final List<PathConfig> paths,
        final HealthSettings settings,
        final RingBuffer events,
        final PathActions actions,
        final NanoClock clock,
        final PortStatistics[] portStatistics,
        final AtomicCounter[] outPackets,
        final AtomicCounter[] inPackets,
        final GatewayCounters counters)
    {
        this.paths = paths;
        this.settings = settings;
        this.events = events;
        this.actions = actions;
        this.clock = clock;
        final int n = paths.size();
        final long nowNs = clock.nanoTime();
        health = new PathHealth[n];
        this.portStatistics = portStatistics.clone();
        this.outPackets = outPackets.clone();
        this.inPackets = inPackets.clone();
        stateGauge = new AtomicCounter[n];
        changes = new AtomicCounter[n];
        answered = new AtomicCounter[n];
        rtt = new AtomicCounter[n];
        stripped = new AtomicCounter[n];
        consecutiveStripped = new int[n];
        keptAnswers = new long[n];
        strippedSinceNs = new long[n];
        lastOutPackets = new long[n];
        lastInPackets = new long[n];
        lastInChangeNs = new long[n];
        outSinceInNs = new long[n];
        for (int p = 0; p < n; p++)
        {
            final PathConfig path = paths.get(p);
            health[p] = new PathHealth(settings, 0 != path.probeTarget() && 0 != path.address(), nowNs);
            stateGauge[p] = counters.allocate(CounterType.PATH_STATE, p, 0, 0, path.name());
            stateGauge[p].setRelease(PathTable.UP);
            changes[p] = counters.allocate(CounterType.PATH_STATE_CHANGES, p, 0, 0, path.name());
            answered[p] = counters.allocate(CounterType.PROBES_ANSWERED, p, 0, 0, path.name());
            rtt[p] = counters.allocate(CounterType.PATH_RTT_NS, p, 0, 0, path.name());
            stripped[p] = counters.allocate(CounterType.PATH_MPTCP_STRIPPED, p, 0, 0, path.name());
            strippedSinceNs[p] = -1;
            lastInChangeNs[p] = nowNs;
            outSinceInNs[p] = -1;
        }
        nextProbeNs = nowNs;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = events.read(this::onEvent, EVENT_DRAIN_LIMIT);
        if (nowNs - nextProbeNs >= 0)
        {
            nextProbeNs = nowNs + settings.probeIntervalNs();
            sequence = (sequence + 1) & 0xFFFF;
            for (int p = 0; p < health.length; p++)
            {
                final PathConfig path = paths.get(p);
                if (0 != path.probeTarget() && 0 != path.address())
                {
                    changed(p, health[p].onProbeSent(sequence, nowNs), nowNs);
                    actions.sendProbe(p, path.probeTarget(), sequence);
                }
            }
            work++;
        }
        for (int p = 0; p < health.length; p++)
        {
            changed(p, health[p].onCarrier(portStatistics[p].carrierUp(), nowNs), nowNs);
            changed(p, health[p].onTick(nowNs), nowNs);
            passive(p, nowNs);
            recheckStripping(p, nowNs);
        }
        return work;
    }

    private void onEvent(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long nowNs = clock.nanoTime();
        final int path = buffer.getInt(index);
        if (path < 0 || path >= health.length)
        {
            return;
        }
        if (RingControlEvents.PROBE_REPLY == type)
        {
            answered[path].incrementRelease();
            final boolean changed = health[path].onProbeReply(buffer.getInt(index + 4), nowNs,
                buffer.getLong(index + 8));
            rtt[path].setRelease(health[path].lastRttNs());
            changed(path, changed, nowNs);
        }
        else if (RingControlEvents.MPTCP_ANSWER == type)
        {
            onMptcpAnswer(path, 0 != buffer.getInt(index + 4), nowNs);
        }
    }

    private void onMptcpAnswer(final int path, final boolean kept, final long nowNs)
    {
        if (kept)
        {
            keptAnswers[path]++;
            consecutiveStripped[path] = 0;
            return;
        }
        consecutiveStripped[path]++;
        boolean othersKeep = false;
        for (int p = 0; p < keptAnswers.length; p++)
        {
            othersKeep |= p != path && keptAnswers[p] > 0;
        }
        if (othersKeep && consecutiveStripped[path] >= settings.stripThreshold() && strippedSinceNs[path] < 0)
        {
            strippedSinceNs[path] = nowNs;
            stripped[path].setRelease(1);
            actions.stripsMptcp(path, true);
            LOG.warn("path {}: {} MPTCP SYNs in a row answered without the MPTCP option while other paths keep it:" +
                " the uplink strips MPTCP; new subflows avoid it for {} s", paths.get(path).name(),
                consecutiveStripped[path], settings.stripRecheckNs() / 1_000_000_000L);
        }
    }

    private void recheckStripping(final int path, final long nowNs)
    {
        if (strippedSinceNs[path] >= 0 && nowNs - strippedSinceNs[path] >= settings.stripRecheckNs())
        {
            strippedSinceNs[path] = -1;
            consecutiveStripped[path] = 0;
            stripped[path].setRelease(0);
            actions.stripsMptcp(path, false);
            LOG.info("path {}: trying it again for MPTCP subflows", paths.get(path).name());
        }
    }

    /**
     * Passive signal: packets keep going out on the path but nothing has come back for the silence timeout.
     */
    private void passive(final int path, final long nowNs)
    {
        final long out = outPackets[path].get();
        final long in = inPackets[path].get();
        if (in != lastInPackets[path])
        {
            lastInPackets[path] = in;
            lastInChangeNs[path] = nowNs;
            outSinceInNs[path] = -1;
            changed(path, health[path].onTrafficSeen(nowNs), nowNs);
        }
        if (out != lastOutPackets[path])
        {
            lastOutPackets[path] = out;
            if (outSinceInNs[path] < 0)
            {
                outSinceInNs[path] = nowNs;
            }
        }
        if (outSinceInNs[path] >= 0 && nowNs - outSinceInNs[path] >= settings.silenceTimeoutNs() &&
            nowNs - lastInChangeNs[path] >= settings.silenceTimeoutNs())
        {
            outSinceInNs[path] = -1;
            changed(path, health[path].onPassiveFailure(nowNs), nowNs);
        }
    }

    private byte lastState(final int path)
    {
        return (byte)stateGauge[path].get();
    }

    private void changed(final int path, final boolean changed, final long nowNs)
    {
        if (!changed)
        {
            return;
        }
        final byte oldState = lastState(path);
        final byte newState = health[path].state();
        if (oldState == newState)
        {
            return;
        }
        stateGauge[path].setRelease(newState);
        changes[path].incrementRelease();
        final PathConfig config = paths.get(path);
        LOG.info("path {} ({}): {} -> {} ({}; loss {}%, rtt {} ms)", config.name(), config.interfaceName(),
            STATE_NAMES[oldState], STATE_NAMES[newState], PathHealth.REASON_LABELS[health[path].lastReason()],
            health[path].lossPercent(), health[path].lastRttNs() / 1_000_000.0);
        actions.stateChanged(path, oldState, newState, health[path].lastReason());
    }

    /**
     * @param path path index.
     * @return the path's current state.
     */
    public byte state(final int path)
    {
        return health[path].state();
    }

    /**
     * @return a one-line summary of every path (for logs).
     */
    public String summary()
    {
        final StringBuilder out = new StringBuilder();
        for (int p = 0; p < health.length; p++)
        {
            out.append(p > 0 ? ", " : "").append(paths.get(p).name()).append('=')
                .append(STATE_NAMES[health[p].state()]);
            if (0 != paths.get(p).probeTarget())
            {
                out.append(" (probing ").append(ValueType.formatIpv4(paths.get(p).probeTarget())).append(')');
            }
        }
        return out.toString();
    }

    @Override
    public String roleName()
    {
        return "path-health";
    }
}

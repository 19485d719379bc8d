package org.mptcpgw.gateway;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.engine.ForwardingWorker;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.health.HealthAgent;
import org.mptcpgw.gateway.health.HealthSettings;
import org.mptcpgw.gateway.health.RingControlEvents;
import org.mptcpgw.gateway.journal.Journal;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.mptcpgw.gateway.journal.JournalReplay;
import org.mptcpgw.gateway.journal.JournalSettings;
import org.mptcpgw.gateway.journal.GatewayStartInfo;
import org.mptcpgw.gateway.metrics.CounterMeterBinder;
import org.mptcpgw.gateway.metrics.MetricsServer;
import org.mptcpgw.gateway.path.PathTable;
import org.mptcpgw.gateway.pipeline.GatewayPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The running gateway: wires counters, journal (with warm restart), ports, one forwarding worker per
 * {@code engine.workers}, the control agents (path health, journal) and the metrics endpoint, and starts them in
 * the configured threading mode. {@link #close()} stops everything in reverse order.
 * <pre>
 *   worker-0 thread:   [ports] -&gt; ForwardingWorker(stage graph) -&gt; [ports]     (busy or poll idle)
 *   control thread:    CompositeAgent(path-health, journal, extra agents)        (backoff idle)
 *   metrics-http:      /metrics /health /ready, reads the counters at scrape time
 * </pre>
 * Workers and control talk only through rings and command queues: health events flow up a many-to-one ring, path
 * state changes and probes go down as worker commands, journal records flow up the journal's ring.
 * <p>
 * <b>Several workers</b> (not in this release: {@code engine.workers} above 1 is refused). The tables are already
 * cut for it: each worker owns its session table, its slice of every path's port range
 * ({@code NatConfig.ownerOf}) and its connection table, and the journal tags records by worker. What is
 * missing is steering every frame of a host to one worker, which is what makes the design right: in the
 * heuristic mode (draft section 2.2) all subflows of a connection leave from one host address, so if the LAN port
 * is fanned out by source address, return traffic on a pass-through path by destination address and return traffic
 * on a NAT path by the outside port's slice (a {@code PACKET_FANOUT_CBPF} program per interface), then every
 * subflow of a connection, its MP_JOIN token lookup and its translations meet on the one thread that owns them, and
 * no table needs a second writer or a lock. In section 2.1 mode the subflows come from different host addresses and
 * may meet different workers; placement there follows the pinned source, which needs no token. ARP, probes and
 * ICMP errors (whose ports are inside the quote) would go to worker 0 and be handed on through rings.
 */
public final class Gateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final int CONTROL_RING_BYTES = 64 * 1024;
    private static final int MAX_COUNTERS = 4096;

    /**
     * Options of a start that do not come from the configuration file.
     *
     * @param opener       opens ports.
     * @param extraControl further agents for the control thread (link monitor), given every opened port.
     * @param pollIdle     idle strategy of a worker for {@code engine.idle=poll}, given its ports.
     * @param ready        extra readiness check (null when ready) for /ready, or null.
     * @param startWorkers false to build everything but let the caller drive the agents (tests).
     */
    public record Options(
        PortOpener opener,
        Function<List<Port>, List<Agent>> extraControl,
        Function<Port[], IdleStrategy> pollIdle,
        Supplier<String> ready,
        boolean startWorkers)
    {
        /**
         * Options for tests: the given ports, nothing started, no extra agents, backoff idling.
         *
         * @param opener opens ports.
         * @return the options.
         */
        public static Options embedded(final PortOpener opener)
        {
            return new Options(opener, (ports) -> List.of(), null, null, false);
        }
    }

    private final GatewayConfig config;
    private final GatewayCounters counters;
    private final Journal journal;
    private final List<Port> ports = new ArrayList<>();
    private final List<GatewayPipeline> pipelines = new ArrayList<>();
    private final HealthAgent health;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final MetricsServer metrics;
    private final AtomicCounter errors;
    private final JournalPublisher controlJournal;
    private volatile boolean closed;

    private Gateway(final GatewayConfig config, final Options options) throws IOException
    {
        this.config = config;
        final Path runDir = Path.of(config.string("run.dir"));
        Files.createDirectories(runDir);
        counters = GatewayCounters.mapFile(runDir.resolve("counters.dat"), MAX_COUNTERS);
        errors = counters.allocate(CounterType.ERRORS, 0, 0, 0, "gateway");
        final NanoClock clock = SystemNanoClock.INSTANCE;
        final SystemEpochNanoClock wallClock = new SystemEpochNanoClock();

        final JournalSettings journalSettings = JournalSettings.from(config);
        final boolean warm = journalSettings.enabled() && journalSettings.warmRestart();
        JournalReplay.Result replay = null;
        if (warm && Files.isDirectory(journalSettings.dir()))
        {
            replay = JournalReplay.replay(journalSettings.dir(), wallClock.nanoTime(),
                JournalSettings.longestIdleTimeoutNs(config));
        }
        journal = Journal.create(journalSettings, counters,
            GatewayStartInfo.from(config, warm, org.mptcpgw.gateway.cli.Main.Version.projectVersion()));

        final int workers = config.integer("engine.workers", 1, 64);
        final List<PathConfig> paths = config.paths();
        final ManyToOneRingBuffer controlRing = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CONTROL_RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        final AtomicCounter controlLost = counters.allocate(CounterType.QUEUE_FULL, 0, 0, 0, "control-events");
        for (int w = 0; w < workers; w++)
        {
            final Port[] workerPorts = new Port[paths.size() + 1];
            workerPorts[0] = options.opener().open(config.string("lan.interface"), w, workers);
            ports.add(workerPorts[0]);
            for (final PathConfig path : paths)
            {
                workerPorts[1 + path.index()] = options.opener().open(path.interfaceName(), w, workers);
                ports.add(workerPorts[1 + path.index()]);
            }
            final GatewayPipeline pipeline = GatewayPipeline.build(config, w, workers, workerPorts, clock, wallClock,
                counters, new RingControlEvents(controlRing, controlLost), journal.workerPublisher(w));
            pipelines.add(pipeline);
        }
        if (null != replay)
        {
            WarmRestart.apply(replay, pipelines, clock.nanoTime(), wallClock);
        }
        controlJournal = journal.publisher(workers);

        final PortStatistics[] pathPorts = new PortStatistics[paths.size()];
        final AtomicCounter[] out = new AtomicCounter[paths.size()];
        final AtomicCounter[] in = new AtomicCounter[paths.size()];
        for (final PathConfig path : paths)
        {
            pathPorts[path.index()] = pipelines.get(0).worker().port(1 + path.index()).statistics();
            out[path.index()] = pipelines.get(0).housekeeping().pathPackets(path.index(), true);
            in[path.index()] = pipelines.get(0).housekeeping().pathPackets(path.index(), false);
        }
        health = new HealthAgent(paths, HealthSettings.from(config), controlRing, new WorkerPathActions(),
            clock, pathPorts, out, in, counters);

        metrics = config.bool("metrics.enabled") ? startMetrics(options) : null;
        LOG.info("mptcp-gateway {}: lan {}, paths {}, {} worker(s), metrics {}",
            org.mptcpgw.gateway.cli.Main.Version.projectVersion(),
            config.string("lan.interface"), health.summary(), workers,
            null == metrics ? "off" : config.string("metrics.bind"));
        if (options.startWorkers())
        {
            startRunners(options);
        }
    }

    /**
     * Build and start a gateway.
     *
     * @param config  the configuration.
     * @param options how to open ports and what else to run.
     * @return the running gateway.
     * @throws IOException if the run directory or the metrics endpoint cannot be set up.
     */
    public static Gateway start(final GatewayConfig config, final Options options) throws IOException
    {
        return new Gateway(config, options);
    }

    private MetricsServer startMetrics(final Options options) throws IOException
    {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CounterMeterBinder(counters.reader()).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        final String[] bind = config.endpoint("metrics.bind");
        return new MetricsServer(bind[0], Integer.parseInt(bind[1]), registry,
            () -> closed ? "shutting down" : null,
            () ->
            {
                final String extra = null == options.ready() ? null : options.ready().get();
                return null != extra ? extra : unresolvedNextHops();
            });
    }

    private String unresolvedNextHops()
    {
        final StringBuilder missing = new StringBuilder();
        for (final PathConfig path : config.paths())
        {
            if (0 == path.nextHopMac() && 0 != path.address() &&
                0 == pipelines.get(0).context().neighbors().lookup(path.nextHop()))
            {
                missing.append(missing.length() > 0 ? ", " : "").append(path.name());
            }
        }
        return missing.length() > 0 ? "next hop not resolved yet on " + missing : null;
    }

    private void startRunners(final Options options)
    {
        final ErrorHandler errorHandler = (throwable) ->
        {
            errors.increment();
            LOG.error("agent error", throwable);
        };
        final List<Agent> control = new ArrayList<>();
        control.add(health);
        if (null != journal.agent())
        {
            control.add(journal.agent());
        }
        control.addAll(options.extraControl().apply(ports));
        final int[] cpus = config.integerList("engine.cpus");
        if ("shared".equals(config.choice("engine.threading")))
        {
            final List<Agent> all = new ArrayList<>();
            for (final GatewayPipeline p : pipelines)
            {
                all.add(p.worker());
            }
            all.addAll(control);
            runners.add(start(new CompositeAgent(all), new BackoffIdleStrategy(100, 10, 1_000, 100_000),
                errorHandler));
            return;
        }
        for (int w = 0; w < pipelines.size(); w++)
        {
            final ForwardingWorker worker = pipelines.get(w).worker();
            final Agent agent = cpus.length > w ? new PinnedAgent(worker, cpus[w]) : worker;
            runners.add(start(agent, workerIdle(worker.ports(), options), errorHandler));
        }
        runners.add(start(new CompositeAgent(control), new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
            errorHandler));
    }

    private IdleStrategy workerIdle(final Port[] workerPorts, final Options options)
    {
        return switch (config.choice("engine.idle"))
        {
            case "spin" -> new org.agrona.concurrent.BusySpinIdleStrategy();
            case "poll" -> null != options.pollIdle() ? options.pollIdle().apply(workerPorts) :
                new BackoffIdleStrategy(100, 10, 1_000, 100_000);
            default -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        };
    }

    private AgentRunner start(final Agent agent, final IdleStrategy idle, final ErrorHandler errorHandler)
    {
        final AgentRunner runner = new AgentRunner(idle, errorHandler, errors, agent);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    /**
     * Apply the reloaded file: path weights and roles change live (worker commands); anything else needs a restart,
     * which is logged.
     *
     * @param reloaded the configuration read again.
     */
    public void reload(final GatewayConfig reloaded)
    {
        final List<String> restart = config.changesNeedingRestart(reloaded);
        if (!restart.isEmpty())
        {
            LOG.warn("reload: these changes need a restart and were not applied: {}", String.join(", ", restart));
        }
        for (final PathConfig path : reloaded.paths())
        {
            if (path.index() < config.paths().size())
            {
                final int index = path.index();
                final int weight = path.weight();
                final PathConfig.Role role = path.role();
                forEachWorker((p) -> p.context().paths().reload(index, weight, role));
            }
        }
        LOG.info("reload: path weights and roles applied");
    }

    private void forEachWorker(final java.util.function.Consumer<GatewayPipeline> action)
    {
        for (final GatewayPipeline pipeline : pipelines)
        {
            if (!pipeline.worker().offer((nowNs) -> action.accept(pipeline)))
            {
                LOG.warn("worker {} command queue full; command dropped", pipeline.worker().workerIndex());
            }
        }
    }

    /**
     * @return the worker pipelines (tests drive them directly when workers are not started).
     */
    public List<GatewayPipeline> pipelines()
    {
        return pipelines;
    }

    /**
     * @return the health agent (tests drive it when workers are not started).
     */
    public HealthAgent health()
    {
        return health;
    }

    /**
     * @return the counters.
     */
    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * @return the metrics endpoint, or null when disabled.
     */
    public MetricsServer metrics()
    {
        return metrics;
    }

    /**
     * Stop the agents, close the ports, the journal and the endpoint.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = runners.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(runners.get(i));
        }
        CloseHelper.quietClose(metrics);
        for (final Port port : ports)
        {
            CloseHelper.quietClose(port);
        }
        CloseHelper.quietClose(counters);
        LOG.info("mptcp-gateway stopped");
    }

    private final class WorkerPathActions implements HealthAgent.PathActions
    {
        @Override
        public void sendProbe(final int path, final int target, final int sequence)
        {
            final GatewayPipeline first = pipelines.get(0);
            first.worker().offer((nowNs) -> first.context().writer().probe(path, target, sequence, nowNs));
        }

        @Override
        public void stateChanged(final int path, final byte oldState, final byte newState, final int reason)
        {
            forEachWorker((p) ->
            {
                p.context().paths().state(path, newState);
                if (PathTable.DOWN == newState)
                {
                    p.housekeeping().onPathDown(path);
                }
            });
            controlJournal.pathStateChanged(System.currentTimeMillis() * 1_000_000L, path, oldState, newState, reason);
        }

        @Override
        public void stripsMptcp(final int path, final boolean strip)
        {
            forEachWorker((p) -> p.context().paths().stripsMptcp(path, strip));
        }
    }

    /**
     * Pins the thread that runs the wrapped agent to one CPU when it starts.
     */
    private static final class PinnedAgent implements Agent
    {
        private final Agent delegate;
        private final int cpu;

        PinnedAgent(final Agent delegate, final int cpu)
        {
            this.delegate = delegate;
            this.cpu = cpu;
        }

        @Override
        public void onStart()
        {
            net.openhft.affinity.Affinity.setAffinity(cpu);
            delegate.onStart();
        }

        @Override
        public int doWork() throws Exception
        {
            return delegate.doWork();
        }

        @Override
        public void onClose()
        {
            delegate.onClose();
        }

        @Override
        public String roleName()
        {
            return delegate.roleName();
        }
    }
}

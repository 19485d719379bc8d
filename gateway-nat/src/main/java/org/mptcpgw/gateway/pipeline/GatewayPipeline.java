package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.engine.ForwardingWorker;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.UdpFlyweight;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.journal.JournalPublisher;
import org.mptcpgw.gateway.path.PathTable;
import org.mptcpgw.gateway.path.PlacementPolicy;
import org.mptcpgw.nat.FilteringMode;
import org.mptcpgw.nat.NatConfig;
import org.mptcpgw.nat.NatSessionTable;

import java.util.List;

/**
 * Builds one worker of the gateway: its tables, its context and its stage graph
 * <pre>
 *   classify -&gt; arp | flow -&gt; session -&gt; icmp | translate
 * </pre>
 * over the given ports (LAN first, then one per path), and the {@link ForwardingWorker} that runs them.
 */
public final class GatewayPipeline
{
    private final GatewayContext context;
    private final ForwardingWorker worker;
    private final WorkerHousekeeping housekeeping;

    private GatewayPipeline(
        final GatewayContext context, final ForwardingWorker worker, final WorkerHousekeeping housekeeping)
    {
        this.context = context;
        this.worker = worker;
        this.housekeeping = housekeeping;
    }

    /**
     * Build a worker.
     *
     * @param config      the configuration.
     * @param workerIndex index of the worker.
     * @param workerCount number of workers.
     * @param ports       LAN port, then one port per path in path order.
     * @param clock       the worker's clock.
     * @param wallClock   epoch clock for journal records.
     * @param counters    where to allocate counters.
     * @param events      where path events go.
     * @param journal     the worker's journal publisher.
     * @return the worker and its context.
     */
    public static GatewayPipeline build(
        final GatewayConfig config,
        final int workerIndex,
        final int workerCount,
        final Port[] ports,
        final NanoClock clock,
        final EpochNanoClock wallClock,
        final GatewayCounters counters,
        final ControlEvents events,
        final JournalPublisher journal)
    {
        return build(config, workerIndex, workerCount, ports, clock, wallClock, counters, events, journal,
            new java.security.SecureRandom().nextLong());
    }

    /**
     * Build a worker with a given seed for the NAT's port randomisation (replay and golden tests are reproducible
     * only with a fixed seed).
     *
     * @param config      the configuration.
     * @param workerIndex index of the worker.
     * @param workerCount number of workers.
     * @param ports       LAN port, then one port per path in path order.
     * @param clock       the worker's clock.
     * @param wallClock   epoch clock for journal records.
     * @param counters    where to allocate counters.
     * @param events      where path events go.
     * @param journal     the worker's journal publisher.
     * @param natSeed     seed of the outside port search.
     * @return the worker and its context.
     */
    public static GatewayPipeline build(
        final GatewayConfig config,
        final int workerIndex,
        final int workerCount,
        final Port[] ports,
        final NanoClock clock,
        final EpochNanoClock wallClock,
        final GatewayCounters counters,
        final ControlEvents events,
        final JournalPublisher journal,
        final long natSeed)
    {
        final List<PathConfig> pathConfigs = config.paths();
        final long nowNs = clock.nanoTime();
        final PathTable paths = new PathTable(pathConfigs);
        final PlacementPolicy placement = new PlacementPolicy(paths,
            "spread".equals(config.choice("placement.initial-subflow")),
            "weighted".equals(config.choice("placement.plain-flows")),
            "hash".equals(config.choice("placement.subflows")));
        final GatewaySessionListener sessionListener = new GatewaySessionListener();
        final NatSessionTable sessions = new NatSessionTable(natConfig(config, workerIndex, workerCount, natSeed),
            sessionListener, nowNs);
        final MptcpConnectionTable.Listener mptcpListener = null == journal ? NO_MPTCP_EVENTS :
            new org.mptcpgw.gateway.journal.MptcpJournalListener(journal, wallClock, null);
        final MptcpConnectionTable connections = new MptcpConnectionTable(
            config.integer("mptcp.max-connections", 16, 1 << 22), pathConfigs.size(), mptcpListener);
        final NeighborCache neighbors = new NeighborCache(config.integer("arp.cache-size", 16, 1 << 20),
            config.durationNs("arp.reachable-time"), config.durationNs("arp.retry-interval"));
        final NeighborCache lanHosts = new NeighborCache(config.integer("arp.cache-size", 16, 1 << 20),
            config.durationNs("arp.reachable-time") * 10, config.durationNs("arp.retry-interval"));
        final int batch = config.integer("engine.batch-size", 1, 4096);
        final GatewayContext context = new GatewayContext(workerIndex, ports, pathConfigs, paths, placement, sessions,
            connections, neighbors, lanHosts, config.mac("lan.router-mac"), config.bool("failover.reset-subflows"),
            config.bool("nat.icmp-on-refusal"),
            "reset".equals(config.choice("placement.join-while-path-down")), batch, events,
            null == journal ? JournalPublisher.disabled(workerIndex) : journal, wallClock, counters);
        sessionListener.context(context);
        context.fragments = new FragmentFlows(config.integer("nat.fragment-flows", 4, 1 << 20),
            config.durationNs("nat.fragment-timeout"));
        context.fragmentHold = new FragmentHold(config.integer("nat.fragment-hold", 0, 4096), context.largestFrame,
            config.durationNs("nat.fragment-timeout"));

        final ForwardingWorker worker = new ForwardingWorker(workerIndex, ports, (sink) -> graph(context, sink, batch),
            batch, clock, counters, 1024, config.durationNs("engine.stall-threshold"));
        context.worker(worker);
        final WorkerHousekeeping housekeeping = new WorkerHousekeeping(context, counters);
        worker.addTask(housekeeping).trafficListener(housekeeping).checksumCompleter(new SoftwareChecksum());
        // Last task of the cycle: the records of this cycle's frames and expiries go to the journal in one message.
        final JournalPublisher cycleJournal = context.journal;
        if (cycleJournal.batched())
        {
            worker.addTask((cycleNs) -> cycleJournal.flush());
        }
        return new GatewayPipeline(context, worker, housekeeping);
    }

    private static StageGraph graph(final GatewayContext context, final StageGraph.FrameSink sink, final int batch)
    {
        final Bridge bridge = new Bridge(context);
        return new StageGraph(sink, batch)
            .add(new ClassifyStage(context, bridge))
            .add(new ArpStage(context, bridge))
            .add(new FlowStage(context, bridge))
            .add(new SessionStage(context, bridge))
            .add(new IcmpStage(context, bridge))
            .add(new TranslateStage(context))
            .build();
    }

    /**
     * The NAT table's configuration from the {@code nat.*} keys.
     *
     * @param config      the configuration.
     * @param workerIndex index of the worker.
     * @param workerCount number of workers.
     * @param seed        seed of the outside port search.
     * @return the NAT configuration.
     */
    public static NatConfig natConfig(
        final GatewayConfig config, final int workerIndex, final int workerCount, final long seed)
    {
        final int[] range = config.portRange("nat.port-range");
        final NatConfig.Builder builder = NatConfig.builder()
            .worker(workerIndex, workerCount)
            .sessionCapacity(config.integer("nat.max-sessions", 16, 1 << 24))
            .hostQuota(config.integer("nat.host-quota", 1, 65536))
            .filtering("address-dependent".equals(config.choice("nat.filtering")) ?
                FilteringMode.ADDRESS_DEPENDENT : FilteringMode.ENDPOINT_INDEPENDENT)
            .portRange(range[0], range[1])
            .tcpEstablishedIdleTimeoutNs(config.durationNs("nat.tcp.established-timeout"))
            .tcpOpeningIdleTimeoutNs(config.durationNs("nat.tcp.opening-timeout"))
            .tcpClosingIdleTimeoutNs(config.durationNs("nat.tcp.closing-timeout"))
            .tcpRstLingerNs(config.durationNs("nat.tcp.rst-linger"))
            .udpIdleTimeoutNs(config.durationNs("nat.udp.timeout"))
            .icmpEchoIdleTimeoutNs(config.durationNs("nat.icmp.timeout"))
            .pathCount(config.paths().size())
            .randomSeed(seed);
        for (final PathConfig p : config.paths())
        {
            if (0 != p.address())
            {
                builder.natAddresses(p.index(), p.address());
            }
        }
        return builder.build();
    }

    /**
     * @return the worker to run.
     */
    public ForwardingWorker worker()
    {
        return worker;
    }

    /**
     * @return the worker's context (tables, paths, writer).
     */
    public GatewayContext context()
    {
        return context;
    }

    /**
     * @return the worker's background tasks (failover resets).
     */
    public WorkerHousekeeping housekeeping()
    {
        return housekeeping;
    }

    private static final MptcpConnectionTable.Listener NO_MPTCP_EVENTS = new MptcpConnectionTable.Listener()
    {
        public void onTracked(final MptcpConnectionTable table, final int conn)
        {
        }

        public void onSubflowAdded(final MptcpConnectionTable table, final int conn, final int path)
        {
        }

        public void onEnded(final MptcpConnectionTable table, final int conn, final int cause)
        {
        }
    };

    /**
     * Finishes partial TCP/UDP checksums in software for ports without a virtio-net header (pcap output, rings
     * opened without PACKET_VNET_HDR).
     */
    static final class SoftwareChecksum implements org.mptcpgw.core.engine.PartialChecksumCompleter
    {
        private final PacketParser parser = new PacketParser().parseTcpOptions(false);
        private final ParsedPacket packet = new ParsedPacket();
        private final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(0, 0);

        @Override
        public boolean complete(final FrameVector frames, final int index)
        {
            frames.wrap(index, frame);
            if (!parser.parseEthernet(frame, 0, frames.length(index), packet).isOk())
            {
                return false;
            }
            final int protocol = packet.protocol();
            if (IpProtocol.TCP != protocol && IpProtocol.UDP != protocol)
            {
                return false;
            }
            Checksums.completePartial(frame, packet.l4Offset(), packet.l4Length(),
                IpProtocol.TCP == protocol ? TcpFlyweight.CHECKSUM_OFFSET : UdpFlyweight.CHECKSUM_OFFSET,
                IpProtocol.UDP == protocol);
            frames.flags(index, frames.flags(index) & ~FrameVector.FLAG_CSUM_PARTIAL);
            return true;
        }
    }
}

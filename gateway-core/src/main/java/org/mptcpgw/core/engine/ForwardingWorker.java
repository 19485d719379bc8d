package org.mptcpgw.core.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.Stage;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.VnetHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * A forwarding worker: the duty-cycle agent that owns a set of ports and a stage graph, and runs every batch to
 * completion on its own thread (receive, process, transmit, release).
 * <p>
 * One duty cycle: read the clock once; run at most {@link #COMMAND_DRAIN_LIMIT} control-plane commands; fill one
 * vector from the ports (round robin, so that no port starves the others); run the graph; release the received
 * frames to their ports; flush every port once (one kick per batch, never one per frame); run the bounded duty-cycle
 * tasks (timer wheels, ARP refresh, statistics). Nothing in a cycle allocates or blocks; a full transmit ring drops
 * and counts.
 * <p>
 * The worker is the {@link StageGraph.FrameSink}: frames leaving the graph are copied into the transmit slot of the
 * outgoing port here, with their virtio-net header carried over when both ports use one, so that partial checksums
 * and GSO super-frames reach the transmitting kernel intact.
 */
public final class ForwardingWorker implements Agent, StageGraph.FrameSink
{
    /**
     * Told once per batch how much each port received and sent, so that higher layers (per-path counters) can
     * account for traffic without touching every frame again.
     */
    @FunctionalInterface
    public interface PortTrafficListener
    {
        /**
         * Traffic of one port since the previous call.
         *
         * @param port      port index.
         * @param rxPackets frames received.
         * @param rxBytes   bytes received.
         * @param txPackets frames transmitted (forwarded and generated).
         * @param txBytes   bytes transmitted.
         */
        void onTraffic(int port, long rxPackets, long rxBytes, long txPackets, long txBytes);
    }

    /** Commands run per duty cycle at most, so the control plane cannot starve forwarding. */
    public static final int COMMAND_DRAIN_LIMIT = 16;
    /** Name of the pseudo stage under which transmit-side drops are counted. */
    public static final String TX_STAGE_NAME = "tx";

    private final String roleName;
    private final int workerIndex;
    private final Port[] ports;
    private final FrameVector vector;
    private final StageGraph graph;
    private final NanoClock clock;
    private final CachedNanoClock cachedClock = new CachedNanoClock();
    private final ManyToOneConcurrentArrayQueue<WorkerCommand> commands;
    /** Held, not written as {@code this::runCommand} in the loop: a method reference there is a new object per
     * duty cycle unless escape analysis removes it, and zero allocation must not depend on the JIT. */
    private final java.util.function.Consumer<WorkerCommand> commandRunner = this::runCommand;
    private final List<DutyCycleTask> tasks = new ArrayList<>();
    private DutyCycleTask[] taskArray = new DutyCycleTask[0];
    private PartialChecksumCompleter checksumCompleter;
    private PortTrafficListener trafficListener;
    private final long stallThresholdNs;

    private final UnsafeBuffer txView = new UnsafeBuffer(0, 0);
    private final long[] rxPackets;
    private final long[] rxBytes;
    private final long[] txPackets;
    private final long[] txBytes;
    private final boolean[] txPending;
    private final AtomicCounter[] rxPacketCounters;
    private final AtomicCounter[] rxByteCounters;
    private final AtomicCounter[] txPacketCounters;
    private final AtomicCounter[] txByteCounters;
    private final AtomicCounter[][] dropPackets;
    private final AtomicCounter[][] dropBytes;
    private final AtomicCounter[] consumed;
    private final AtomicCounter[] stagePackets;
    private final AtomicCounter batchFrames;
    private final AtomicCounter batches;
    private final AtomicCounter maxCycleNs;
    private final AtomicCounter cycleStalls;
    private final AtomicCounter queueDepth;
    private final int txStageId;
    private int nextPort;
    private long lastCycleStartNs;

    /**
     * Build a worker. Allocates its counters, so it must be built before any agent runs.
     *
     * @param workerIndex      index of the worker (tag of its counters).
     * @param ports            ports owned by this worker, indexed as the graph's stages expect.
     * @param graphFactory     builds the stage graph with this worker as its sink.
     * @param vectorCapacity   frames per batch.
     * @param clock            source of time.
     * @param counters         where to allocate counters.
     * @param commandCapacity  capacity of the command queue (a power of two).
     * @param stallThresholdNs duty cycles longer than this are counted as stalls.
     */
    public ForwardingWorker(
        final int workerIndex,
        final Port[] ports,
        final java.util.function.Function<StageGraph.FrameSink, StageGraph> graphFactory,
        final int vectorCapacity,
        final NanoClock clock,
        final GatewayCounters counters,
        final int commandCapacity,
        final long stallThresholdNs)
    {
        this.workerIndex = workerIndex;
        this.roleName = "worker-" + workerIndex;
        this.ports = ports.clone();
        this.vector = new FrameVector(vectorCapacity);
        this.clock = clock;
        this.commands = new ManyToOneConcurrentArrayQueue<>(commandCapacity);
        this.stallThresholdNs = stallThresholdNs;
        this.graph = graphFactory.apply(this);

        final int n = ports.length;
        rxPackets = new long[n];
        rxBytes = new long[n];
        txPackets = new long[n];
        txBytes = new long[n];
        txPending = new boolean[n];
        rxPacketCounters = new AtomicCounter[n];
        rxByteCounters = new AtomicCounter[n];
        txPacketCounters = new AtomicCounter[n];
        txByteCounters = new AtomicCounter[n];
        for (int p = 0; p < n; p++)
        {
            final String name = ports[p].name();
            rxPacketCounters[p] = counters.allocate(CounterType.PORT_RX_PACKETS, p, 0, workerIndex, name);
            rxByteCounters[p] = counters.allocate(CounterType.PORT_RX_BYTES, p, 0, workerIndex, name);
            txPacketCounters[p] = counters.allocate(CounterType.PORT_TX_PACKETS, p, 0, workerIndex, name);
            txByteCounters[p] = counters.allocate(CounterType.PORT_TX_BYTES, p, 0, workerIndex, name);
        }

        final int stages = graph.stageCount();
        txStageId = stages;
        dropPackets = new AtomicCounter[stages + 1][DropReason.maxId() + 1];
        dropBytes = new AtomicCounter[stages + 1][DropReason.maxId() + 1];
        consumed = new AtomicCounter[stages];
        stagePackets = new AtomicCounter[stages];
        for (int s = 0; s < stages; s++)
        {
            final Stage stage = graph.stage(s);
            stagePackets[s] = counters.allocate(CounterType.STAGE_PACKETS, s, 0, workerIndex, stage.name());
            consumed[s] = counters.allocate(CounterType.CONSUMED_PACKETS, s, 0, workerIndex, stage.name());
            for (final DropReason reason : stage.dropReasons())
            {
                allocateDrop(counters, s, stage.name(), reason);
            }
            // A stage that drops with an undeclared reason is a bug; NOT_FORWARDED catches it, counted.
            allocateDrop(counters, s, stage.name(), DropReason.NOT_FORWARDED);
        }
        allocateDrop(counters, txStageId, TX_STAGE_NAME, DropReason.TX_RING_FULL);
        allocateDrop(counters, txStageId, TX_STAGE_NAME, DropReason.FRAME_TOO_LONG);
        allocateDrop(counters, txStageId, TX_STAGE_NAME, DropReason.GSO_UNSUPPORTED);
        allocateDrop(counters, txStageId, TX_STAGE_NAME, DropReason.NOT_FORWARDED);
        graph.stageCounters(stagePackets);

        final String worker = Integer.toString(workerIndex);
        batchFrames = counters.allocate(CounterType.BATCH_FRAMES, 0, 0, workerIndex, worker);
        batches = counters.allocate(CounterType.BATCHES, 0, 0, workerIndex, worker);
        maxCycleNs = counters.allocate(CounterType.MAX_CYCLE_NS, 0, 0, workerIndex, worker);
        cycleStalls = counters.allocate(CounterType.CYCLE_STALLS, 0, 0, workerIndex, worker);
        queueDepth = counters.allocate(CounterType.QUEUE_DEPTH, 0, 0, workerIndex, worker);
    }

    private void allocateDrop(
        final GatewayCounters counters, final int stageId, final String stageName, final DropReason reason)
    {
        if (null == dropPackets[stageId][reason.id()])
        {
            dropPackets[stageId][reason.id()] = counters.allocate(
                CounterType.DROPPED_PACKETS, stageId, reason.id(), workerIndex, stageName, reason.label());
            dropBytes[stageId][reason.id()] = counters.allocate(
                CounterType.DROPPED_BYTES, stageId, reason.id(), workerIndex, stageName, reason.label());
        }
    }

    /**
     * Add a task run once per duty cycle. Wiring time only.
     *
     * @param task the task.
     * @return this for a fluent API.
     */
    public ForwardingWorker addTask(final DutyCycleTask task)
    {
        tasks.add(task);
        taskArray = tasks.toArray(new DutyCycleTask[0]);
        return this;
    }

    /**
     * Set what finishes partial checksums for ports without a virtio-net header. Wiring time only.
     *
     * @param completer the completer.
     * @return this for a fluent API.
     */
    public ForwardingWorker checksumCompleter(final PartialChecksumCompleter completer)
    {
        this.checksumCompleter = completer;
        return this;
    }

    /**
     * Set who is told about each port's traffic once per batch. Wiring time only.
     *
     * @param listener the listener.
     * @return this for a fluent API.
     */
    public ForwardingWorker trafficListener(final PortTrafficListener listener)
    {
        this.trafficListener = listener;
        return this;
    }

    /**
     * Offer a command from another thread. Never blocks.
     *
     * @param command the command.
     * @return false when the queue is full (the caller counts it and retries later).
     */
    public boolean offer(final WorkerCommand command)
    {
        return commands.offer(command);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        cachedClock.update(nowNs);
        trackCycle(nowNs);

        int work = commands.drain(commandRunner, COMMAND_DRAIN_LIMIT);
        queueDepth.setRelease(commands.size());

        final Port[] ports = this.ports;
        final int n = ports.length;
        final FrameVector vector = this.vector;
        vector.clear();
        final int start = nextPort;
        for (int k = 0; k < n && vector.remaining() > 0; k++)
        {
            final int p = (start + k) % n;
            final int before = vector.count();
            final int received = ports[p].receive(vector, p, nowNs);
            if (received > 0)
            {
                long bytes = 0;
                for (int i = before, end = before + received; i < end; i++)
                {
                    bytes += vector.length(i);
                }
                rxPackets[p] += received;
                rxBytes[p] += bytes;
            }
        }
        nextPort = n > 0 ? (start + 1) % n : 0;

        final int frames = vector.count();
        if (frames > 0)
        {
            graph.run(vector, nowNs);
            for (int p = 0; p < n; p++)
            {
                ports[p].releaseReceived();
            }
            batchFrames.getAndAddRelease(frames);
            batches.incrementRelease();
            work += frames;
        }
        for (int p = 0; p < n; p++)
        {
            // One kick per port per cycle when something was committed, and again while the kernel has not taken
            // everything (a full socket buffer): frames are never left waiting for the next batch.
            if (txPending[p] || ports[p].pendingTransmit() > 0)
            {
                txPending[p] = false;
                ports[p].flush();
            }
        }
        publishPortCounters();

        final DutyCycleTask[] tasks = this.taskArray;
        for (final DutyCycleTask task : tasks)
        {
            work += task.doWork(nowNs);
        }
        return work;
    }

    private void runCommand(final WorkerCommand command)
    {
        command.execute(cachedClock.nanoTime());
    }

    private void trackCycle(final long nowNs)
    {
        if (0 != lastCycleStartNs)
        {
            final long cycleNs = nowNs - lastCycleStartNs;
            maxCycleNs.proposeMaxRelease(cycleNs);
            if (cycleNs > stallThresholdNs)
            {
                cycleStalls.incrementRelease();
            }
        }
        lastCycleStartNs = nowNs;
    }

    private void publishPortCounters()
    {
        for (int p = 0, n = ports.length; p < n; p++)
        {
            if (null != trafficListener && (0 != rxPackets[p] || 0 != txPackets[p]))
            {
                trafficListener.onTraffic(p, rxPackets[p], rxBytes[p], txPackets[p], txBytes[p]);
            }
            if (0 != rxPackets[p])
            {
                rxPacketCounters[p].getAndAddRelease(rxPackets[p]);
                rxByteCounters[p].getAndAddRelease(rxBytes[p]);
                rxPackets[p] = 0;
                rxBytes[p] = 0;
            }
            if (0 != txPackets[p])
            {
                txPacketCounters[p].getAndAddRelease(txPackets[p]);
                txByteCounters[p].getAndAddRelease(txBytes[p]);
                txPackets[p] = 0;
                txBytes[p] = 0;
            }
        }
    }

    /**
     * Copy a frame into the transmit slot of a port (the frame keeps living in its receive ring until release).
     * Shared by the graph's transmit path and by stages that forward a frame as it is.
     * <p>
     * {@inheritDoc}
     */
    @Override
    public void onTransmit(final FrameVector frames, final int index, final int portIndex)
    {
        final Port port = ports[portIndex];
        final int length = frames.length(index);
        final int flags = frames.flags(index);
        final int txVnet = port.vnetHeaderLength();
        if (0 == txVnet)
        {
            if (0 != (flags & FrameVector.FLAG_GSO))
            {
                onDrop(frames, index, txStageId, DropReason.GSO_UNSUPPORTED);
                return;
            }
            if (0 != (flags & FrameVector.FLAG_CSUM_PARTIAL) &&
                (null == checksumCompleter || !checksumCompleter.complete(frames, index)))
            {
                onDrop(frames, index, txStageId, DropReason.NOT_FORWARDED);
                return;
            }
        }
        if (length > port.maxFrameLength() && 0 == (flags & FrameVector.FLAG_GSO))
        {
            onDrop(frames, index, txStageId, DropReason.FRAME_TOO_LONG);
            return;
        }
        final long dst = port.claim(length);
        if (0 == dst)
        {
            onDrop(frames, index, txStageId, DropReason.TX_RING_FULL);
            return;
        }
        final long src = frames.address(index);
        if (0 != txVnet)
        {
            if (0 != (flags & FrameVector.FLAG_VNET))
            {
                txView.wrap(dst - VnetHeader.LENGTH, length + VnetHeader.LENGTH);
                txView.putBytes(0, wrapSource(src - VnetHeader.LENGTH, length + VnetHeader.LENGTH), 0,
                    length + VnetHeader.LENGTH);
            }
            else
            {
                txView.wrap(dst - VnetHeader.LENGTH, length + VnetHeader.LENGTH);
                VnetHeader.writeNone(txView, 0);
                txView.putBytes(VnetHeader.LENGTH, wrapSource(src, length), 0, length);
            }
        }
        else
        {
            txView.wrap(dst, length);
            txView.putBytes(0, wrapSource(src, length), 0, length);
        }
        port.commit(dst, length, flags);
        txPackets[portIndex]++;
        txBytes[portIndex] += length;
        txPending[portIndex] = true;
    }

    private final UnsafeBuffer srcView = new UnsafeBuffer(0, 0);

    private UnsafeBuffer wrapSource(final long address, final int length)
    {
        srcView.wrap(address, length);
        return srcView;
    }

    /**
     * Count a frame generated by the gateway and written directly into a port's transmit slot by a stage, and
     * remember to flush that port.
     *
     * @param portIndex port the frame was committed to.
     * @param length    frame length.
     */
    public void onGenerated(final int portIndex, final int length)
    {
        txPackets[portIndex]++;
        txBytes[portIndex] += length;
        txPending[portIndex] = true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onConsume(final FrameVector frames, final int index, final int stageId)
    {
        consumed[stageId].incrementRelease();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onDrop(final FrameVector frames, final int index, final int stageId, final DropReason reason)
    {
        AtomicCounter packets = dropPackets[stageId][reason.id()];
        AtomicCounter bytes = dropBytes[stageId][reason.id()];
        if (null == packets)
        {
            packets = dropPackets[stageId][DropReason.NOT_FORWARDED.id()];
            bytes = dropBytes[stageId][DropReason.NOT_FORWARDED.id()];
        }
        packets.incrementRelease();
        bytes.getAndAddRelease(null == frames ? 0 : frames.length(index));
        if (null != frames)
        {
            frames.dropReason[index] = reason.id();
            frames.dropStage[index] = stageId;
        }
    }

    /**
     * @return the ports of this worker.
     */
    public Port[] ports()
    {
        return ports.clone();
    }

    /**
     * @param index port index.
     * @return the port.
     */
    public Port port(final int index)
    {
        return ports[index];
    }

    /**
     * @return the graph (tests).
     */
    public StageGraph graph()
    {
        return graph;
    }

    /**
     * @return index of this worker.
     */
    public int workerIndex()
    {
        return workerIndex;
    }

    /**
     * @return the clock value of the current duty cycle.
     */
    public long cachedNanoTime()
    {
        return cachedClock.nanoTime();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String roleName()
    {
        return roleName;
    }
}

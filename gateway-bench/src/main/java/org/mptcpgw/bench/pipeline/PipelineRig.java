package org.mptcpgw.bench.pipeline;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.engine.ForwardingWorker;
import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.port.InMemoryPort;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.pipeline.ControlEvents;
import org.mptcpgw.gateway.pipeline.GatewayPipeline;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * The real gateway pipeline ({@link GatewayPipeline}: classify, flow, session, translate, with its housekeeping)
 * over three {@link InMemoryPort}s, lan, wan1 (primary, pass-through) and wan2 (NAT to 198.51.100.2), configured
 * as the lab's gateway, with {@code flows} pre-established flows: {@code flows / 2} MPTCP connections opened through
 * the pipeline itself (MP_CAPABLE SYN, SYN/ACK with the server's key, third ACK; MP_JOIN SYN with the token, which
 * the placement sends to isp2 and the NAT translates; its SYN/ACK back through the NAT; ACK), spread over 250 LAN
 * hosts with their own MACs. Then the ports are switched into replay mode with templates of a {@link TrafficMix}
 * and transmitted frames are discarded: every {@link #doWork()} is one duty cycle of the worker on one full batch of
 * {@link #BATCH} frames from one port (the worker takes the ports in turn).
 * <p>
 * What is measured is the worker's duty cycle as it runs on an AF_PACKET ring, except the kernel: the in-memory port
 * copies each frame from its template into a receive slot (as the kernel copies into an RX ring), the worker copies
 * it into a transmit slot (as it does into a TX ring), and the transmit slots are then forgotten. Templates live in
 * one direct buffer per port, tens of MB for the mixed traffic, so frame bytes come from memory, not from L1.
 */
public final class PipelineRig implements AutoCloseable
{
    /** Frames per batch (the gateway's default {@code engine.batch-size}). */
    public static final int BATCH = 256;
    /** Fewest flows: two connections, one uploading and one downloading. */
    public static final int MIN_FLOWS = 4;
    /** Most flows the rig supports: the isp2 subflows need one outside port each on one address. */
    public static final int MAX_FLOWS = 120_000;
    /** LAN hosts the connections are spread over (192.0.2.2 to 192.0.2.251). */
    public static final int HOSTS = 250;

    static final long HOST_MAC_BASE = 0x0200_0010_0000L;
    static final long LAN_MAC = 0x0200_0000_0002L;
    static final long WAN1_MAC = 0x0200_0000_0101L;
    static final long ROUTER1_MAC = 0x0200_0000_0102L;
    static final long WAN2_MAC = 0x0200_0000_0201L;
    static final long ROUTER2_MAC = 0x0200_0000_0202L;
    static final int HOST_BASE = 0xC000_0202;
    static final int GW2 = 0xC633_6402;
    static final int SERVER = 0xCB00_7164;
    static final int SERVER_PORT = 5201;
    static final int SIGNAL_PORT = 5202;
    static final int FIRST_HOST_PORT = 10000;

    private static final int SLOTS = BATCH;
    private static final int SLOT_BYTES = 2048;
    private static final int CHUNK = 64;
    private static final int SYN_EVERY = 64;
    private static final int MAX_TEMPLATES = 32768;
    private static final int MIN_TEMPLATES = 4096;
    private static final int MSS_PAYLOAD = 1460;

    private static final String CONFIG = String.join("\n",
        "lan.interface=lan",
        "lan.router-mac=02:00:00:00:01:02",
        "path.isp1.interface=wan1",
        "path.isp1.role=primary",
        "path.isp1.address=192.0.2.254",
        "path.isp1.next-hop=192.0.2.1",
        "path.isp1.next-hop-mac=02:00:00:00:01:02",
        "path.isp2.interface=wan2",
        "path.isp2.address=198.51.100.2",
        "path.isp2.next-hop=198.51.100.1",
        "path.isp2.next-hop-mac=02:00:00:00:02:02",
        "engine.batch-size=" + BATCH,
        "journal.enabled=false",
        "metrics.enabled=false");

    private final int flows;
    private final TrafficMix mix;
    private final int connections;
    private final InMemoryPort lan;
    private final InMemoryPort wan1;
    private final InMemoryPort wan2;
    private final InMemoryPort[] ports;
    private final GatewayCounters counters = GatewayCounters.inMemory(4096);
    private final GatewayPipeline pipeline;
    private final ForwardingWorker worker;
    private final FrameBuilder builder = new FrameBuilder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOT_BYTES, 64));
    private final int[] outsidePort;
    private final long[] hostKey;
    private final long[] serverKey;
    private final int[] serverToken;
    private final int[] batchFrameCounters;
    private final int[] dropCounters;
    private long templateBytes;
    private int templatesPerPort;

    private PipelineRig(final int flows, final TrafficMix mix, final NanoClock clock, final long seed)
    {
        if (flows < MIN_FLOWS || flows > MAX_FLOWS)
        {
            throw new IllegalArgumentException("flows must be " + MIN_FLOWS + ".." + MAX_FLOWS + ", not " + flows);
        }
        this.flows = flows;
        this.mix = mix;
        this.connections = flows / 2;
        lan = new InMemoryPort("lan", SLOTS, SLOT_BYTES, LAN_MAC);
        wan1 = new InMemoryPort("wan1", SLOTS, SLOT_BYTES, WAN1_MAC);
        wan2 = new InMemoryPort("wan2", SLOTS, SLOT_BYTES, WAN2_MAC);
        ports = new InMemoryPort[]{lan, wan1, wan2};
        final Properties properties = new Properties();
        try
        {
            properties.load(new StringReader(CONFIG));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        properties.setProperty("nat.max-sessions", Integer.toString(Math.max(262_144, 2 * flows)));
        properties.setProperty("mptcp.max-connections", Integer.toString(Math.max(65_536, 2 * connections)));
        pipeline = GatewayPipeline.build(GatewayConfig.parse(properties), 0, 1, new Port[]{lan, wan1, wan2}, clock,
            clock::nanoTime, counters, ControlEvents.NONE, null, seed);
        worker = pipeline.worker();
        batchFrameCounters = counterIds(CounterType.BATCH_FRAMES);
        dropCounters = counterIds(CounterType.DROPPED_PACKETS);
        outsidePort = new int[connections];
        hostKey = new long[connections];
        serverKey = new long[connections];
        serverToken = new int[connections];
        chooseKeys(new SplittableRandom(seed));
    }

    /**
     * Build the rig, open every flow through the pipeline and start replaying the mix.
     *
     * @param flows number of flows (two per MPTCP connection), {@link #MIN_FLOWS} to {@link #MAX_FLOWS}.
     * @param mix   the traffic to replay.
     * @param seed  seed of keys, NAT port search and template order.
     * @return the rig.
     * @throws IllegalStateException if a flow could not be opened as expected.
     */
    public static PipelineRig create(final int flows, final TrafficMix mix, final long seed)
    {
        final PipelineRig rig = new PipelineRig(flows, mix, System::nanoTime, seed);
        rig.establish();
        rig.startReplay(new SplittableRandom(seed ^ 0x7E57_AB1EL));
        return rig;
    }

    /**
     * One duty cycle of the worker.
     *
     * @return the worker's work count.
     */
    public int doWork()
    {
        return worker.doWork();
    }

    /**
     * @return frames the worker processed in batches since the rig was built.
     */
    public long framesProcessed()
    {
        return sum(batchFrameCounters);
    }

    /**
     * @return frames dropped by any stage since the rig was built.
     */
    public long framesDropped()
    {
        return sum(dropCounters);
    }

    private long sum(final int[] counterIds)
    {
        final CountersReader reader = counters.reader();
        long total = 0;
        for (final int id : counterIds)
        {
            total += reader.getCounterValue(id);
        }
        return total;
    }

    /**
     * Ids of every counter of a type, found once: {@link GatewayCounters#sum} decodes every label on each call
     * (it allocates), which the allocation measurement must not count.
     */
    private int[] counterIds(final CounterType type)
    {
        final IntArrayList ids = new IntArrayList();
        counters.reader().forEach((id, typeId, key, label) ->
        {
            if (typeId == type.typeId())
            {
                ids.addInt(id);
            }
        });
        return ids.toIntArray();
    }

    /**
     * @return frames committed for transmission on all ports since the rig was built.
     */
    public long framesTransmitted()
    {
        return lan.transmittedFrames() + wan1.transmittedFrames() + wan2.transmittedFrames();
    }

    /**
     * @return live NAT sessions (pass-through and translated).
     */
    public int sessions()
    {
        return pipeline.context().sessions().size();
    }

    /**
     * @return MPTCP connections tracked.
     */
    public int trackedConnections()
    {
        return pipeline.context().connections().trackedCount();
    }

    /**
     * @return bytes of template frames per replay cycle over all ports.
     */
    public long templateBytes()
    {
        return templateBytes;
    }

    /**
     * @return templates per replaying port.
     */
    public int templatesPerPort()
    {
        return templatesPerPort;
    }

    /**
     * @return the mix replayed.
     */
    public TrafficMix mix()
    {
        return mix;
    }

    /**
     * @return the number of flows.
     */
    public int flows()
    {
        return flows;
    }

    /**
     * Run one full replay cycle of every port and check that every frame was forwarded: nothing dropped, as many
     * frames transmitted as processed, every batch full.
     *
     * @return a one-line summary.
     * @throws IllegalStateException if a frame was dropped or a batch was not full.
     */
    public String verify()
    {
        final long framesBefore = framesProcessed();
        final long droppedBefore = framesDropped();
        final long txBefore = framesTransmitted();
        final int cycles = 3 * (templatesPerPort / BATCH + 1);
        for (int i = 0; i < cycles; i++)
        {
            doWork();
        }
        final long frames = framesProcessed() - framesBefore;
        final long dropped = framesDropped() - droppedBefore;
        final long tx = framesTransmitted() - txBefore;
        final String summary = String.format("mix=%s flows=%d sessions=%d connections=%d templates/port=%d " +
            "template MB=%.1f frames=%d transmitted=%d dropped=%d", mix.label(), flows, sessions(),
            trackedConnections(), templatesPerPort, templateBytes / 1e6, frames, tx, dropped);
        if (0 != dropped || frames != tx || frames != (long)cycles * BATCH)
        {
            throw new IllegalStateException("the pipeline does not forward the mix as expected: " + summary);
        }
        return summary;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        for (final InMemoryPort port : ports)
        {
            port.close();
        }
        counters.close();
    }

    private void chooseKeys(final SplittableRandom random)
    {
        final MptcpCrypto crypto = new MptcpCrypto();
        final IntHashSet tokens = new IntHashSet(connections * 2);
        for (int c = 0; c < connections; c++)
        {
            hostKey[c] = random.nextLong();
            long key;
            int token;
            do
            {
                key = random.nextLong();
                token = crypto.token(key, MptcpCrypto.VERSION_1);
            }
            while (0 == token || !tokens.add(token));
            serverKey[c] = key;
            serverToken[c] = token;
        }
    }

    static int hostIp(final int conn)
    {
        return HOST_BASE + conn % HOSTS;
    }

    static long hostMac(final int conn)
    {
        return HOST_MAC_BASE | (conn % HOSTS);
    }

    static int initialPort(final int conn)
    {
        return FIRST_HOST_PORT + 2 * (conn / HOSTS);
    }

    static int joinPort(final int conn)
    {
        return initialPort(conn) + 1;
    }

    private void establish()
    {
        final int ack = TcpFlyweight.ACK;
        final int synAck = TcpFlyweight.SYN | TcpFlyweight.ACK;
        for (int first = 0; first < connections; first += CHUNK)
        {
            final int end = Math.min(connections, first + CHUNK);
            for (int c = first; c < end; c++)
            {
                injectLan(c, false, TcpFlyweight.SYN, FrameBuilder.mpCapableSyn(), 0);
            }
            expect(run(), wan1, end - first, "MP_CAPABLE SYN");
            for (int c = first; c < end; c++)
            {
                injectInbound(c, false, synAck, FrameBuilder.mpCapableSynAck(serverKey[c]), 0);
            }
            expect(run(), lan, end - first, "MP_CAPABLE SYN/ACK");
            for (int c = first; c < end; c++)
            {
                injectLan(c, false, ack, FrameBuilder.mpCapableAck(hostKey[c], serverKey[c]), 0);
            }
            expect(run(), wan1, end - first, "MP_CAPABLE ACK");
            for (int c = first; c < end; c++)
            {
                injectLan(c, true, TcpFlyweight.SYN, FrameBuilder.mpJoinSyn(serverToken[c], c), 0);
            }
            run();
            final int placed = wan2.drainTransmitted(this::recordOutsidePort);
            expect(0, lan, 0, "MP_JOIN SYN");
            if (placed != end - first)
            {
                throw new IllegalStateException("MP_JOIN SYNs placed on isp2: " + placed + " of " + (end - first) +
                    ", dropped " + framesDropped());
            }
            for (int c = first; c < end; c++)
            {
                injectInbound(c, true, synAck, FrameBuilder.mpJoinSynAck(serverKey[c] ^ hostKey[c], ~c), 0);
            }
            expect(run(), lan, end - first, "MP_JOIN SYN/ACK");
            for (int c = first; c < end; c++)
            {
                injectLan(c, true, ack, null, 0);
            }
            expect(run(), wan2, end - first, "MP_JOIN ACK");
        }
        if (sessions() != 2 * connections || trackedConnections() != connections || 0 != framesDropped())
        {
            throw new IllegalStateException("expected " + 2 * connections + " sessions and " + connections +
                " connections, found " + sessions() + " and " + trackedConnections() + ", dropped " + framesDropped());
        }
    }

    private void recordOutsidePort(final DirectBuffer buffer, final int offset, final int length, final int flags)
    {
        final int l4 = offset + EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.MIN_HEADER_LENGTH;
        final int conn = buffer.getInt(l4 + TcpFlyweight.SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
        if (conn < 0 || conn >= connections ||
            GW2 != buffer.getInt(offset + EthernetFlyweight.MIN_HEADER_LENGTH + 12, ByteOrder.BIG_ENDIAN))
        {
            throw new IllegalStateException("unexpected frame on wan2 during setup");
        }
        outsidePort[conn] = buffer.getShort(l4 + TcpFlyweight.SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private int run()
    {
        int work = 0;
        for (int i = 0; i < 4; i++)
        {
            work += worker.doWork();
        }
        return work;
    }

    private void expect(final int work, final InMemoryPort port, final int frames, final String what)
    {
        int drained = 0;
        for (final InMemoryPort p : ports)
        {
            final int n = p.drainTransmitted((buffer, offset, length, flags) ->
            {
            });
            if (p == port)
            {
                drained = n;
            }
        }
        if (drained != frames)
        {
            throw new IllegalStateException(what + ": " + drained + " frames left on " + port.name() + ", expected " +
                frames + " (work " + work + ", dropped " + framesDropped() + ")");
        }
    }

    /**
     * A frame from a host on the LAN to the server, through the host's router (isp1's MAC): the sequence number
     * carries the connection index, so setup can match what the NAT sent.
     */
    private int writeLan(
        final UnsafeBuffer b, final int offset, final int c, final boolean join, final int flags, final byte[] options,
        final int payload)
    {
        return builder.tcp(b, offset, ROUTER1_MAC, hostMac(c), hostIp(c), SERVER, join ? joinPort(c) : initialPort(c),
            join ? SIGNAL_PORT : SERVER_PORT, flags, c, 0x4000_0000, options, payload);
    }

    /**
     * A frame from the server: on wan1 to the host (pass-through), on wan2 to the gateway's NAT address.
     */
    private int writeInbound(
        final UnsafeBuffer b, final int offset, final int c, final boolean join, final int flags, final byte[] options,
        final int payload)
    {
        if (join)
        {
            return builder.tcp(b, offset, WAN2_MAC, ROUTER2_MAC, SERVER, GW2, SIGNAL_PORT, outsidePort[c], flags,
                0x6000_0000 + c, c + 1, options, payload);
        }
        return builder.tcp(b, offset, hostMac(c), ROUTER1_MAC, SERVER, hostIp(c), SERVER_PORT, initialPort(c), flags,
            0x5000_0000 + c, c + 1, options, payload);
    }

    private void injectLan(final int c, final boolean join, final int flags, final byte[] options, final int payload)
    {
        final int length = writeLan(scratch, 0, c, join, flags, options, payload);
        inject(lan, length);
    }

    private void injectInbound(
        final int c, final boolean join, final int flags, final byte[] options, final int payload)
    {
        final int length = writeInbound(scratch, 0, c, join, flags, options, payload);
        inject(join ? wan2 : wan1, length);
    }

    private void inject(final InMemoryPort port, final int length)
    {
        if (!port.inject(scratch, 0, length, 0))
        {
            throw new IllegalStateException("receive slots of " + port.name() + " full during setup");
        }
    }

    private void startReplay(final SplittableRandom random)
    {
        templatesPerPort = Math.max(MIN_TEMPLATES, Math.min(MAX_TEMPLATES, flows));
        for (final InMemoryPort port : ports)
        {
            port.discardTransmitted(true);
        }
        if (mix.lan())
        {
            replay(lan, 0, random);
        }
        if (mix.wan1())
        {
            replay(wan1, 1, random);
        }
        if (mix.wan2())
        {
            replay(wan2, 2, random);
        }
    }

    /**
     * Templates of one port, in random order over the flows that cross it. Data segments flow up for even
     * connections (uploads) and down for odd ones (downloads); the other direction carries their ACKs.
     */
    private void replay(final InMemoryPort port, final int portIndex, final SplittableRandom random)
    {
        final int n = templatesPerPort;
        final int maxFrame = mix.fullSizedData() ? FrameBuilder.MTU_FRAME_LENGTH : FrameBuilder.MIN_FRAME_LENGTH + 32;
        final UnsafeBuffer memory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(n * alignedLength(maxFrame), 64));
        final DirectBuffer[] frames = new DirectBuffer[n];
        final int[] lengths = new int[n];
        int offset = 0;
        for (int t = 0; t < n; t++)
        {
            final boolean data = mix.mixed() && random.nextInt(3) < 2;
            final boolean syn = mix.resentSyns() && 0 == random.nextInt(SYN_EVERY);
            final int c = mix.mixed() ? connection(random, (0 == portIndex) == data) : random.nextInt(connections);
            final boolean join = portIndex == 2 || (portIndex == 0 && joinOnLan(random));
            final int payload = data && mix.fullSizedData() ? MSS_PAYLOAD : 0;
            final int length;
            if (0 == portIndex)
            {
                length = syn ?
                    writeLan(memory, offset, c, join, TcpFlyweight.SYN, join ?
                        FrameBuilder.mpJoinSyn(serverToken[c], c) : FrameBuilder.mpCapableSyn(), 0) :
                    writeLan(memory, offset, c, join, TcpFlyweight.ACK | (data ? TcpFlyweight.PSH : 0), null, payload);
            }
            else
            {
                length = syn ?
                    writeInbound(memory, offset, c, join, TcpFlyweight.SYN | TcpFlyweight.ACK, join ?
                        FrameBuilder.mpJoinSynAck(serverKey[c] ^ hostKey[c], ~c) :
                        FrameBuilder.mpCapableSynAck(serverKey[c]), 0) :
                    writeInbound(memory, offset, c, join, TcpFlyweight.ACK | (data ? TcpFlyweight.PSH : 0), null,
                        payload);
            }
            frames[t] = new UnsafeBuffer(memory, offset, length);
            lengths[t] = length;
            templateBytes += length;
            offset += alignedLength(length);
        }
        port.replay(frames, lengths);
    }

    /**
     * Data flows up for even connections (uploads) and down for odd ones (downloads); ACKs the other way round.
     */
    private int connection(final SplittableRandom random, final boolean upload)
    {
        return upload ? 2 * random.nextInt((connections + 1) / 2) : 2 * random.nextInt(connections / 2) + 1;
    }

    private boolean joinOnLan(final SplittableRandom random)
    {
        if (mix == TrafficMix.NAT_OUTBOUND)
        {
            return true;
        }
        return mix != TrafficMix.PASS_THROUGH && random.nextBoolean();
    }

    private static int alignedLength(final int length)
    {
        return (length + 63) & ~63;
    }
}

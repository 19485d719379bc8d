package org.mptcpgw.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.port.InMemoryPort;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An embedded gateway for tests (Netty's EmbeddedChannel in spirit): the real pipeline over in-memory ports, a
 * clock the test advances, and the transmitted frames collected per port. No sockets, no threads.
 */
final class PipelineHarness implements AutoCloseable
{
    static final String LAB_CONFIG = String.join("\n",
        "lan.interface=lan",
        "path.isp1.interface=wan1",
        "path.isp1.role=primary",
        "path.isp1.address=192.0.2.254",
        "path.isp1.next-hop=192.0.2.1",
        "path.isp2.interface=wan2",
        "path.isp2.address=198.51.100.2",
        "path.isp2.next-hop=198.51.100.1",
        "nat.port-range=20000-29999",
        "journal.enabled=false",
        "metrics.enabled=false");

    final InMemoryPort lan;
    final InMemoryPort wan1;
    final InMemoryPort wan2;
    final InMemoryPort[] ports;
    final GatewayCounters counters = GatewayCounters.inMemory(1024);
    final GatewayPipeline pipeline;
    final List<String> events = new ArrayList<>();
    long nowNs = 1_000_000_000_000L;

    PipelineHarness() throws IOException
    {
        this(LAB_CONFIG, 0);
    }

    PipelineHarness(final String config, final int vnetLength) throws IOException
    {
        lan = new InMemoryPort("lan", 64, 2048, TestFrames.LAN_MAC, vnetLength);
        wan1 = new InMemoryPort("wan1", 64, 2048, TestFrames.WAN1_MAC, vnetLength);
        wan2 = new InMemoryPort("wan2", 64, 2048, TestFrames.WAN2_MAC, vnetLength);
        ports = new InMemoryPort[]{lan, wan1, wan2};
        final Properties properties = new Properties();
        properties.load(new StringReader(config));
        final GatewayConfig gatewayConfig = GatewayConfig.parse(properties);
        pipeline = GatewayPipeline.build(gatewayConfig, 0, 1, new Port[]{lan, wan1, wan2}, () -> nowNs,
            () -> nowNs, counters, new ControlEvents()
            {
                public void probeReply(final int path, final int sequence, final long rttNs)
                {
                    events.add("probe " + path + " " + sequence);
                }

                public void mptcpAnswer(final int path, final boolean optionKept)
                {
                    events.add("mptcp " + path + " " + optionKept);
                }
            }, null);
    }

    /** Resolve both next hops and the host, as ARP at start would, and forget what that transmitted. */
    PipelineHarness resolved()
    {
        inject(wan1, TestFrames.arp(TestFrames.WAN1_MAC, TestFrames.ROUTER1_MAC, 2, TestFrames.ROUTER1_MAC,
            TestFrames.ROUTER1, TestFrames.WAN1_MAC, TestFrames.GW1));
        inject(wan2, TestFrames.arp(TestFrames.WAN2_MAC, TestFrames.ROUTER2_MAC, 2, TestFrames.ROUTER2_MAC,
            TestFrames.ROUTER2, TestFrames.WAN2_MAC, TestFrames.GW2));
        run();
        clear();
        return this;
    }

    void inject(final InMemoryPort port, final byte[] frame)
    {
        if (!port.inject(frame))
        {
            throw new IllegalStateException("receive slots full");
        }
    }

    int run()
    {
        int work = 0;
        for (int i = 0; i < 4; i++)
        {
            work += pipeline.worker().doWork();
        }
        return work;
    }

    List<byte[]> drain(final InMemoryPort port)
    {
        final List<byte[]> frames = new ArrayList<>();
        port.drainTransmitted((buffer, offset, length, flags) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            frames.add(copy);
        });
        return frames;
    }

    void clear()
    {
        for (final InMemoryPort p : ports)
        {
            drain(p);
        }
        events.clear();
    }

    long counter(final CounterType type, final String... tags)
    {
        return counters.sum(type, tags);
    }

    long drops(final String reason)
    {
        return counter(CounterType.DROPPED_PACKETS, "reason=" + reason);
    }

    static UnsafeBuffer view(final byte[] frame)
    {
        return new UnsafeBuffer(frame);
    }

    @Override
    public void close()
    {
        for (final InMemoryPort p : ports)
        {
            p.close();
        }
        counters.close();
    }
}

package org.mptcpgw.gateway.health;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.counters.CounterType;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.path.PathTable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthAgentTest
{
    static final long MS = 1_000_000L;
    static final HealthSettings SETTINGS =
        new HealthSettings(500 * MS, 1000 * MS, 3, 4, 20, 250 * MS, 3000 * MS, 2000 * MS, 3, 60_000 * MS);

    final GatewayCounters counters = GatewayCounters.inMemory(256);
    final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH)));
    final RingControlEvents events = new RingControlEvents(ring, counters.allocate(CounterType.QUEUE_FULL, 0, 0, 0,
        "control"));
    final List<String> actions = new ArrayList<>();
    final PortStatistics[] ports = {new PortStatistics(), new PortStatistics()};
    final AtomicCounter[] out = {counters.allocate(CounterType.PATH_TX_PACKETS, 0, 0, 0, "a", "out"),
        counters.allocate(CounterType.PATH_TX_PACKETS, 1, 0, 0, "b", "out")};
    final AtomicCounter[] in = {counters.allocate(CounterType.PATH_TX_PACKETS, 0, 1, 0, "a", "in"),
        counters.allocate(CounterType.PATH_TX_PACKETS, 1, 1, 0, "b", "in")};
    long now = 1_000_000 * MS;

    HealthAgent agent(final boolean probed)
    {
        final List<PathConfig> paths = List.of(
            new PathConfig(0, "isp1", "wan1", PathConfig.Role.PRIMARY, PathConfig.Mode.PASSTHROUGH, 0xC00002FE,
                0xC0000201, 0, 1, 0, new int[0], probed ? 0xCB007164 : 0),
            new PathConfig(1, "isp2", "wan2", PathConfig.Role.SECONDARY, PathConfig.Mode.NAT, 0xC6336402,
                0xC6336401, 0, 1, 0, new int[0], probed ? 0xCB007164 : 0));
        return new HealthAgent(paths, SETTINGS, ring, new HealthAgent.PathActions()
        {
            public void sendProbe(final int path, final int target, final int sequence)
            {
                actions.add("probe " + path + " " + sequence);
                if (0 == path)
                {
                    events.probeReply(path, sequence, 5 * MS);
                }
            }

            public void stateChanged(final int path, final byte oldState, final byte newState, final int reason)
            {
                actions.add("state " + path + " " + newState);
            }

            public void stripsMptcp(final int path, final boolean strip)
            {
                actions.add("strip " + path + " " + strip);
            }
        }, () -> now, ports, out, in, counters);
    }

    @AfterEach
    void tearDown()
    {
        counters.close();
    }

    @Test
    void shouldTakeUnansweredPathDownWithinThreeSecondsAndKeepAnsweredOneUp()
    {
        final HealthAgent agent = agent(true);
        long downAt = -1;
        final long start = now;
        for (int t = 0; t < 400 && downAt < 0; t++)
        {
            agent.doWork();
            if (actions.contains("state 1 " + PathTable.DOWN))
            {
                downAt = now;
            }
            now += 10 * MS;
        }
        assertTrue(downAt > 0);
        assertTrue(downAt - start <= 3000 * MS, "detection " + (downAt - start) / MS + " ms");
        assertEquals(PathTable.UP, agent.state(0));
        assertEquals(1, counters.sum(CounterType.PATH_STATE_CHANGES, "path=isp2"));
        assertEquals(0, counters.sum(CounterType.PATH_STATE, "path=isp2"));
    }

    @Test
    void shouldFlagPathThatStripsMptcpAfterThreeAnswers()
    {
        final HealthAgent agent = agent(false);
        events.mptcpAnswer(0, true);
        events.mptcpAnswer(1, false);
        events.mptcpAnswer(1, false);
        agent.doWork();
        assertTrue(actions.stream().noneMatch((a) -> a.startsWith("strip")));
        events.mptcpAnswer(1, false);
        agent.doWork();
        assertTrue(actions.contains("strip 1 true"));
        assertEquals(1, counters.sum(CounterType.PATH_MPTCP_STRIPPED, "path=isp2"));
        now += 61_000 * MS;
        agent.doWork();
        assertTrue(actions.contains("strip 1 false"), "re-checked after health.strip-recheck");
    }

    @Test
    void shouldNotFlagWhenNoPathKeepsMptcp()
    {
        final HealthAgent agent = agent(false);
        for (int i = 0; i < 5; i++)
        {
            events.mptcpAnswer(1, false);
        }
        agent.doWork();
        assertTrue(actions.stream().noneMatch((a) -> a.startsWith("strip")), "the server may not speak MPTCP");
    }

    @Test
    void shouldUsePassiveSignalsAndCarrierWithoutProbes()
    {
        final HealthAgent agent = agent(false);
        agent.doWork();
        for (int t = 0; t < 300; t++)
        {
            out[1].increment();
            now += 10 * MS;
            agent.doWork();
        }
        assertTrue(actions.contains("state 1 " + PathTable.DOWN), "outbound without return traffic");
        ports[0].carrier(false);
        agent.doWork();
        assertTrue(actions.contains("state 0 " + PathTable.DOWN), "lost carrier");
    }
}

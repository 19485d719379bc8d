package org.mptcpgw.nat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.nat.NatFixtures.MINUTE_NS;
import static org.mptcpgw.nat.NatFixtures.T0_NS;

/**
 * Random sequences of outbound creates, inbound packets, refreshes, removals and clock advances against a simple
 * reference model kept in HashMaps (updated from the listener for expiries): the table never loses or duplicates
 * a session, every live session is found in both directions after any removals, mappings are endpoint-independent
 * and never share an outside endpoint, and the counters agree.
 */
class NatSessionTablePropertyTest
{
    private static final int[] PROTOCOLS = {NatProtocol.TCP, NatProtocol.UDP};
    private static final int[] HOSTS = {0xC0000264, 0xC0000265, 0xC0000266};
    private static final int[] INSIDE_PORTS = {40001, 40002, 50000};
    private static final int[] REMOTES = {0xC6336407, 0xCB00710B, 0xCB00712A};
    private static final int[] REMOTE_PORTS = {443, 8080};
    private static final int[] OUTSIDE = {0xC6336401, 0xCB007101};

    record Flow(int path, int protocol, int insideIp, int insidePort, int remoteIp, int remotePort)
    {
        boolean sameFlowOnAnyPath(final Flow other)
        {
            return protocol == other.protocol && insideIp == other.insideIp && insidePort == other.insidePort &&
                remoteIp == other.remoteIp && remotePort == other.remotePort;
        }
    }

    record Mapping(int path, int protocol, int insideIp, int insidePort)
    {
    }

    private final Map<Flow, Integer> model = new HashMap<>();
    private final Map<Flow, Boolean> passThrough = new HashMap<>();
    private final List<Flow> everSeen = new ArrayList<>();
    private NatSessionTable table;

    @Property(tries = 200)
    void shouldAgreeWithAReferenceModel(
        @ForAll("operations") final List<Integer> operations,
        @ForAll("filtering") final FilteringMode filtering)
    {
        model.clear();
        passThrough.clear();
        everSeen.clear();
        final NatConfig config = NatConfig.builder()
            .randomSeed(operations.size())
            .sessionCapacity(40)
            .hostQuota(4)
            .filtering(filtering)
            .portRange(NatProtocol.TCP, 40000, 40011)
            .portRange(NatProtocol.UDP, 40000, 40005)
            .natAddresses(0, OUTSIDE[0])
            .natAddresses(1, OUTSIDE[1])
            .build();
        table = new NatSessionTable(config, new ModelListener(), T0_NS);
        long nowNs = T0_NS;

        for (final int op : operations)
        {
            final int path = (op >>> 3) & 1;
            final int protocol = PROTOCOLS[(op >>> 4) & 1];
            final int host = HOSTS[((op >>> 5) & 3) % 3];
            final int insidePort = INSIDE_PORTS[((op >>> 7) & 3) % 3];
            final int remote = REMOTES[((op >>> 9) & 3) % 3];
            final int remotePort = REMOTE_PORTS[(op >>> 11) & 1];
            final int pick = op >>> 12;
            switch (op & 7)
            {
                case 0:
                case 1:
                case 2:
                    createOutbound(new Flow(path, protocol, host, insidePort, remote, remotePort), 2 == (op & 7),
                        nowNs);
                    break;
                case 3:
                    inbound(path, protocol, pick, remote, remotePort, nowNs);
                    break;
                case 4:
                    removeSome(pick);
                    break;
                case 5:
                    refreshSome(pick, nowNs);
                    break;
                default:
                    nowNs += (pick % 7) * MINUTE_NS;
                    NatFixtures.expire(table, nowNs);
                    break;
            }
        }
        checkInvariants();
    }

    private void createOutbound(final Flow flow, final boolean pass, final long nowNs)
    {
        everSeen.add(flow);
        Integer before = null;
        for (final Map.Entry<Flow, Integer> e : model.entrySet())
        {
            // A flow lives on one path at a time: creating it on another path returns the live session.
            if (e.getKey().sameFlowOnAnyPath(flow))
            {
                before = e.getValue();
            }
        }
        final int s = table.createOutbound(flow.path, flow.protocol, flow.insideIp, flow.insidePort, flow.remoteIp,
            flow.remotePort, pass, nowNs);
        if (null != before)
        {
            assertEquals((int)before, s, "existing session returned");
            return;
        }
        if (s >= 0)
        {
            assertFalse(model.containsValue(s), "index " + s + " handed out twice");
            model.put(flow, s);
            passThrough.put(flow, pass);
            table.onPacket(s, FlowDirection.OUTBOUND, NatProtocol.TCP == flow.protocol ? TcpFlags.SYN : 0, nowNs);
        }
        else
        {
            assertTrue(s == NatRefusal.MAX_SESSIONS || s == NatRefusal.OUT_OF_PORTS || s == NatRefusal.HOST_QUOTA ||
                s == NatRefusal.CONFLICT, NatRefusal.name(s));
            if (NatRefusal.MAX_SESSIONS == s)
            {
                assertEquals(40, model.size());
            }
        }
    }

    private void inbound(final int path, final int protocol, final int pick, final int remote, final int remotePort,
        final long nowNs)
    {
        final int port = 40000 + pick % 12;
        final int s = table.inbound(path, protocol, OUTSIDE[path], port, remote, remotePort, TcpFlags.SYN, nowNs);
        final int head = table.lookupMappingByOutside(path, protocol, OUTSIDE[path], port);
        if (s >= 0)
        {
            final Flow flow = new Flow(path, protocol, table.insideIp(s), table.insidePort(s), remote, remotePort);
            everSeen.add(flow);
            final Integer known = model.get(flow);
            if (null == known)
            {
                assertTrue(table.isInboundInitiated(s));
                assertTrue(head >= 0);
                assertFalse(model.containsValue(s), "index " + s + " handed out twice");
                model.put(flow, s);
                passThrough.put(flow, false);
            }
            else
            {
                assertEquals((int)known, s);
            }
        }
        else
        {
            assertTrue(s == NatRefusal.NO_SESSION || s == NatRefusal.FILTERED || s == NatRefusal.MAX_SESSIONS,
                NatRefusal.name(s));
            if (head < 0)
            {
                assertEquals(NatRefusal.NO_SESSION, s, "no mapping");
            }
            else if (NatRefusal.NO_SESSION == s)
            {
                final Flow wanted = new Flow(path, protocol, table.insideIp(head), table.insidePort(head),
                    remote, remotePort);
                boolean elsewhere = false;
                for (final Flow f : model.keySet())
                {
                    elsewhere |= f.sameFlowOnAnyPath(wanted) &&
                        (f.path != path || Boolean.TRUE.equals(passThrough.get(f)));
                }
                assertTrue(elsewhere, "NO_SESSION with a mapping only when the flow already lives untranslated or on " +
                    "another path");
            }
        }
    }

    private void removeSome(final int pick)
    {
        if (model.isEmpty())
        {
            return;
        }
        final List<Flow> flows = new ArrayList<>(model.keySet());
        flows.sort((a, b) -> Integer.compare(model.get(a), model.get(b)));
        final Flow victim = flows.get(pick % flows.size());
        assertTrue(table.remove(model.get(victim), SessionEndReason.REMOVED));
        assertFalse(model.containsKey(victim), "listener removed it from the model");
    }

    private void refreshSome(final int pick, final long nowNs)
    {
        if (model.isEmpty())
        {
            return;
        }
        final List<Integer> sessions = new ArrayList<>(model.values());
        sessions.sort(Integer::compare);
        final int s = sessions.get(pick % sessions.size());
        final int flags = NatProtocol.TCP == table.protocol(s) ? (0 == (pick & 1) ? TcpFlags.SYN | TcpFlags.ACK :
            TcpFlags.ACK) : 0;
        table.onPacket(s, 0 == (pick & 2) ? FlowDirection.INBOUND : FlowDirection.OUTBOUND, flags, nowNs);
    }

    private void checkInvariants()
    {
        assertEquals(model.size(), table.size());
        assertEquals(model.size(), table.index(0).size());
        assertEquals(model.size(), table.index(1).size());
        final Map<Mapping, long[]> mappings = new HashMap<>();
        final Map<Mapping, Integer> refs = new HashMap<>();
        final Set<Long> outsideEndpoints = new HashSet<>();
        final int[] sessionsOnPath = new int[2];
        for (final Map.Entry<Flow, Integer> e : model.entrySet())
        {
            final Flow f = e.getKey();
            final int s = e.getValue();
            assertTrue(table.isLive(s));
            sessionsOnPath[f.path]++;
            assertEquals(s, table.lookupOutbound(f.path, f.protocol, f.insideIp, f.insidePort, f.remoteIp,
                f.remotePort), f.toString());
            assertEquals(s, table.lookupInbound(f.path, f.protocol, table.outsideIp(s), table.outsidePort(s),
                f.remoteIp, f.remotePort), f.toString());
            assertEquals(f.insideIp, table.insideIp(s));
            assertEquals(f.insidePort, table.insidePort(s));
            assertEquals(f.remoteIp, table.remoteIp(s));
            assertEquals(f.remotePort, table.remotePort(s));
            assertEquals(passThrough.get(f), table.isPassThrough(s));
            if (table.isPassThrough(s))
            {
                assertEquals(f.insideIp, table.outsideIp(s));
                assertEquals(f.insidePort, table.outsidePort(s));
                continue;
            }
            assertEquals(OUTSIDE[f.path], table.outsideIp(s));
            final Mapping m = new Mapping(f.path, f.protocol, f.insideIp, f.insidePort);
            final long[] outside = {table.outsideIp(s), table.outsidePort(s)};
            final long[] previous = mappings.putIfAbsent(m, outside);
            if (null != previous)
            {
                assertEquals(previous[1], outside[1], "endpoint-independent mapping for " + m);
            }
            else
            {
                assertTrue(outsideEndpoints.add(((long)f.path << 48) | ((long)f.protocol << 40) |
                    ((long)table.outsidePort(s) << 32) | (table.outsideIp(s) & 0xFFFF_FFFFL)), "port overloading");
            }
            refs.merge(m, 1, Integer::sum);
        }
        for (final Map.Entry<Mapping, Integer> e : refs.entrySet())
        {
            final Mapping m = e.getKey();
            final int head = table.lookupMappingByInside(m.path, m.protocol, m.insideIp, m.insidePort);
            assertTrue(head >= 0, m.toString());
            assertEquals((int)e.getValue(), table.mappingSessionCount(head), m.toString());
        }
        assertEquals(refs.size(), table.index(2).size());
        assertEquals(refs.size(), table.index(3).size());
        for (int path = 0; path < 2; path++)
        {
            assertEquals(sessionsOnPath[path], table.sessionsOnPath(path));
            int mappingsOnPath = 0;
            for (final int protocol : PROTOCOLS)
            {
                final int p = path;
                final long count = refs.keySet().stream().filter(m -> m.path == p && m.protocol == protocol).count();
                assertEquals(count, table.portsInUse(path, protocol));
                mappingsOnPath += (int)count;
            }
            assertEquals(mappingsOnPath, table.mappingsOnPath(path));
        }
        for (int i = 0; i < 4; i++)
        {
            assertEquals(-1, table.index(i).firstUnreachableSlot(), "index " + i);
        }
        assertEquals(model.size(), table.timers().timerCount(), "one timer per session");
        checkBatchLookups();
        for (final Flow f : everSeen)
        {
            if (!model.containsKey(f))
            {
                assertEquals(NatRefusal.MISS, table.lookupOutbound(f.path, f.protocol, f.insideIp, f.insidePort,
                    f.remoteIp, f.remotePort), "gone: " + f);
            }
        }
    }

    private void checkBatchLookups()
    {
        final SessionLookupBatch outbound = new SessionLookupBatch(everSeen.size());
        final SessionLookupBatch inbound = new SessionLookupBatch(everSeen.size());
        final int[] expectedInbound = new int[everSeen.size()];
        for (int i = 0; i < everSeen.size(); i++)
        {
            final Flow f = everSeen.get(i);
            outbound.add(f.path, f.protocol, f.insideIp, f.insidePort, f.remoteIp, f.remotePort);
            final Integer s = model.get(f);
            final int outsideIp = null == s ? OUTSIDE[f.path] : table.outsideIp(s);
            final int outsidePort = null == s ? 40000 + i % 12 : table.outsidePort(s);
            inbound.add(f.path, f.protocol, outsideIp, outsidePort, f.remoteIp, f.remotePort);
            expectedInbound[i] = table.lookupInbound(f.path, f.protocol, outsideIp, outsidePort, f.remoteIp,
                f.remotePort);
        }
        table.lookupOutbound(outbound);
        table.lookupInbound(inbound);
        for (int i = 0; i < everSeen.size(); i++)
        {
            final Flow f = everSeen.get(i);
            // Outbound lookups find a flow on whichever path it lives.
            assertEquals(table.lookupOutbound(f.protocol, f.insideIp, f.insidePort, f.remoteIp, f.remotePort),
                outbound.session(i), "batch outbound " + i);
            assertEquals(expectedInbound[i], inbound.session(i), "batch inbound " + i);
        }
    }

    @Provide
    Arbitrary<List<Integer>> operations()
    {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(300);
    }

    @Provide
    Arbitrary<FilteringMode> filtering()
    {
        return Arbitraries.of(FilteringMode.class);
    }

    private final class ModelListener implements SessionListener
    {
        public void onSessionCreated(final NatSessionTable t, final int session)
        {
            assertTrue(t.isLive(session));
        }

        public void onSessionEnded(final NatSessionTable t, final int session, final SessionEndReason reason)
        {
            final Flow flow = new Flow(t.path(session), t.protocol(session), t.insideIp(session),
                t.insidePort(session), t.remoteIp(session), t.remotePort(session));
            final Integer s = model.remove(flow);
            assertNotNull(s, "ended a session the model does not know: " + flow);
            assertEquals((int)s, session);
            assertTrue(Objects.nonNull(reason));
        }
    }
}

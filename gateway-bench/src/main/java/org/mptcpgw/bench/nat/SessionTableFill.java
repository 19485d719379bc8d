package org.mptcpgw.bench.nat;

import java.util.SplittableRandom;

import org.mptcpgw.nat.FlowDirection;
import org.mptcpgw.nat.NatConfig;
import org.mptcpgw.nat.NatProtocol;
import org.mptcpgw.nat.NatRefusal;
import org.mptcpgw.nat.NatSessionTable;
import org.mptcpgw.nat.SessionListener;
import org.mptcpgw.nat.TcpFlags;

/**
 * Builds a table full of established TCP sessions for the benchmark and the footprint measurement: 16 paths with
 * one outside address each (198.51.100.1-16), 256 inside hosts (192.0.2.0/24), each session its own mapping (the
 * worst case for memory: as many mappings as sessions), remotes in 203.0.113.0/24 port 443. Documentation
 * addresses only.
 */
public final class SessionTableFill
{
    /** Paths used: 16, the maximum, so 16 x 64512 outside ports can hold a million TCP mappings. */
    public static final int PATHS = 16;
    /** Inside hosts. */
    public static final int HOSTS = 256;

    private static final int INSIDE_NET = 0xC0000200;
    private static final int OUTSIDE_NET = 0xC6336400;
    private static final int REMOTE_NET = 0xCB007100;
    private static final int REMOTE_PORT = 443;

    private SessionTableFill()
    {
    }

    /**
     * @param capacity session capacity.
     * @param seed     random seed.
     * @return the configuration used.
     */
    public static NatConfig config(final int capacity, final long seed)
    {
        final NatConfig.Builder builder = NatConfig.builder().sessionCapacity(capacity).randomSeed(seed);
        for (int p = 0; p < PATHS; p++)
        {
            builder.natAddresses(p, OUTSIDE_NET + 1 + p);
        }
        return builder.build();
    }

    /**
     * @param capacity session capacity.
     * @param nowNs    clock.
     * @return an empty table.
     */
    public static NatSessionTable emptyTable(final int capacity, final long nowNs)
    {
        return new NatSessionTable(config(capacity, 0x5EEDL), SessionListener.NO_OP, nowNs);
    }

    /**
     * Create sessions {@code 0..count-1} (deterministic tuples) and take each through the handshake.
     *
     * @param table table to fill.
     * @param count sessions to create.
     * @param nowNs clock.
     * @return session index of each created tuple, by tuple number.
     */
    public static int[] fill(final NatSessionTable table, final int count, final long nowNs)
    {
        final int[] sessions = new int[count];
        for (int i = 0; i < count; i++)
        {
            final int s = table.createOutbound(path(i), NatProtocol.TCP, insideIp(i), insidePort(i), remoteIp(i),
                REMOTE_PORT, false, nowNs);
            if (s < 0)
            {
                throw new IllegalStateException("fill refused at " + i + ": " + NatRefusal.name(s));
            }
            table.onPacket(s, FlowDirection.OUTBOUND, TcpFlags.SYN, nowNs);
            table.onPacket(s, FlowDirection.INBOUND, TcpFlags.SYN | TcpFlags.ACK, nowNs);
            sessions[i] = s;
        }
        return sessions;
    }

    /**
     * @param i tuple number.
     * @return its path.
     */
    public static int path(final int i)
    {
        return (i / HOSTS) % PATHS;
    }

    /**
     * @param i tuple number.
     * @return its inside address.
     */
    public static int insideIp(final int i)
    {
        return INSIDE_NET + (i % HOSTS);
    }

    /**
     * @param i tuple number.
     * @return its inside port.
     */
    public static int insidePort(final int i)
    {
        return 1024 + i / HOSTS;
    }

    /**
     * @param i tuple number.
     * @return its remote address.
     */
    public static int remoteIp(final int i)
    {
        return REMOTE_NET + 1 + (i % 200);
    }

    /**
     * @return the remote port of every tuple.
     */
    public static int remotePort()
    {
        return REMOTE_PORT;
    }

    /**
     * @param count  values.
     * @param bound  exclusive upper bound.
     * @param random source.
     * @return random ints in [0, bound).
     */
    public static int[] randomIndexes(final int count, final int bound, final SplittableRandom random)
    {
        final int[] out = new int[count];
        for (int i = 0; i < count; i++)
        {
            out[i] = random.nextInt(bound);
        }
        return out;
    }
}

package org.mptcpgw.nat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Immutable configuration of one worker's {@link NatSessionTable}. Build it with {@link #builder()}; every value
 * has a default that conforms to RFC 4787, RFC 5382, RFC 5508 and RFC 7857, and {@link Builder#build()} rejects
 * values that would break a MUST of those documents (unless {@link Builder#rfcMinimumsEnforced(boolean)} is turned
 * off for a lab). Units are in the names. The gateway maps its {@code nat.*} properties onto the builder (see
 * {@code docs/nat.md}).
 */
public final class NatConfig
{
    /** Largest session capacity: a session index plus one must fit the 24 index bits of a hash slot. */
    public static final int MAX_SESSION_CAPACITY = (1 << 24) - 1;
    /** Largest number of paths. */
    public static final int MAX_PATHS = 16;
    /** Largest number of outside addresses in one path's pool. */
    public static final int MAX_ADDRESSES_PER_PATH = 256;

    /** Default capacity, as {@code nat.max-sessions}. */
    public static final int DEFAULT_SESSION_CAPACITY = 1 << 18;
    /** Default mappings one inside host may hold on one path, as {@code nat.host-quota}. */
    public static final int DEFAULT_HOST_QUOTA = 8192;
    /** Default number of (path, inside host) pairs the quota table holds. */
    public static final int DEFAULT_HOST_TABLE_CAPACITY = 65536;
    /** Default first outside port (RFC 4787 section 4.2.1 range 1024-65535). */
    public static final int DEFAULT_FIRST_PORT = 1024;
    /** Default last outside port. */
    public static final int DEFAULT_LAST_PORT = 65535;

    /** RFC 5382 REQ-5: established connection idle-timeout MUST NOT be less than 2 hours 4 minutes. */
    public static final long MIN_TCP_ESTABLISHED_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(124);
    /** RFC 4787 REQ-5: a UDP mapping timer MUST NOT expire in less than two minutes. */
    public static final long MIN_UDP_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(2);
    /** RFC 5508 REQ-2: an ICMP Query session timer MUST NOT expire in less than 60 seconds. */
    public static final long MIN_ICMP_ECHO_IDLE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    /** Default established idle timeout: the RFC 5382 minimum, 2 h 4 min (long enough for idle MPTCP backups). */
    public static final long DEFAULT_TCP_ESTABLISHED_IDLE_TIMEOUT_NS = MIN_TCP_ESTABLISHED_IDLE_TIMEOUT_NS;
    /** Default opening (transitory) idle timeout, 4 min (RFC 5382 REQ-5, RFC 7857 section 2.1). */
    public static final long DEFAULT_TCP_OPENING_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(4);
    /** Default closing (transitory) idle timeout, 4 min (RFC 5382 REQ-5, RFC 7857 section 2.1). */
    public static final long DEFAULT_TCP_CLOSING_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(4);
    /** Default time a session is kept after a RST, 4 min (RFC 7857 section 2.2). */
    public static final long DEFAULT_TCP_RST_LINGER_NS = TimeUnit.MINUTES.toNanos(4);
    /** Default UDP idle timeout, 5 min (RFC 4787 REQ-5c recommends five minutes or more). */
    public static final long DEFAULT_UDP_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    /** Default ICMP echo idle timeout, 60 s (RFC 5508 REQ-2 minimum). */
    public static final long DEFAULT_ICMP_ECHO_IDLE_TIMEOUT_NS = MIN_ICMP_ECHO_IDLE_TIMEOUT_NS;

    /** Default timer wheel tick: 2^30 ns (about 1.07 s); a power of two as the wheel requires. */
    public static final long DEFAULT_TIMER_TICK_NS = 1L << 30;
    /** Default spokes of the timer wheel. Few spokes spread timers evenly whatever their deadlines. */
    public static final int DEFAULT_TIMER_TICKS_PER_WHEEL = 64;

    private final int workerIndex;
    private final int workerCount;
    private final int sessionCapacity;
    private final int hostQuota;
    private final int hostTableCapacity;
    private final FilteringMode filtering;
    private final int[] firstPort;
    private final int[] lastPort;
    private final boolean udpPortParityPreserved;
    private final boolean inboundRefresh;
    private final long tcpEstablishedIdleTimeoutNs;
    private final long tcpOpeningIdleTimeoutNs;
    private final long tcpClosingIdleTimeoutNs;
    private final long tcpRstLingerNs;
    private final long udpIdleTimeoutNs;
    private final long icmpEchoIdleTimeoutNs;
    private final int[][] natAddresses;
    private final long timerTickNs;
    private final int timerTicksPerWheel;
    private final long randomSeed;

    private NatConfig(final Builder b)
    {
        workerIndex = b.workerIndex;
        workerCount = b.workerCount;
        sessionCapacity = b.sessionCapacity;
        hostQuota = b.hostQuota;
        hostTableCapacity = b.hostTableCapacity;
        filtering = b.filtering;
        firstPort = b.firstPort.clone();
        lastPort = b.lastPort.clone();
        udpPortParityPreserved = b.udpPortParityPreserved;
        inboundRefresh = b.inboundRefresh;
        tcpEstablishedIdleTimeoutNs = b.tcpEstablishedIdleTimeoutNs;
        tcpOpeningIdleTimeoutNs = b.tcpOpeningIdleTimeoutNs;
        tcpClosingIdleTimeoutNs = b.tcpClosingIdleTimeoutNs;
        tcpRstLingerNs = b.tcpRstLingerNs;
        udpIdleTimeoutNs = b.udpIdleTimeoutNs;
        icmpEchoIdleTimeoutNs = b.icmpEchoIdleTimeoutNs;
        final int paths = Math.max(b.pathCount, b.natAddresses.length);
        natAddresses = new int[paths][];
        for (int p = 0; p < paths; p++)
        {
            final int[] a = p < b.natAddresses.length ? b.natAddresses[p] : null;
            natAddresses[p] = null == a ? new int[0] : a.clone();
        }
        timerTickNs = b.timerTickNs;
        timerTicksPerWheel = b.timerTicksPerWheel;
        randomSeed = b.randomSeed;
    }

    /**
     * @return a builder with every default set.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return index of the worker owning this table, 0..workerCount-1.
     */
    public int workerIndex()
    {
        return workerIndex;
    }

    /**
     * @return number of workers the port ranges are split between.
     */
    public int workerCount()
    {
        return workerCount;
    }

    /**
     * @return maximum number of live sessions (and so of mappings); memory is allocated once for it.
     */
    public int sessionCapacity()
    {
        return sessionCapacity;
    }

    /**
     * @return mappings one inside host may hold on one path.
     */
    public int hostQuota()
    {
        return hostQuota;
    }

    /**
     * @return number of (path, inside host) pairs with mappings the quota table can hold.
     */
    public int hostTableCapacity()
    {
        return hostTableCapacity;
    }

    /**
     * @return the filtering behaviour for inbound packets.
     */
    public FilteringMode filtering()
    {
        return filtering;
    }

    /**
     * @param protocol IP protocol number (TCP, UDP or ICMP).
     * @return first outside port (echo identifier for ICMP) of the whole range, before partitioning.
     */
    public int firstPort(final int protocol)
    {
        return firstPort[NatProtocol.index(protocol)];
    }

    /**
     * @param protocol IP protocol number (TCP, UDP or ICMP).
     * @return last outside port (inclusive) of the whole range, before partitioning.
     */
    public int lastPort(final int protocol)
    {
        return lastPort[NatProtocol.index(protocol)];
    }

    /**
     * @param protocol IP protocol number.
     * @return first port of this worker's slice of the range.
     */
    public int sliceFirstPort(final int protocol)
    {
        return PortPartition.sliceFirst(workerIndex, firstPort(protocol), lastPort(protocol), workerCount);
    }

    /**
     * @param protocol IP protocol number.
     * @return last port (inclusive) of this worker's slice of the range.
     */
    public int sliceLastPort(final int protocol)
    {
        return PortPartition.sliceLast(workerIndex, firstPort(protocol), lastPort(protocol), workerCount);
    }

    /**
     * Which worker owns an outside port: any thread may call this to hand return traffic to its owner.
     *
     * @param protocol IP protocol number.
     * @param port     outside port or echo identifier.
     * @return owning worker index, or -1 when the port is outside the protocol's range or the protocol unknown.
     */
    public int ownerOf(final int protocol, final int port)
    {
        final int i = NatProtocol.index(protocol);
        return i < 0 ? -1 : PortPartition.ownerOf(port, firstPort[i], lastPort[i], workerCount);
    }

    /**
     * @return true when a UDP port that cannot be preserved is replaced by one of the same parity (RFC 4787 REQ-4).
     */
    public boolean udpPortParityPreserved()
    {
        return udpPortParityPreserved;
    }

    /**
     * @return true when inbound packets refresh a session as outbound ones always do (RFC 4787 REQ-6a: MAY).
     */
    public boolean inboundRefresh()
    {
        return inboundRefresh;
    }

    /**
     * @return idle timeout of established TCP sessions.
     */
    public long tcpEstablishedIdleTimeoutNs()
    {
        return tcpEstablishedIdleTimeoutNs;
    }

    /**
     * @return idle timeout of TCP sessions that are opening (transitory).
     */
    public long tcpOpeningIdleTimeoutNs()
    {
        return tcpOpeningIdleTimeoutNs;
    }

    /**
     * @return idle timeout of TCP sessions after a FIN (transitory).
     */
    public long tcpClosingIdleTimeoutNs()
    {
        return tcpClosingIdleTimeoutNs;
    }

    /**
     * @return how long a TCP session is kept, still translating, after a RST with no further packet.
     */
    public long tcpRstLingerNs()
    {
        return tcpRstLingerNs;
    }

    /**
     * @return idle timeout of UDP sessions.
     */
    public long udpIdleTimeoutNs()
    {
        return udpIdleTimeoutNs;
    }

    /**
     * @return idle timeout of ICMP echo sessions.
     */
    public long icmpEchoIdleTimeoutNs()
    {
        return icmpEchoIdleTimeoutNs;
    }

    /**
     * @return number of paths (indexes 0..pathCount-1).
     */
    public int pathCount()
    {
        return natAddresses.length;
    }

    /**
     * @param path path index.
     * @return copy of the path's outside addresses (network-order ints); empty for a path without NAT.
     */
    public int[] natAddresses(final int path)
    {
        return natAddresses[path].clone();
    }

    int natAddressCount(final int path)
    {
        return natAddresses[path].length;
    }

    int natAddress(final int path, final int i)
    {
        return natAddresses[path][i];
    }

    /**
     * @return timer wheel tick in nanoseconds (a power of two).
     */
    public long timerTickNs()
    {
        return timerTickNs;
    }

    /**
     * @return spokes of the timer wheel (a power of two).
     */
    public int timerTicksPerWheel()
    {
        return timerTicksPerWheel;
    }

    /**
     * @return seed of the port randomisation and of the hash functions.
     */
    public long randomSeed()
    {
        return randomSeed;
    }

    /**
     * @param protocol IP protocol number.
     * @param phase    phase code of {@link SessionState}.
     * @return idle timeout of a session of that protocol in that phase.
     */
    public long idleTimeoutNs(final int protocol, final int phase)
    {
        switch (phase)
        {
            case SessionState.TCP_OPENING:
                return tcpOpeningIdleTimeoutNs;
            case SessionState.TCP_ESTABLISHED:
                return tcpEstablishedIdleTimeoutNs;
            case SessionState.TCP_CLOSING:
            case SessionState.TCP_CLOSED:
                return tcpClosingIdleTimeoutNs;
            case SessionState.TCP_RESET:
                return tcpRstLingerNs;
            default:
                return NatProtocol.ICMP == protocol ? icmpEchoIdleTimeoutNs : udpIdleTimeoutNs;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("NatConfig{worker=").append(workerIndex).append('/')
            .append(workerCount).append(", sessionCapacity=").append(sessionCapacity)
            .append(", hostQuota=").append(hostQuota).append(", filtering=").append(filtering);
        for (int i = 0; i < NatProtocol.COUNT; i++)
        {
            sb.append(", ").append(NatProtocol.name(NatProtocol.protocol(i))).append("Ports=")
                .append(firstPort[i]).append('-').append(lastPort[i]);
        }
        sb.append(", udpParity=").append(udpPortParityPreserved).append(", inboundRefresh=").append(inboundRefresh)
            .append(", tcpEstablishedNs=").append(tcpEstablishedIdleTimeoutNs)
            .append(", tcpOpeningNs=").append(tcpOpeningIdleTimeoutNs)
            .append(", tcpClosingNs=").append(tcpClosingIdleTimeoutNs)
            .append(", tcpRstLingerNs=").append(tcpRstLingerNs)
            .append(", udpNs=").append(udpIdleTimeoutNs).append(", icmpNs=").append(icmpEchoIdleTimeoutNs)
            .append(", paths=").append(natAddresses.length).append('}');
        return sb.toString();
    }

    /**
     * Mutable builder; setters return this. Not thread-safe; build once at start.
     */
    public static final class Builder
    {
        private int workerIndex = 0;
        private int workerCount = 1;
        private int sessionCapacity = DEFAULT_SESSION_CAPACITY;
        private int hostQuota = DEFAULT_HOST_QUOTA;
        private int hostTableCapacity = DEFAULT_HOST_TABLE_CAPACITY;
        private FilteringMode filtering = FilteringMode.ENDPOINT_INDEPENDENT;
        private final int[] firstPort = {DEFAULT_FIRST_PORT, DEFAULT_FIRST_PORT, DEFAULT_FIRST_PORT};
        private final int[] lastPort = {DEFAULT_LAST_PORT, DEFAULT_LAST_PORT, DEFAULT_LAST_PORT};
        private boolean udpPortParityPreserved = true;
        private boolean inboundRefresh = true;
        private long tcpEstablishedIdleTimeoutNs = DEFAULT_TCP_ESTABLISHED_IDLE_TIMEOUT_NS;
        private long tcpOpeningIdleTimeoutNs = DEFAULT_TCP_OPENING_IDLE_TIMEOUT_NS;
        private long tcpClosingIdleTimeoutNs = DEFAULT_TCP_CLOSING_IDLE_TIMEOUT_NS;
        private long tcpRstLingerNs = DEFAULT_TCP_RST_LINGER_NS;
        private long udpIdleTimeoutNs = DEFAULT_UDP_IDLE_TIMEOUT_NS;
        private long icmpEchoIdleTimeoutNs = DEFAULT_ICMP_ECHO_IDLE_TIMEOUT_NS;
        private boolean rfcMinimumsEnforced = true;
        private int pathCount = 1;
        private int[][] natAddresses = new int[0][];
        private long timerTickNs = DEFAULT_TIMER_TICK_NS;
        private int timerTicksPerWheel = DEFAULT_TIMER_TICKS_PER_WHEEL;
        private long randomSeed = new SecureRandom().nextLong();

        private Builder()
        {
        }

        /**
         * @param index worker index, 0..count-1.
         * @param count number of workers sharing the port ranges.
         * @return this for a fluent API.
         */
        public Builder worker(final int index, final int count)
        {
            workerIndex = index;
            workerCount = count;
            return this;
        }

        /**
         * @param sessions maximum live sessions, 1..{@link #MAX_SESSION_CAPACITY}.
         * @return this for a fluent API.
         */
        public Builder sessionCapacity(final int sessions)
        {
            sessionCapacity = sessions;
            return this;
        }

        /**
         * @param mappings mappings one inside host may hold on one path.
         * @return this for a fluent API.
         */
        public Builder hostQuota(final int mappings)
        {
            hostQuota = mappings;
            return this;
        }

        /**
         * @param pairs (path, inside host) pairs the quota table holds; capped at the session capacity.
         * @return this for a fluent API.
         */
        public Builder hostTableCapacity(final int pairs)
        {
            hostTableCapacity = pairs;
            return this;
        }

        /**
         * @param mode filtering behaviour.
         * @return this for a fluent API.
         */
        public Builder filtering(final FilteringMode mode)
        {
            filtering = mode;
            return this;
        }

        /**
         * @param first first outside port of every protocol.
         * @param last  last outside port (inclusive) of every protocol.
         * @return this for a fluent API.
         */
        public Builder portRange(final int first, final int last)
        {
            Arrays.fill(firstPort, first);
            Arrays.fill(lastPort, last);
            return this;
        }

        /**
         * @param protocol IP protocol number (TCP, UDP or ICMP).
         * @param first    first outside port (echo identifier for ICMP).
         * @param last     last outside port (inclusive).
         * @return this for a fluent API.
         */
        public Builder portRange(final int protocol, final int first, final int last)
        {
            final int i = NatProtocol.index(protocol);
            if (i < 0)
            {
                throw new IllegalArgumentException("not a NAT protocol: " + protocol);
            }
            firstPort[i] = first;
            lastPort[i] = last;
            return this;
        }

        /**
         * @param preserved true to keep the parity of UDP ports that cannot be preserved (RFC 4787 REQ-4).
         * @return this for a fluent API.
         */
        public Builder udpPortParityPreserved(final boolean preserved)
        {
            udpPortParityPreserved = preserved;
            return this;
        }

        /**
         * @param refresh true when inbound packets refresh sessions too (RFC 4787 REQ-6a).
         * @return this for a fluent API.
         */
        public Builder inboundRefresh(final boolean refresh)
        {
            inboundRefresh = refresh;
            return this;
        }

        /**
         * @param timeoutNs established TCP idle timeout; at least 2 h 4 min when RFC minimums are enforced.
         * @return this for a fluent API.
         */
        public Builder tcpEstablishedIdleTimeoutNs(final long timeoutNs)
        {
            tcpEstablishedIdleTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param timeoutNs opening TCP idle timeout (RFC 7857 section 2.1 allows less than 4 min).
         * @return this for a fluent API.
         */
        public Builder tcpOpeningIdleTimeoutNs(final long timeoutNs)
        {
            tcpOpeningIdleTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param timeoutNs closing TCP idle timeout (RFC 7857 section 2.1 allows less than 4 min).
         * @return this for a fluent API.
         */
        public Builder tcpClosingIdleTimeoutNs(final long timeoutNs)
        {
            tcpClosingIdleTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param lingerNs time a session is kept after a RST with no further packet.
         * @return this for a fluent API.
         */
        public Builder tcpRstLingerNs(final long lingerNs)
        {
            tcpRstLingerNs = lingerNs;
            return this;
        }

        /**
         * @param timeoutNs UDP idle timeout; at least 2 min when RFC minimums are enforced.
         * @return this for a fluent API.
         */
        public Builder udpIdleTimeoutNs(final long timeoutNs)
        {
            udpIdleTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param timeoutNs ICMP echo idle timeout; at least 60 s when RFC minimums are enforced.
         * @return this for a fluent API.
         */
        public Builder icmpEchoIdleTimeoutNs(final long timeoutNs)
        {
            icmpEchoIdleTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param enforced false to accept timeouts below the RFC minimums (lab tests only).
         * @return this for a fluent API.
         */
        public Builder rfcMinimumsEnforced(final boolean enforced)
        {
            rfcMinimumsEnforced = enforced;
            return this;
        }

        /**
         * @param count number of paths (at least 1, at most {@link #MAX_PATHS}); raised to cover every path given
         *              addresses.
         * @return this for a fluent API.
         */
        public Builder pathCount(final int count)
        {
            pathCount = count;
            return this;
        }

        /**
         * @param path      path index.
         * @param addresses the path's outside addresses (network-order ints); none for a path without NAT.
         * @return this for a fluent API.
         */
        public Builder natAddresses(final int path, final int... addresses)
        {
            if (path < 0 || path >= MAX_PATHS)
            {
                throw new IllegalArgumentException("path index out of range: " + path);
            }
            if (path >= natAddresses.length)
            {
                natAddresses = Arrays.copyOf(natAddresses, path + 1);
            }
            natAddresses[path] = addresses.clone();
            return this;
        }

        /**
         * @param tickNs timer wheel tick, a power of two nanoseconds.
         * @return this for a fluent API.
         */
        public Builder timerTickNs(final long tickNs)
        {
            timerTickNs = tickNs;
            return this;
        }

        /**
         * @param ticks spokes of the timer wheel, a power of two.
         * @return this for a fluent API.
         */
        public Builder timerTicksPerWheel(final int ticks)
        {
            timerTicksPerWheel = ticks;
            return this;
        }

        /**
         * @param seed seed of port randomisation and hashing; fixed in tests, random by default.
         * @return this for a fluent API.
         */
        public Builder randomSeed(final long seed)
        {
            randomSeed = seed;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException when a value is out of range or breaks an RFC minimum.
         */
        public NatConfig build()
        {
            require(workerCount >= 1 && workerIndex >= 0 && workerIndex < workerCount,
                "worker index " + workerIndex + " of " + workerCount);
            require(sessionCapacity >= 1 && sessionCapacity <= MAX_SESSION_CAPACITY,
                "session capacity " + sessionCapacity);
            require(hostQuota >= 1, "host quota " + hostQuota);
            require(hostTableCapacity >= 1, "host table capacity " + hostTableCapacity);
            hostTableCapacity = Math.min(hostTableCapacity, sessionCapacity);
            require(null != filtering, "filtering");
            for (int i = 0; i < NatProtocol.COUNT; i++)
            {
                require(firstPort[i] >= 0 && firstPort[i] <= lastPort[i] && lastPort[i] <= 0xFFFF,
                    "port range " + firstPort[i] + "-" + lastPort[i]);
                require(lastPort[i] - firstPort[i] + 1 >= workerCount,
                    "port range " + firstPort[i] + "-" + lastPort[i] + " smaller than " + workerCount + " workers");
            }
            require(tcpEstablishedIdleTimeoutNs > 0 && tcpOpeningIdleTimeoutNs > 0 && tcpClosingIdleTimeoutNs > 0 &&
                tcpRstLingerNs > 0 && udpIdleTimeoutNs > 0 && icmpEchoIdleTimeoutNs > 0, "timeouts must be positive");
            if (rfcMinimumsEnforced)
            {
                require(tcpEstablishedIdleTimeoutNs >= MIN_TCP_ESTABLISHED_IDLE_TIMEOUT_NS,
                    "RFC 5382 REQ-5: established idle timeout must be at least 2h4m");
                require(udpIdleTimeoutNs >= MIN_UDP_IDLE_TIMEOUT_NS,
                    "RFC 4787 REQ-5: UDP idle timeout must be at least 2 min");
                require(icmpEchoIdleTimeoutNs >= MIN_ICMP_ECHO_IDLE_TIMEOUT_NS,
                    "RFC 5508 REQ-2: ICMP echo idle timeout must be at least 60 s");
            }
            require(pathCount >= 1 && pathCount <= MAX_PATHS, "path count " + pathCount);
            for (int p = 0; p < natAddresses.length; p++)
            {
                require(null == natAddresses[p] || natAddresses[p].length <= MAX_ADDRESSES_PER_PATH,
                    "too many addresses on path " + p);
            }
            require(timerTickNs > 0 && Long.bitCount(timerTickNs) == 1, "timer tick must be a power of two");
            require(timerTicksPerWheel > 0 && Integer.bitCount(timerTicksPerWheel) == 1,
                "timer ticks per wheel must be a power of two");
            return new NatConfig(this);
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }
}

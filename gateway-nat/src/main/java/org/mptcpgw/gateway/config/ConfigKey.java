package org.mptcpgw.gateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key, declared once: name (a {@code <name>} part marks a per-path template), type, default,
 * unit and meaning. The reference documentation ({@code docs/configuration.md}) is generated from this list and a
 * test keeps the two in step.
 *
 * @param name         key, e.g. {@code nat.udp.timeout} or {@code path.<name>.interface}.
 * @param type         value type.
 * @param defaultValue default as written in the file, or null when the key is required or optional without default.
 * @param required     true if the key must be present (for templates: for every path).
 * @param choices      allowed words for {@link ValueType#CHOICE}.
 * @param description  meaning, unit and why one would change it.
 */
public record ConfigKey(
    String name, ValueType type, String defaultValue, boolean required, List<String> choices, String description)
{
    /** The template marker in per-path keys. */
    public static final String PATH_PREFIX = "path.<name>.";

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();
    private static final Map<String, String> SECTIONS = new LinkedHashMap<>();
    private static String currentSection = "";

    static
    {
        section("Interfaces");
        key("lan.interface", ValueType.STRING, null, true,
            "Interface facing the LAN hosts (bump-in-the-wire side).");
        key("lan.router-mac", ValueType.MAC, null, false,
            "MAC address of the router the LAN hosts use (the primary path's router). Used as the source MAC of " +
            "translated return traffic so it reaches hosts as if from their usual router. Default: learned from " +
            "the destination MAC of the hosts' routed frames.");

        section("Paths (one block per uplink; <name> is a short label such as isp1)");
        key("path.<name>.interface", ValueType.STRING, null, true, "Interface of the uplink.");
        choice("path.<name>.role", "secondary", "primary,secondary,backup",
            "primary: the path the LAN's router sits on; frames between lan and it pass unchanged unless steered. " +
            "secondary: used for extra subflows and, if configured, plain flows. backup: used only when no primary " +
            "or secondary path is healthy, or for MP_JOINs with the backup flag. Exactly one path is primary.");
        choice("path.<name>.mode", null, "passthrough,nat",
            "passthrough: forward without translation (the far side routes the LAN prefix back); nat: source NAT " +
            "to the path's address. Default: passthrough for the primary path, nat otherwise.");
        key("path.<name>.address", ValueType.IPV4, null, false,
            "The gateway's own address on this uplink: NAT outside address, source of health probes, answered " +
            "in ARP. Required for nat paths; recommended for the primary path (probes, failover NAT).");
        key("path.<name>.next-hop", ValueType.IPV4, null, true, "The ISP router on this uplink.");
        key("path.<name>.next-hop-mac", ValueType.MAC, null, false,
            "Static MAC of the next hop; default: resolved by the gateway's own ARP.");
        key("path.<name>.weight", ValueType.INTEGER, "1", false,
            "Relative share of new subflows (and of plain flows with placement.plain-flows=weighted), 1-1000.");
        key("path.<name>.mtu", ValueType.INTEGER, "0", false,
            "Path MTU in bytes for MSS clamping and fragmentation-needed; 0 = the interface MTU.");
        key("path.<name>.sources", ValueType.IPV4_PREFIXES, null, false,
            "Draft section 2.1 mode: LAN source addresses pinned to this path (one host address per path), " +
            "for MPTCP and plain flows.");
        key("path.<name>.probe-target", ValueType.IPV4, null, false,
            "Address beyond the ISP that answers ICMP echo, probed through this path. Default: no active probe " +
            "(liveness from ARP and passive signals only).");

        section("Placement");
        choice("placement.initial-subflow", "primary", "primary,spread",
            "Where the initial subflow of an MPTCP connection (the MP_CAPABLE SYN) goes: the primary path, or " +
            "spread by weight like plain flows.");
        choice("placement.plain-flows", "primary", "primary,weighted",
            "Where non-MPTCP flows go: the primary path, or spread per flow by path weight.");
        choice("placement.subflows", "distinct", "distinct,hash",
            "distinct: the subflows of one connection go to distinct healthy paths first, then by weight and load. " +
            "hash: by a hash of the 5-tuple (stateless, ECMP-like).");
        choice("placement.join-while-path-down", "reset", "reset,double",
            "An MP_JOIN that could only go to a path its connection already uses, while another (non-backup) path " +
            "is down. reset: answer it with a reset (MP_TCPRST, transient) so the host's path manager (the host " +
            "agent) retries it and the subflow lands on the path once it is back; double: place it on a path the " +
            "connection already uses (it then stays there when the path returns).");

        section("NAT (RFC 4787, RFC 5382, RFC 5508, RFC 7857)");
        choice("nat.filtering", "endpoint-independent", "endpoint-independent,address-dependent",
            "Inbound filtering of a mapping (RFC 4787 section 5, RFC 5382 REQ-3).");
        key("nat.port-range", ValueType.PORT_RANGE, "1024-65535", false,
            "Outside ports (and ICMP echo identifiers) used for mappings, split evenly between workers.");
        key("nat.max-sessions", ValueType.INTEGER, "262144", false,
            "Capacity of the session table per worker; fixed at start (memory is allocated once).");
        key("nat.host-quota", ValueType.INTEGER, "8192", false,
            "Mappings one inside host may hold on one path, so that no host can exhaust a path's ports.");
        key("nat.tcp.established-timeout", ValueType.DURATION, "2h4m", false,
            "Idle timeout of established TCP sessions; RFC 5382 REQ-5 requires at least 2h4m. MPTCP backup " +
            "subflows can be idle for hours.");
        key("nat.tcp.opening-timeout", ValueType.DURATION, "4m", false,
            "Idle timeout while a TCP connection opens (RFC 7857 section 2.1, transitory, >= 4m recommended).");
        key("nat.tcp.closing-timeout", ValueType.DURATION, "4m", false,
            "Idle timeout after a FIN (RFC 7857 section 2.1, transitory).");
        key("nat.tcp.rst-linger", ValueType.DURATION, "4m", false,
            "How long a session is kept after a RST before it is removed (RFC 7857 section 2.2).");
        key("nat.udp.timeout", ValueType.DURATION, "5m", false,
            "UDP mapping timeout (RFC 4787 REQ-5: at least 2m, 5m or more recommended).");
        key("nat.icmp.timeout", ValueType.DURATION, "60s", false,
            "ICMP echo session timeout (RFC 5508 REQ-1: at least 60s).");
        key("nat.fragment-flows", ValueType.INTEGER, "1024", false,
            "Fragmented datagrams per worker whose later fragments (no ports) are translated with the session of " +
            "their first fragment; a full table replaces its oldest entry.");
        key("nat.fragment-hold", ValueType.INTEGER, "64", false,
            "Inbound later fragments per worker held while their first fragment, which carries the ports, is late " +
            "(out of order); 0 drops them.");
        key("nat.fragment-timeout", ValueType.DURATION, "15s", false,
            "How long after its first fragment the later fragments of a datagram are still translated " +
            "(RFC 791 section 3.2 suggests 15s).");
        key("nat.icmp-on-refusal", ValueType.BOOLEAN, "false", false,
            "Send ICMP destination unreachable, communication administratively prohibited (type 3 code 13) when " +
            "a session cannot be created (RFC 5508 section 3); default: drop silently.");

        section("MPTCP tracking");
        key("mptcp.max-connections", ValueType.INTEGER, "65536", false,
            "Capacity of the token table per worker; when full, new connections are not tracked (counted) and " +
            "their joins are placed by hash. A connection is forgotten when its last subflow closes, on " +
            "MP_FASTCLOSE, or when the session table expires its last subflow (nat.* idle timeouts).");

        section("Path health and failover");
        key("health.probe-interval", ValueType.DURATION, "500ms", false, "Interval between active probes of a path.");
        key("health.probe-timeout", ValueType.DURATION, "1s", false, "A probe not answered within this is lost.");
        key("health.down-after", ValueType.INTEGER, "3", false,
            "Consecutive lost probes (or failed ARP refreshes) that take a path down.");
        key("health.up-after", ValueType.INTEGER, "4", false,
            "Consecutive answered probes that bring a path back up.");
        key("health.degraded-loss-percent", ValueType.INTEGER, "20", false,
            "Loss over the last 10 probes at or above which an up path is degraded.");
        key("health.degraded-rtt", ValueType.DURATION, "250ms", false,
            "Probe round-trip time at or above which an up path is degraded.");
        key("health.hold-time", ValueType.DURATION, "3s", false,
            "Minimum time a path stays in a state before it may change again (hysteresis against flapping).");
        key("health.syn-timeout", ValueType.DURATION, "3s", false,
            "Passive signal: a SYN forwarded on a path that gets no SYN/ACK within this counts as unanswered.");
        key("health.silence-timeout", ValueType.DURATION, "2s", false,
            "Passive signal: outbound traffic continues but nothing comes back on the path for this long.");
        key("health.strip-threshold", ValueType.INTEGER, "3", false,
            "MP_CAPABLE SYNs answered without MP_CAPABLE on a path (while other paths answer with it) that flag " +
            "the path as stripping MPTCP.");
        key("health.strip-recheck", ValueType.DURATION, "10m", false,
            "A path flagged as stripping MPTCP is tried again for new subflows after this long.");
        key("failover.reset-subflows", ValueType.BOOLEAN, "true", false,
            "When a path goes down, reset its MPTCP subflows toward the host (RST with MP_TCPRST) so the host " +
            "moves their data to the surviving subflows at once.");

        section("Engine");
        key("engine.workers", ValueType.INTEGER, "1", false,
            "Forwarding workers. This release runs one worker (on one core, which on veth forwards as fast as the " +
            "kernel does); more need the cross-worker handoff of return traffic, not in this release.");
        choice("engine.threading", "dedicated", "dedicated,shared",
            "dedicated: one thread per worker plus one control thread; shared: everything on one thread.");
        choice("engine.idle", "poll", "poll,backoff,spin",
            "What an idle worker does: poll() on its ring descriptors (no CPU when idle, a syscall only when idle), " +
            "back off (spin, yield, park), or spin (lowest latency, one core always busy).");
        key("engine.batch-size", ValueType.INTEGER, "256", false, "Frames per batch (vector size).");
        key("engine.cpus", ValueType.INTEGER_LIST, null, false,
            "CPU to pin each worker to, in worker order; default: no pinning.");
        key("engine.stall-threshold", ValueType.DURATION, "10ms", false,
            "Duty cycles longer than this are counted as stalls.");
        choice("kernel.isolation", "nft", "nft,check,off",
            "nft: at start, drop transit frames at the kernel's netdev ingress of the gateway's interfaces, turn " +
            "off forwarding and IPv6 on them, and undo it at exit; check: refuse to start unless that is already " +
            "so; off: do nothing (lab debugging only).");

        section("Packet rings");
        choice("ring.rx-version", "v2", "v2,v3",
            "TPACKET_V2 (per-frame ownership, lowest latency at low rates) or TPACKET_V3 (block-based; adds up to " +
            "ring.rx-block-timeout of latency at low rates).");
        key("ring.rx-block-size", ValueType.SIZE, "1m", false,
            "Receive ring block size; the ring is rx-blocks blocks of this size, cut into 2 KiB frames (V2).");
        key("ring.rx-blocks", ValueType.INTEGER, "8", false, "Receive ring blocks per interface and worker.");
        key("ring.rx-block-timeout", ValueType.DURATION, "1ms", false, "Block retire timeout (V3).");
        choice("ring.tx-mode", "tx-ring", "tx-ring,send",
            "tx-ring: PACKET_TX_RING with one kick per batch; send: one send() per frame.");
        key("ring.tx-frames", ValueType.INTEGER, "1024", false,
            "Transmit ring slots (2 KiB) per interface and worker.");
        key("ring.qdisc-bypass", ValueType.BOOLEAN, "false", false,
            "PACKET_QDISC_BYPASS on transmit (faster; frames then bypass tc and are invisible to tcpdump on the " +
            "sending interface).");
        key("ring.vnet-header", ValueType.BOOLEAN, "true", false,
            "PACKET_VNET_HDR so GSO super-frames and partial checksums from veth/virtio pass through intact.");

        section("Metrics");
        key("metrics.enabled", ValueType.BOOLEAN, "true", false, "Serve /metrics, /health and /ready.");
        key("metrics.bind", ValueType.ENDPOINT, "127.0.0.1:9464", false,
            "Address and port of the metrics endpoint (loopback only by default).");

        section("Journal");
        key("journal.enabled", ValueType.BOOLEAN, "true", false, "Journal NAT and MPTCP events (Chronicle Queue).");
        key("journal.dir", ValueType.STRING, "/var/lib/mptcp-gateway/journal", false, "Journal directory.");
        choice("journal.roll-cycle", "daily", "hourly,daily", "How often the journal starts a new file.");
        key("journal.retention", ValueType.INTEGER, "7", false, "Journal files (roll cycles) kept; older are deleted.");
        key("journal.ring-size", ValueType.SIZE, "8m", false,
            "Ring between each worker (and the control thread) and the journal agent; when it is full, events are " +
            "counted as lost and forwarding goes on.");
        key("journal.warm-restart", ValueType.BOOLEAN, "true", false,
            "At start, rebuild live NAT sessions and MPTCP state from the journal.");

        section("ARP");
        key("arp.cache-size", ValueType.INTEGER, "1024", false, "Neighbour entries per worker (bounded).");
        key("arp.reachable-time", ValueType.DURATION, "60s", false,
            "Lifetime of a resolved entry; it is refreshed before it expires while in use.");
        key("arp.retry-interval", ValueType.DURATION, "1s", false, "Interval between ARP requests for an entry.");

        section("Run");
        key("run.dir", ValueType.STRING, "/run/mptcp-gateway", false,
            "Directory for the counters file (read by `mptcp-gateway status`) and the pid file.");
    }

    private static void section(final String title)
    {
        currentSection = title;
    }

    private static void key(
        final String name, final ValueType type, final String defaultValue, final boolean required,
        final String description)
    {
        add(new ConfigKey(name, type, defaultValue, required, List.of(), description));
    }

    private static void choice(
        final String name, final String defaultValue, final String choices, final String description)
    {
        add(new ConfigKey(name, ValueType.CHOICE, defaultValue, false, List.of(choices.split(",")), description));
    }

    private static void add(final ConfigKey key)
    {
        if (null != KEYS.put(key.name(), key))
        {
            throw new IllegalStateException("duplicate key " + key.name());
        }
        SECTIONS.put(key.name(), currentSection);
    }

    /**
     * @return every key in documentation order.
     */
    public static List<ConfigKey> all()
    {
        return Collections.unmodifiableList(new ArrayList<>(KEYS.values()));
    }

    /**
     * @param key a key in declaration form.
     * @return section title it belongs to.
     */
    public static String sectionOf(final ConfigKey key)
    {
        return SECTIONS.get(key.name());
    }

    /**
     * Find the declaration of a key as written in a file.
     *
     * @param fileKey key as written, e.g. {@code path.isp1.interface}.
     * @return the declaration, or null if unknown.
     */
    public static ConfigKey find(final String fileKey)
    {
        final ConfigKey exact = KEYS.get(fileKey);
        if (null != exact)
        {
            return exact;
        }
        final String path = pathName(fileKey);
        if (null != path)
        {
            return KEYS.get(PATH_PREFIX + fileKey.substring(("path." + path + ".").length()));
        }
        return null;
    }

    /**
     * @param fileKey key as written.
     * @return the path label of a per-path key, or null if the key is not per-path.
     */
    public static String pathName(final String fileKey)
    {
        if (!fileKey.startsWith("path."))
        {
            return null;
        }
        final int dot = fileKey.indexOf('.', "path.".length());
        return dot < 0 ? null : fileKey.substring("path.".length(), dot);
    }

    /**
     * Suggest the closest known key for a misspelt one.
     *
     * @param fileKey key as written.
     * @return closest key (templated keys rendered with the file's path label), or null if nothing is close.
     */
    public static String suggest(final String fileKey)
    {
        final String path = pathName(fileKey);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String name : KEYS.keySet())
        {
            final String candidate = null != path && name.startsWith(PATH_PREFIX) ?
                "path." + path + "." + name.substring(PATH_PREFIX.length()) : name;
            final int d = distance(fileKey, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(3, fileKey.length() / 4) ? best : null;
    }

    private static int distance(final String a, final String b)
    {
        final int[] prev = new int[b.length() + 1];
        final int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            System.arraycopy(cur, 0, prev, 0, cur.length);
        }
        return prev[b.length()];
    }
}

package org.mptcpgw.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes the performance report of one run of scripts/bench.sh: {@code report.md} (machine facts, the goal table
 * with measured value, goal and ratio, one section per part, the exact commands) and the plots {@code failover.png}
 * (throughput per path during a link failure) and {@code sessions.png} (Mpps against sessions), from the files the
 * script left in the results directory ({@code results.kv}, {@code commands.txt}, {@code failover.csv}).
 * Parts that did not run are reported as not measured.
 * <p>
 * Run: {@code java -Djava.awt.headless=true -cp gateway-bench/target/benchmarks.jar
 * org.mptcpgw.bench.report.BenchReport results/<timestamp>}.
 */
public final class BenchReport
{
    /** Goal of the in-memory pipeline, Mpps per core. */
    public static final double PIPELINE_GOAL_MPPS = 20;
    /** Goal: gateway rate against the kernel's plain forwarding. */
    public static final double PLAIN_FORWARDING_GOAL = 1.0;
    /** Goal: gateway NAT rate against the kernel with nftables NAT and steering. */
    public static final double NFT_GOAL = 1.5;
    /** Goal: RTT p50 at most the kernel's plus this, microseconds. */
    public static final double RTT_GOAL_US = 50;
    /** Goal: one MPTCP connection against the sum of what each link carries alone. */
    public static final double AGGREGATION_GOAL = 0.95;
    /** Goal: bytes per session. */
    public static final double MEMORY_GOAL_BYTES = 128;
    /** Goal: forwarding rate with a scrape every second against without. */
    public static final double SCRAPE_GOAL = 0.98;
    /** JMH's gc.alloc.rate.norm of an allocation-free benchmark is not exactly 0 (its own bookkeeping). */
    public static final double JMH_ZERO_BYTES = 0.01;

    static final String[] LATENCY_CONFIGS = {"gw_pass_spin", "gw_nat_spin"};
    static final String[] LATENCY_NAMES = {
        "gateway pass-through, `engine.idle=spin` (RTT only)", "gateway NAT path, `engine.idle=spin` (RTT only)"};
    static final String[] RATE_CONFIGS = {"kernel_bridge", "kernel_router", "kernel_nft", "gw_pass", "gw_nat"};
    static final String[] RATE_NAMES = {
        "kernel bridge (lab bridge mode)", "kernel router, no nft (lab router mode, ruleset flushed)",
        "kernel router + nftables steering and masquerade (lab router mode)",
        "gateway pass-through (host -> server on the primary)", "gateway NAT path (pinned source -> isp2, SNAT)"};
    static final String[] MIXES = {"mixed", "small", "nat-out", "nat-in", "pass"};
    static final String[] MIX_NAMES = {
        "mixed: 2/3 1514 B data, 1/3 60 B ACKs, 1/64 SYNs; lan, wan1, wan2", "small: the same flows, every frame 60 B",
        "nat-out: 60 B, LAN -> isp2, translated", "nat-in: 60 B, isp2 -> LAN, translated back",
        "pass: 60 B, LAN -> isp1, bridged unchanged"};

    private final Results r;
    private final List<String> commands;
    private final List<String> failover;
    private final StringBuilder md = new StringBuilder();

    /**
     * @param results  the measurements.
     * @param commands the commands run, one per line.
     * @param failover lines of failover.csv (header first), or empty.
     */
    public BenchReport(final Results results, final List<String> commands, final List<String> failover)
    {
        this.r = results;
        this.commands = commands;
        this.failover = failover;
    }

    /**
     * @param args the results directory.
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            System.err.println("usage: BenchReport <results directory>");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    /**
     * Write report.md, failover.png and sessions.png into a results directory.
     *
     * @param dir the results directory.
     * @throws IOException if a file cannot be read or written.
     */
    public static void write(final Path dir) throws IOException
    {
        final BenchReport report = new BenchReport(Results.load(dir.resolve("results.kv")),
            readIfPresent(dir.resolve("commands.txt")), readIfPresent(dir.resolve("failover.csv")));
        report.failoverChart().write(dir.resolve("failover.png"));
        report.sessionsChart().write(dir.resolve("sessions.png"));
        Files.writeString(dir.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
    }

    private static List<String> readIfPresent(final Path file) throws IOException
    {
        return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * @return the report in Markdown.
     */
    public String markdown()
    {
        md.setLength(0);
        header();
        goals();
        pipeline();
        allocation();
        rates();
        scrape();
        goodput();
        sessions();
        failoverSection();
        commandsSection();
        return md.toString();
    }

    // ---- values --------------------------------------------------------------------------------------------------

    /**
     * @param mix a mix label.
     * @return key prefix of the pipeline benchmark with that mix at the largest flow count measured, or null.
     */
    String pipelineKey(final String mix)
    {
        String best = null;
        long bestFlows = -1;
        for (final String key : r.keys("jmh.PipelineBenchmark.pipeline.flows:"))
        {
            if (key.endsWith(".mix:" + mix + ".score"))
            {
                final String flows = key.substring("jmh.PipelineBenchmark.pipeline.flows:".length(),
                    key.indexOf(".mix:"));
                final long n = Long.parseLong(flows);
                if (n > bestFlows)
                {
                    bestFlows = n;
                    best = key.substring(0, key.length() - ".score".length());
                }
            }
        }
        return best;
    }

    double rate(final String config)
    {
        return r.mean("rate." + config + ".rounds");
    }

    /**
     * @return the faster of the kernel's two plain forwarders (bridge, router without nft): the stricter reference.
     */
    double kernelPlain()
    {
        return Math.max(nanToMinus(rate("kernel_bridge")), nanToMinus(rate("kernel_router")));
    }

    String kernelPlainName()
    {
        return nanToMinus(rate("kernel_bridge")) >= nanToMinus(rate("kernel_router")) ? "kernel bridge" :
            "kernel router";
    }

    double goodput(final String config, final String dir)
    {
        return r.median("goodput." + config + "." + dir + ".runs");
    }

    double linkSum(final String dir)
    {
        return goodput("isp1", dir) + goodput("isp2", dir);
    }

    double scrapeRatio()
    {
        return r.mean("scrape.on.windows") / r.mean("scrape.off.windows");
    }

    /**
     * @return the largest session count whose footprint was measured, or -1.
     */
    long footprintSessions()
    {
        long best = -1;
        for (final String key : r.keys("footprint."))
        {
            if (key.endsWith(".bytes_per_session"))
            {
                best = Math.max(best, Long.parseLong(key.split("\\.")[1]));
            }
        }
        return best;
    }

    private static double nanToMinus(final double v)
    {
        return Double.isNaN(v) ? -1 : v;
    }

    // ---- sections ------------------------------------------------------------------------------------------------

    private void header()
    {
        final boolean quick = "quick".equals(r.text("meta.mode", ""));
        line("# Performance report");
        line("");
        line("Reproduce (as root, about %s): `sudo scripts/bench.sh`%s. Generated %s from git %s; this run: `%s`.",
            quick ? "2 minutes" : "15 minutes", quick ? " (this is a quick run; a full run drops `--quick`)" : "",
            r.text("meta.date", "?"), r.text("meta.git", "?"), r.text("meta.command", "scripts/bench.sh"));
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| kernel | %s |", r.text("meta.kernel", "?"));
        line("| CPU | %s, %s MHz |", r.text("meta.cpu", "?"), r.text("meta.cpu_mhz", "?"));
        line("| memory | %s |", r.text("meta.memory", "?"));
        line("| JDK | %s |", r.text("meta.jdk", "?"));
        line("| load average before / after | %s / %s |", r.text("meta.load_before", "?"),
            r.text("meta.load_after", "?"));
        line("| run | %s mode, %s s, nice %s for the generator and the gateway, lab %s |",
            r.text("meta.mode", "?"), r.text("meta.seconds", "?"), r.text("meta.nice", "?"),
            r.text("meta.lab_id", "?"));
        line("");
        line("All figures come from this one run, measured side by side on the same machine, and the **ratios** " +
            "between them are what matters: the machine is a small VM shared with other work, where absolute " +
            "figures move by 10-15 %% from run to run (docs/afpacket.md, lab-recipes.md section 6).");
        if (r.has("bench.failed"))
        {
            line("");
            line("**The run failed:** %s", r.text("bench.failed", ""));
        }
        line("");
    }

    private void goals()
    {
        line("## Goals");
        line("");
        line("| measure | measured | goal | ratio | verdict |");
        line("|---|---|---|---|---|");
        final String mixed = pipelineKey("mixed");
        final double mpps = null == mixed ? Double.NaN : r.number(mixed + ".score");
        goalRow("in-memory pipeline, realistic mix, one core" + flowsNote(mixed), fmt(mpps, 2) + " Mpps",
            "≥ " + fmt(PIPELINE_GOAL_MPPS, 0) + " Mpps", ratio(mpps / PIPELINE_GOAL_MPPS), mpps >= PIPELINE_GOAL_MPPS,
            mpps);
        final String worst = worstAllocation();
        final double alloc = null == worst ? Double.NaN : r.number(worst + ".alloc");
        goalRow("pipeline allocation, JMH -prof gc, worst of the pipeline runs" + runNote(worst),
            fmt(alloc, 4) + " B/packet", "0 B/packet", "", alloc < JMH_ZERO_BYTES, alloc);
        final double bytes = r.number("alloc.bytes");
        final double packets = r.number("alloc.packets");
        goalRow("pipeline allocation, ThreadMXBean over " + fmtCount(packets) + " packets",
            fmt(bytes, 0) + " B (" + fmt(bytes / packets, 4) + " B/packet)", "0 B/packet", "", bytes == 0, bytes);
        final double gc = r.number("gc.collections");
        goalRow("GC collections during " + fmt(r.number("gc.seconds"), 0) + " s at load", fmt(gc, 0), "0", "",
            gc == 0, gc);
        final double pass = rate("gw_pass");
        final double plain = kernelPlain();
        goalRow("64 B forwarding, gateway pass-through vs " + kernelPlainName(),
            fmt(pass, 3) + " vs " + fmt(plain, 3) + " Mpps", "≥ " + fmt(PLAIN_FORWARDING_GOAL, 1) + "×",
            ratio(pass / plain), pass / plain >= PLAIN_FORWARDING_GOAL, pass / plain);
        final double nat = rate("gw_nat");
        final double nft = rate("kernel_nft");
        goalRow("64 B forwarding, gateway NAT path vs kernel + nftables steering and masquerade",
            fmt(nat, 3) + " vs " + fmt(nft, 3) + " Mpps", "≥ " + fmt(NFT_GOAL, 1) + "×", ratio(nat / nft),
            nat / nft >= NFT_GOAL, nat / nft);
        rttRow("gw_pass", "kernel_bridge", "RTT p50, gateway pass-through vs kernel bridge");
        rttRow("gw_nat", "kernel_nft", "RTT p50, gateway NAT path vs kernel + nftables");
        rttRow("gw_pass_spin", "kernel_bridge",
            "RTT p50, gateway pass-through, `engine.idle=spin`, vs kernel bridge");
        rttRow("gw_nat_spin", "kernel_nft", "RTT p50, gateway NAT path, `engine.idle=spin`, vs kernel + nftables");
        for (final String dir : new String[]{"up", "down"})
        {
            final double g = goodput("gateway", dir);
            final double sum = linkSum(dir);
            goalRow("one MPTCP connection through the gateway vs the two links alone, " + dir + "load",
                fmt(g, 2) + " vs " + fmt(sum, 2) + " Mbit/s", "≥ " + fmt(AGGREGATION_GOAL, 2) + "×",
                ratio(g / sum), g / sum >= AGGREGATION_GOAL, g / sum);
        }
        final long sessions = footprintSessions();
        final double perSession = r.number("footprint." + sessions + ".bytes_per_session");
        goalRow("memory per session at " + fmtCount(sessions) + " sessions", fmt(perSession, 1) + " B",
            "≤ " + fmt(MEMORY_GOAL_BYTES, 0) + " B", ratio(perSession / MEMORY_GOAL_BYTES),
            perSession <= MEMORY_GOAL_BYTES, perSession);
        final double scrape = scrapeRatio();
        goalRow("forwarding with a scrape every second vs without",
            fmt(r.mean("scrape.on.windows"), 3) + " vs " + fmt(r.mean("scrape.off.windows"), 3) + " Mpps",
            "≥ " + fmt(SCRAPE_GOAL, 2) + "×", fmt(scrape, 3) + "×", scrape >= SCRAPE_GOAL, scrape);
        line("");
        line("Ratio: measured / goal for the pipeline and memory, measured / reference for the comparisons. A " +
            "verdict on a ratio within about 10 %% of its goal is within this machine's run-to-run noise.");
        line("");
    }

    private void rttRow(final String config, final String reference, final String name)
    {
        final double p50 = r.number("rtt." + config + ".p50_us");
        final double ref = r.number("rtt." + reference + ".p50_us");
        goalRow(name, fmt(p50, 0) + " vs " + fmt(ref, 0) + " µs", "≤ kernel + " + fmt(RTT_GOAL_US, 0) + " µs",
            (p50 >= ref ? "+" : "") + fmt(p50 - ref, 0) + " µs", p50 - ref <= RTT_GOAL_US, p50 - ref);
    }

    private static String ratio(final double v)
    {
        return fmt(v, 2) + "×";
    }

    /**
     * One row of the goal table; the value deciding it is NaN when a part did not run ("not measured").
     */
    private void goalRow(
        final String name, final String measured, final String goal, final String ratio, final boolean met,
        final double decidingValue)
    {
        final boolean available = !Double.isNaN(decidingValue) && !Double.isInfinite(decidingValue);
        line("| %s | %s | %s | %s | %s |", name, available ? measured : "-", goal, available ? ratio : "",
            available ? (met ? "met" : "**missed**") : "not measured");
    }

    /**
     * @return key prefix of the pipeline benchmark run that allocated the most per packet, or null.
     */
    String worstAllocation()
    {
        String worst = null;
        double most = Double.NEGATIVE_INFINITY;
        for (final String key : r.keys("jmh.PipelineBenchmark.pipeline.flows:"))
        {
            if (key.endsWith(".alloc") && r.number(key) > most)
            {
                most = r.number(key);
                worst = key.substring(0, key.length() - ".alloc".length());
            }
        }
        return worst;
    }

    private String runNote(final String key)
    {
        if (null == key)
        {
            return "";
        }
        return flowsNote(key) + ", " + key.substring(key.indexOf(".mix:") + ".mix:".length());
    }

    private String flowsNote(final String key)
    {
        if (null == key)
        {
            return "";
        }
        final String flows = key.substring("jmh.PipelineBenchmark.pipeline.flows:".length(), key.indexOf(".mix:"));
        return ", " + fmtCount(Double.parseDouble(flows)) + " flows";
    }

    private void pipeline()
    {
        line("## In-memory pipeline (JMH)");
        line("");
        line("`PipelineBenchmark`: the real `GatewayPipeline` (classify, ARP, flow, session, ICMP, translate, and " +
            "the worker's housekeeping) run by its `ForwardingWorker` on one thread over three `InMemoryPort`s in " +
            "replay mode. Before measuring, every flow is opened through the pipeline itself: MPTCP connections " +
            "of two subflows, MP_CAPABLE handshake with keys, the MP_JOIN placed on isp2 by its token and " +
            "translated, 250 LAN hosts. One operation is one packet; each invocation is one duty cycle on a full " +
            "batch of 256 frames from one port (the worker takes the ports in turn), and the benchmark fails if a " +
            "batch is short or a frame is dropped. What is not measured: the kernel. What is: the in-memory " +
            "port copies every frame from its template into a receive slot (as the kernel copies into an RX ring) " +
            "and the worker copies it into a transmit slot (as into a TX ring); the templates of a port (tens of " +
            "MB for the mixed traffic) come from memory, not from cache, as received frames would.");
        line("");
        line("| mix | flows | Mpps (one core) | ns/packet | B/packet (JMH) |");
        line("|---|---|---|---|---|");
        final TreeSet<Long> flowCounts = new TreeSet<>();
        for (final String key : r.keys("jmh.PipelineBenchmark.pipeline.flows:"))
        {
            if (key.endsWith(".score"))
            {
                flowCounts.add(Long.parseLong(key.substring("jmh.PipelineBenchmark.pipeline.flows:".length(),
                    key.indexOf(".mix:"))));
            }
        }
        for (final long flows : flowCounts.descendingSet())
        {
            for (int m = 0; m < MIXES.length; m++)
            {
                final String key = "jmh.PipelineBenchmark.pipeline.flows:" + flows + ".mix:" + MIXES[m];
                if (r.has(key + ".score"))
                {
                    final double mpps = r.number(key + ".score");
                    line("| %s | %s | %s ± %s | %s | %s |", MIX_NAMES[m], fmtCount(flows), fmt(mpps, 2),
                        fmt(r.number(key + ".error"), 2), fmt(1e3 / mpps, 0), fmt(r.number(key + ".alloc"), 4));
                }
            }
        }
        line("");
        line("Parts of the work, per frame (`ClassifyBenchmark`, `PacketParserBenchmark`):");
        line("");
        line("| benchmark | ns/frame | B/frame |");
        line("|---|---|---|");
        jmhRow("jmh.ClassifyBenchmark.mpJoinSyn.connections:50000",
            "MP_JOIN SYN: parse, walk options, decode MPTCP, look the token up among 50 k connections");
        jmhRow("jmh.ClassifyBenchmark.dataSegment.connections:50000",
            "1514 B data segment: headers parsed once, options not walked (the fast path)");
        jmhRow("jmh.PacketParserBenchmark.synWithMpCapable", "parse SYN with MP_CAPABLE, options decoded");
        jmhRow("jmh.PacketParserBenchmark.dataWithDss1500", "parse 1500 B segment with DSS, options decoded");
        jmhRow("jmh.PacketParserBenchmark.dataWithDss1500HeadersOnly", "parse 1500 B segment, headers only");
        line("");
    }

    private void jmhRow(final String key, final String name)
    {
        if (r.has(key + ".score"))
        {
            line("| %s | %s | %s |", name, fmt(r.number(key + ".score"), 1), fmt(r.number(key + ".alloc"), 4));
        }
    }

    private void allocation()
    {
        line("## Allocation and garbage collection at load");
        line("");
        line("`PipelineAllocation` (no JMH), with the gateway launcher's JVM flags (ZGC, fixed pre-touched heap): " +
            "after a warm-up, `ThreadMXBean#getThreadAllocatedBytes` of the forwarding thread over at least 10 M " +
            "packets of the mixed traffic (%s flows), then the pipeline flat out for %s s with the collections of " +
            "every collector counted.", fmtCount(r.number("alloc.flows")), fmt(r.number("gc.seconds"), 0));
        line("");
        line("| packets | bytes allocated | B/packet | kind | Mpps | GC run: packets | collections | verdict |");
        line("|---|---|---|---|---|---|---|---|");
        line("| %s | %s | %s | %s | %s | %s | %s | %s |", fmtCount(r.number("alloc.packets")),
            fmt(r.number("alloc.bytes"), 0), fmt(r.number("alloc.bytes_per_packet"), 6), r.text("alloc.kind", "-"),
            fmt(r.number("alloc.mpps"), 2), fmtCount(r.number("gc.packets")), fmt(r.number("gc.collections"), 0),
            r.text("alloc.verdict", "-"));
        line("");
        if ("sporadic".equals(r.text("alloc.kind", "")))
        {
            line("\"sporadic\": some bytes once in a while, not per packet or per batch (below 0.01 B/packet; one " +
                "16-byte object per 256-packet batch would be 0.06).");
            line("");
        }
        final List<String> allocating = new ArrayList<>();
        for (final String key : r.keys("jmh.PipelineBenchmark.pipeline.flows:"))
        {
            if (key.endsWith(".alloc") && r.number(key) >= JMH_ZERO_BYTES)
            {
                final String run = key.substring(0, key.length() - ".alloc".length());
                allocating.add(runNote(run).substring(2) + " (" + fmt(r.number(key), 3) + " B/packet)");
            }
        }
        line("The worker holds its command runner in a field created once: until it did, `doWork()` passed a " +
            "capturing method reference (`this::runCommand`) to the command queue's `drain` in every duty cycle, " +
            "16 B per batch whenever C2 did not remove it (with `-XX:-DoEscapeAnalysis` always; one JMH fork of " +
            "an earlier run, 0.063 B/packet). JFR also records deoptimisations of the inlined housekeeping " +
            "(`WorkerHousekeeping.doWork`, `unstable_if`) during runs at load; until the method is compiled " +
            "again, a cycle may allocate (earlier runs counted 15-86 KB over 10-40 M packets, 0.004 B/packet at " +
            "most).%s", allocating.isEmpty() ? " No JMH fork of this run allocated steadily." :
            " In this run some JMH forks allocated steadily: " + String.join(", ", allocating) + ".");
        line("");
    }

    private void rates()
    {
        line("## End to end: 64-byte forwarding rate and RTT");
        line("");
        line("One fixed generator (`PortBlaster`: 60-byte UDP frames, 64 B on a wire, through an AF_PACKET TX " +
            "ring, waiting when the ring is full) in the host namespace, pinned to CPU0; the sink is an nft netdev " +
            "ingress `counter drop` of UDP port 9 on the ISP router's gw-facing interface (isp1 `i1g`, or isp2 " +
            "`i2g` for the NAT path), read over %s s windows starting %s s after the generator, %s round(s), every " +
            "configuration once per round so that a change of background load hits all alike. Shaping is off. " +
            "The kernel forwards with RPS moving gw's `lan` receive work to CPU1; the gateway's worker is pinned " +
            "to CPU1 (`engine.cpus=1`) with no RPS. The NAT path: the gateway's configuration pins the source " +
            "192.0.2.3 to isp2 (`path.isp2.sources`, draft section 2.1), so the generator's frames from that " +
            "address are translated to 198.51.100.2 and leave on wan2; a source pin is deterministic where path " +
            "weights only skew a hash. Forwarding CPU: the gateway process's CPU time, or CPU1's system, irq and " +
            "softirq time, per delivered frame. RTT: %s pings 10 ms apart from the host to 203.0.113.100, at no " +
            "other load, in the first round, after %s unmeasured ones, ping pinned to CPU0; the kernel with RPS " +
            "off (its default and lowest latency).", r.text("meta.rate_seconds", "?"),
            r.text("meta.rate_warmup", "?"), r.text("meta.rate_rounds", "?"), r.text("meta.pings", "?"),
            r.text("meta.ping_warmup", "?"));
        line("");
        line("| configuration | Mpps per round | mean Mpps | vs %s | forwarding CPU ns/frame | CPU busy (last) " +
            "| RTT p50 / p99 µs |", kernelPlainName());
        line("|---|---|---|---|---|---|---|");
        final double plain = kernelPlain();
        for (int i = 0; i < RATE_CONFIGS.length; i++)
        {
            final String c = RATE_CONFIGS[i];
            if (!r.has("rate." + c + ".rounds"))
            {
                continue;
            }
            line("| %s | %s | %s | %s× | %s | %s | %s / %s |", RATE_NAMES[i], r.text("rate." + c + ".rounds", ""),
                fmt(rate(c), 3), fmt(rate(c) / plain, 2), r.text("rate." + c + ".ns_per_frame", ""),
                r.text("rate." + c + ".cpu", ""), fmt(r.number("rtt." + c + ".p50_us"), 0),
                fmt(r.number("rtt." + c + ".p99_us"), 0));
        }
        for (int i = 0; i < LATENCY_CONFIGS.length; i++)
        {
            final String c = LATENCY_CONFIGS[i];
            if (r.has("rtt." + c + ".p50_us"))
            {
                line("| %s | - | - | - | - | - | %s / %s |", LATENCY_NAMES[i],
                    fmt(r.number("rtt." + c + ".p50_us"), 0), fmt(r.number("rtt." + c + ".p99_us"), 0));
            }
        }
        line("");
        if (r.has("rtt.gw_pass_spin.p50_us"))
        {
            line("The gateway's default `engine.idle=poll` sleeps in poll() when its rings are empty, so at a ping " +
                "every 10 ms each frame first waits for the worker thread to wake up, once per direction: %s µs " +
                "per round trip over the spinning worker in this run. `engine.idle=spin` keeps the worker's CPU " +
                "busy and removes that wait; an appliance with a core to spare per worker runs it that way.",
                fmt(r.number("rtt.gw_pass.p50_us") - r.number("rtt.gw_pass_spin.p50_us"), 0));
            line("");
        }
        if (r.has("rate.kernel_nft.rounds"))
        {
            line("Gateway NAT path against the kernel with nftables: %s×; pass-through against the kernel bridge: " +
                "%s×, against the kernel router: %s×. The gateway reported %s ring drops and %s dropped frames " +
                "over its last rate session (a generator faster than the forwarder fills the ring; that is " +
                "where the excess goes).", fmt(rate("gw_nat") / rate("kernel_nft"), 2),
                fmt(rate("gw_pass") / rate("kernel_bridge"), 2), fmt(rate("gw_pass") / rate("kernel_router"), 2),
                fmt(r.number("gw.ring_drops"), 0), fmt(r.number("gw.dropped"), 0));
            line("");
        }
    }

    private void scrape()
    {
        line("## Cost of a Prometheus scrape every second (issue 8)");
        line("");
        line("One generator run through the gateway's pass-through, cut into %s s windows alternating without " +
            "and with a scrape of `/metrics` every second (curl in gw's namespace, ABBA order so that a drift " +
            "of background load cancels; a quick run has one window of each).", r.text("meta.scrape_seconds", "?"));
        line("");
        line("| windows without (Mpps) | windows with (Mpps) | ratio | scrape time (median) | scrape size |");
        line("|---|---|---|---|---|");
        line("| %s | %s | %s× | %s ms | %s B |", r.text("scrape.off.windows", "-"), r.text("scrape.on.windows", "-"),
            fmt(scrapeRatio(), 3), fmt(r.number("scrape.seconds") * 1e3, 1), fmt(r.number("scrape.bytes"), 0));
        line("");
    }

    private void goodput()
    {
        line("## One MPTCP connection over two shaped links");
        line("");
        line("tbf %s per ISP link and direction; iperf3 %s s per run, %s round(s), median reported. References " +
            "in router mode: plain TCP over isp1 alone and over isp2 alone (a fixed client port selects the " +
            "uplink). Baseline: the same MPTCP connection through the kernel router with nftables MP_JOIN " +
            "steering. Gateway: inline mode. In both, the host (one address, stock Linux) gets its extra subflow " +
            "from the host agent (userspace path manager, one extra subflow per connection); the gateway places " +
            "it on isp2.", r.text("meta.shape_rate", "?"),
            r.text("meta.goodput_seconds", "?"), r.text("meta.goodput_rounds", "?"));
        line("");
        line("| run | dir | Mbit/s per run | median | subflows | vs sum of the links | vs one link (mean) |");
        line("|---|---|---|---|---|---|---|");
        final String[] configs = {"isp1", "isp2", "nft", "gateway"};
        final String[] names = {"plain TCP over isp1 alone", "plain TCP over isp2 alone",
            "MPTCP, kernel + nftables steering", "MPTCP through the gateway"};
        for (final String dir : new String[]{"up", "down"})
        {
            final double one = linkSum(dir) / 2;
            for (int i = 0; i < configs.length; i++)
            {
                final String key = "goodput." + configs[i] + "." + dir;
                if (!r.has(key + ".runs"))
                {
                    continue;
                }
                final double median = goodput(configs[i], dir);
                line("| %s | %s | %s | %s | %s | %s× | %s× |", names[i], dir, r.text(key + ".runs", ""),
                    fmt(median, 2), r.text(key + ".subflows", ""), fmt(median / linkSum(dir), 2),
                    fmt(median / one, 2));
            }
        }
        line("");
    }

    private void sessions()
    {
        line("## Sessions: how cost grows with the table");
        line("");
        line("`NatSessionTableBenchmark` (`bench.nat`): one established TCP session's lookup plus `onPacket`, " +
            "outbound and inbound, packets drawn at random from up to 100 k hot flows of a table of N sessions " +
            "(one mapping each, 16 paths); the batch variant looks up 32 at a time. `SessionTableFootprint`: heap " +
            "and direct memory of the table, divided by N. The pipeline at fewer flows (`PipelineBenchmark`) shows " +
            "the same effect through the whole worker. Plot: [sessions.png](sessions.png).");
        line("");
        line("| sessions | outbound ns (Mpps) | inbound ns (Mpps) | outbound, batch of 32 ns (Mpps) | B/session " +
            "(heap + direct) |");
        line("|---|---|---|---|---|");
        for (final long n : sessionCounts())
        {
            final String prefix = "jmh.NatSessionTableBenchmark.";
            line("| %s | %s | %s | %s | %s (%s + %s) |", fmtCount(n),
                nsAndMpps(prefix + "outboundEstablished", n), nsAndMpps(prefix + "inboundEstablished", n),
                nsAndMpps(prefix + "outboundEstablishedBatch", n),
                fmt(r.number("footprint." + n + ".bytes_per_session"), 1),
                fmt(r.number("footprint." + n + ".heap"), 1), fmt(r.number("footprint." + n + ".direct"), 1));
        }
        line("");
        line("![Mpps against sessions](sessions.png)");
        line("");
    }

    private String nsAndMpps(final String benchmark, final long sessions)
    {
        final String key = natKey(benchmark, sessions);
        if (null == key)
        {
            return "-";
        }
        final double ns = r.number(key + ".score");
        return fmt(ns, 1) + " (" + fmt(1e3 / ns, 1) + ")";
    }

    private String natKey(final String benchmark, final long sessions)
    {
        for (final String key : r.keys(benchmark + ".hotFlows:"))
        {
            if (key.endsWith(".sessions:" + sessions + ".score"))
            {
                return key.substring(0, key.length() - ".score".length());
            }
        }
        return null;
    }

    private TreeSet<Long> sessionCounts()
    {
        final TreeSet<Long> counts = new TreeSet<>();
        for (final String key : r.keys("footprint."))
        {
            counts.add(Long.parseLong(key.split("\\.")[1]));
        }
        for (final String key : r.keys("jmh.NatSessionTableBenchmark."))
        {
            final int at = key.indexOf(".sessions:");
            if (at > 0 && key.endsWith(".score"))
            {
                counts.add(Long.parseLong(key.substring(at + ".sessions:".length(), key.length() - 6)));
            }
        }
        return counts;
    }

    private void failoverSection()
    {
        line("## Link failure during a transfer");
        line("");
        line("One MPTCP upload through the gateway (%s s, shaped links); isp2's link (`i2g` in isp2) goes down at " +
            "%s s and up again at %s s; `gateway_path_bytes_total` is scraped every 0.5 s and each path's rate " +
            "(both directions) is plotted. The transfer's goodput: %s Mbit/s; subflows reset toward the host by " +
            "the gateway: %s.", r.text("failover.seconds", "?"), r.text("failover.down_s", "?"),
            r.text("failover.up_s", "?"), r.text("failover.goodput_mbps", "?"), r.text("failover.resets", "?"));
        line("");
        final double[][] phases = failoverPhases();
        line("| path | before (Mbit/s) | isp2 down | after isp2 is back |");
        line("|---|---|---|---|");
        line("| isp1 | %s | %s | %s |", fmt(phases[0][0], 1), fmt(phases[0][1], 1), fmt(phases[0][2], 1));
        line("| isp2 | %s | %s | %s |", fmt(phases[1][0], 1), fmt(phases[1][1], 1), fmt(phases[1][2], 1));
        line("");
        if (phases[1][2] < 1 && phases[0][1] > 1)
        {
            line("The connection moved to isp1 when isp2 failed, and no subflow used isp2 again within the " +
                "transfer. The gateway does not open subflows itself: the host agent re-creates one, and the " +
                "gateway places it on isp2 once it has declared the path up again (answered probes for " +
                "`health.hold-time`, 3 s by default), which this transfer did not last long enough to show.");
            line("");
        }
        line("![Throughput per path during a link failure](failover.png)");
        line("");
    }

    private void commandsSection()
    {
        line("## Commands of this run");
        line("");
        line("Everything above was produced by `%s`, which ran these commands (the lab helpers are in " +
            "scripts/lib/lab-common.sh, the measurement steps in scripts/lib/bench-lab.sh and bench-jvm.sh):",
            r.text("meta.command", "scripts/bench.sh"));
        line("");
        line("```");
        final List<String> unique = new ArrayList<>();
        for (final String c : commands)
        {
            if (!unique.contains(c))
            {
                unique.add(c);
            }
        }
        for (final String c : unique)
        {
            md.append(c).append('\n');
        }
        line("```");
    }

    // ---- charts --------------------------------------------------------------------------------------------------

    /**
     * @return plot (a): each path's rate during the transfer, with the outage shaded.
     */
    public LineChart failoverChart()
    {
        final LineChart chart = new LineChart("Throughput per path during a link failure (isp2 down and up)",
            "time since the transfer started (s)", "Mbit/s (both directions)");
        final double[][] rates = failoverRates();
        final double[] total = new double[rates[0].length];
        for (int i = 0; i < total.length; i++)
        {
            total[i] = rates[1][i] + rates[2][i];
        }
        chart.series("isp1", rates[0], rates[1], false).series("isp2", rates[0], rates[2], false)
            .series("both paths", rates[0], total, true);
        final double down = r.number("failover.down_s");
        final double up = r.number("failover.up_s");
        if (!Double.isNaN(down) && !Double.isNaN(up))
        {
            chart.band(down, up, "isp2 link down");
        }
        return chart;
    }

    /**
     * Each path's rate between consecutive samples of failover.csv (bytes of both directions).
     *
     * @return {time of each sample, isp1 Mbit/s, isp2 Mbit/s}; NaN for the first sample.
     */
    double[][] failoverRates()
    {
        final int n = Math.max(0, failover.size() - 1);
        final double[][] out = new double[3][n];
        double[] previous = null;
        for (int i = 0; i < n; i++)
        {
            final String[] f = failover.get(i + 1).split(",");
            final double[] now = new double[f.length];
            for (int k = 0; k < f.length; k++)
            {
                now[k] = Double.parseDouble(f[k]);
            }
            out[0][i] = now[0];
            if (null == previous || now[0] <= previous[0])
            {
                out[1][i] = Double.NaN;
                out[2][i] = Double.NaN;
            }
            else
            {
                final double seconds = now[0] - previous[0];
                out[1][i] = (now[1] + now[2] - previous[1] - previous[2]) * 8 / seconds / 1e6;
                out[2][i] = (now[3] + now[4] - previous[3] - previous[4]) * 8 / seconds / 1e6;
            }
            previous = now;
        }
        return out;
    }

    /**
     * Mean rate of each path before the failure, while isp2 is down and after it is back (an interval counts for
     * the phase its middle falls in).
     *
     * @return {isp1, isp2} x {before, down, after} in Mbit/s, NaN where a phase has no interval.
     */
    double[][] failoverPhases()
    {
        final double[][] rates = failoverRates();
        final double down = r.number("failover.down_s");
        final double up = r.number("failover.up_s");
        final double[][] sum = new double[2][3];
        final int[] count = new int[3];
        for (int i = 1; i < rates[0].length; i++)
        {
            if (Double.isNaN(rates[1][i]))
            {
                continue;
            }
            final double middle = (rates[0][i] + rates[0][i - 1]) / 2;
            final int phase = middle < down ? 0 : middle < up ? 1 : 2;
            sum[0][phase] += rates[1][i];
            sum[1][phase] += rates[2][i];
            count[phase]++;
        }
        final double[][] mean = new double[2][3];
        for (int p = 0; p < 2; p++)
        {
            for (int phase = 0; phase < 3; phase++)
            {
                mean[p][phase] = count[phase] == 0 ? Double.NaN : sum[p][phase] / count[phase];
            }
        }
        return mean;
    }

    /**
     * @return plot (b): packets per second against the number of sessions.
     */
    public LineChart sessionsChart()
    {
        final LineChart chart = new LineChart("Rate against sessions (one core)", "sessions in the table",
            "Mpps").logX(true);
        final TreeSet<Long> counts = sessionCounts();
        final String prefix = "jmh.NatSessionTableBenchmark.";
        lookupSeries(chart, counts, prefix + "outboundEstablished", "NAT lookup + update, outbound");
        lookupSeries(chart, counts, prefix + "inboundEstablished", "NAT lookup + update, inbound");
        lookupSeries(chart, counts, prefix + "outboundEstablishedBatch", "NAT lookup + update, outbound, batch 32");
        for (final String mix : new String[]{"pass", "mixed"})
        {
            final TreeSet<Long> flows = new TreeSet<>();
            for (final String key : r.keys("jmh.PipelineBenchmark.pipeline.flows:"))
            {
                if (key.endsWith(".mix:" + mix + ".score"))
                {
                    flows.add(Long.parseLong(key.substring("jmh.PipelineBenchmark.pipeline.flows:".length(),
                        key.indexOf(".mix:"))));
                }
            }
            final double[] x = new double[flows.size()];
            final double[] y = new double[flows.size()];
            int i = 0;
            for (final long f : flows)
            {
                x[i] = f;
                y[i++] = r.number("jmh.PipelineBenchmark.pipeline.flows:" + f + ".mix:" + mix + ".score");
            }
            chart.series("whole pipeline, " + ("pass".equals(mix) ? "60 B pass-through" : "realistic mix"), x, y,
                true);
        }
        return chart;
    }

    private void lookupSeries(
        final LineChart chart, final TreeSet<Long> counts, final String benchmark, final String name)
    {
        final double[] x = new double[counts.size()];
        final double[] y = new double[counts.size()];
        int i = 0;
        for (final long n : counts)
        {
            final String key = natKey(benchmark, n);
            x[i] = n;
            y[i++] = null == key ? Double.NaN : 1e3 / r.number(key + ".score");
        }
        chart.series(name, x, y, false);
    }

    // ---- formatting ----------------------------------------------------------------------------------------------

    private void line(final String format, final Object... args)
    {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String fmt(final double v, final int decimals)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String fmtCount(final double v)
    {
        if (Double.isNaN(v) || v < 0)
        {
            return "-";
        }
        if (v >= 1e6)
        {
            return fmt(v / 1e6, v % 1e6 == 0 ? 0 : 1) + " M";
        }
        if (v >= 1e3)
        {
            return fmt(v / 1e3, v % 1e3 == 0 ? 0 : 1) + " k";
        }
        return fmt(v, 0);
    }
}

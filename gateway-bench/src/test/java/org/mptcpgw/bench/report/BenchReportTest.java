package org.mptcpgw.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest
{
    static final List<String> FULL = List.of(
        "meta.mode=full",
        "meta.command=scripts/bench.sh",
        "meta.kernel=6.18.44-test",
        "jmh.PipelineBenchmark.pipeline.flows:100000.mix:mixed.score=2.5",
        "jmh.PipelineBenchmark.pipeline.flows:100000.mix:mixed.error=0.1",
        "jmh.PipelineBenchmark.pipeline.flows:100000.mix:mixed.alloc=0.0021",
        "jmh.PipelineBenchmark.pipeline.flows:1000.mix:mixed.score=4.0",
        "jmh.PipelineBenchmark.pipeline.flows:1000.mix:mixed.alloc=0.0625",
        "jmh.PipelineBenchmark.pipeline.flows:1000.mix:pass.score=9.0",
        "alloc.packets=10000000",
        "alloc.bytes=0",
        "gc.seconds=60.0",
        "gc.collections=0",
        "rate.kernel_bridge.rounds=0.40 0.40",
        "rate.kernel_router.rounds=0.30 0.30",
        "rate.kernel_nft.rounds=0.20 0.20",
        "rate.gw_pass.rounds=0.50 0.50",
        "rate.gw_nat.rounds=0.25 0.25",
        "rtt.kernel_bridge.p50_us=60",
        "rtt.gw_pass.p50_us=130",
        "rtt.kernel_nft.p50_us=70",
        "rtt.gw_nat.p50_us=90",
        "rtt.gw_pass_spin.p50_us=75",
        "rtt.gw_pass_spin.p99_us=99",
        "goodput.isp1.up.runs=19.0 19.1 19.2",
        "goodput.isp2.up.runs=19.0 18.0 19.0",
        "goodput.gateway.up.runs=37.0 36.0 38.0",
        "footprint.10000.bytes_per_session=300.0",
        "footprint.1000000.bytes_per_session=115.2",
        "jmh.NatSessionTableBenchmark.outboundEstablished.hotFlows:100000.sessions:10000.score=20.0",
        "jmh.NatSessionTableBenchmark.outboundEstablished.hotFlows:100000.sessions:1000000.score=100.0",
        "scrape.on.windows=0.49 0.49",
        "scrape.off.windows=0.50 0.50",
        "failover.down_s=1.0",
        "failover.up_s=2.0");

    static String row(final String markdown, final String start)
    {
        return markdown.lines().filter((l) -> l.startsWith("| " + start)).findFirst().orElseThrow();
    }

    @Test
    void shouldCompareAgainstTheFasterKernelForwarder()
    {
        final String md = new BenchReport(new Results(FULL), List.of(), List.of()).markdown();
        final String pass = row(md, "64 B forwarding, gateway pass-through");
        assertTrue(pass.contains("vs kernel bridge"), pass);
        assertTrue(pass.contains("| 1.25× | met |"), pass);
        final String nat = row(md, "64 B forwarding, gateway NAT path");
        assertTrue(nat.contains("| 1.25× | **missed** |"), nat);
    }

    @Test
    void shouldJudgeEveryGoal()
    {
        final String md = new BenchReport(new Results(FULL), List.of(), List.of()).markdown();
        assertTrue(row(md, "in-memory pipeline").contains("2.50 Mpps | ≥ 20 Mpps | 0.13× | **missed**"),
            row(md, "in-memory pipeline"));
        assertTrue(row(md, "pipeline allocation, JMH").contains("worst of the pipeline runs, 1 k flows, mixed"),
            row(md, "pipeline allocation, JMH"));
        assertTrue(row(md, "pipeline allocation, JMH").endsWith("| **missed** |"));
        assertTrue(md.contains("some JMH forks allocated steadily: 1 k flows, mixed"), md);
        assertTrue(row(md, "GC collections").endsWith("| met |"));
        assertTrue(row(md, "RTT p50, gateway pass-through").contains("+70 µs | **missed**"));
        assertTrue(row(md, "RTT p50, gateway NAT path vs").contains("+20 µs | met"));
        assertTrue(row(md, "RTT p50, gateway pass-through, `engine.idle=spin`").contains("+15 µs | met"));
        assertTrue(row(md, "RTT p50, gateway NAT path, `engine.idle=spin`").contains("| not measured |"));
        assertTrue(row(md, "gateway pass-through, `engine.idle=spin` (RTT only)").endsWith("| 75 / 99 |"));
        assertTrue(md.contains("wake up, once per direction: 55 µs per round trip"), md);
        // Median 37.0 against 19.1 + 19.0.
        assertTrue(row(md, "one MPTCP connection through the gateway vs the two links alone, upload")
            .contains("37.00 vs 38.10 Mbit/s | ≥ 0.95× | 0.97× | met"));
        assertTrue(row(md, "memory per session at 1 M sessions").contains("115.2 B | ≤ 128 B | 0.90× | met"));
        assertTrue(row(md, "forwarding with a scrape").contains("0.980× | met"), row(md, "forwarding with a scrape"));
    }

    @Test
    void shouldSayNotMeasuredForPartsThatDidNotRun()
    {
        final String md = new BenchReport(new Results(List.of("meta.mode=quick")), List.of(), List.of())
            .markdown();
        assertTrue(row(md, "64 B forwarding, gateway NAT path").endsWith("| not measured |"));
        assertTrue(row(md, "one MPTCP connection through the gateway vs the two links alone, download")
            .endsWith("| not measured |"));
        assertTrue(md.contains("a full run drops `--quick`"));
    }

    @Test
    void shouldPlotEachPathsRateFromTheSampledCounters()
    {
        // isp1 carries 1 MB per 0.5 s (16 Mbit/s), isp2 half of it until it stops.
        final List<String> csv = List.of("t_s,isp1_out,isp1_in,isp2_out,isp2_in",
            "0.0,0,0,0,0", "0.5,900000,100000,450000,50000", "1.0,1800000,200000,900000,100000",
            "1.5,2700000,300000,900000,100000");
        final BenchReport report = new BenchReport(new Results(FULL), List.of(), csv);
        final LineChart chart = report.failoverChart();
        assertEquals(3, chart.plottedSeries());
    }

    @Test
    void shouldAverageEachPathOverThePhasesOfTheFailure()
    {
        // 0.5 s samples; down at 1.0 s, up at 2.0 s (FULL). isp1: 1 MB per interval (16 Mbit/s) throughout;
        // isp2: 0.5 MB per interval (8 Mbit/s) until the failure, nothing afterwards.
        final List<String> csv = List.of("t_s,isp1_out,isp1_in,isp2_out,isp2_in",
            "0.0,0,0,0,0", "0.5,1000000,0,500000,0", "1.0,2000000,0,1000000,0", "1.5,3000000,0,1000000,0",
            "2.0,4000000,0,1000000,0", "2.5,5000000,0,1000000,0", "3.0,6000000,0,1000000,0");
        final BenchReport report = new BenchReport(new Results(FULL), List.of(), csv);
        final double[][] phases = report.failoverPhases();
        assertEquals(16, phases[0][0], 1e-9);
        assertEquals(8, phases[1][0], 1e-9);
        assertEquals(16, phases[0][1], 1e-9);
        assertEquals(0, phases[1][1], 1e-9);
        assertEquals(0, phases[1][2], 1e-9);
        final String md = report.markdown();
        assertTrue(row(md, "isp2 |").contains("| 8.0 | 0.0 | 0.0 |"), row(md, "isp2 |"));
        assertTrue(md.contains("no subflow used isp2 again"), md);
    }

    @Test
    void shouldWriteTheReportAndBothPlots(@TempDir final Path dir) throws Exception
    {
        Files.write(dir.resolve("results.kv"), FULL);
        Files.write(dir.resolve("commands.txt"), List.of("java -jar benchmarks.jar PipelineBenchmark",
            "java -jar benchmarks.jar PipelineBenchmark", "ping -c 200"));
        Files.write(dir.resolve("failover.csv"), List.of("t_s,isp1_out,isp1_in,isp2_out,isp2_in", "0.0,0,0,0,0",
            "0.5,1000,0,1000,0"));
        BenchReport.write(dir);
        final String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.startsWith("# Performance report"));
        assertTrue(md.contains("![Throughput per path during a link failure](failover.png)"));
        assertEquals(1, md.lines().filter("java -jar benchmarks.jar PipelineBenchmark"::equals).count(),
            "repeated commands listed once");
        assertTrue(Files.size(dir.resolve("failover.png")) > 1000);
        assertTrue(Files.size(dir.resolve("sessions.png")) > 1000);
    }
}

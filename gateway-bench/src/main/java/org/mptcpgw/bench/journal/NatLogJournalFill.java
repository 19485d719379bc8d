package org.mptcpgw.bench.journal;

import java.time.Instant;

/**
 * Writes the journal of {@link NatLogQueryBenchmark} (100 k sessions reusing 20 k outside ports, 200 k records)
 * through the real publisher, ring and agent, and leaves it in place, so that the {@code nat-log} command can be
 * timed end to end in a fresh JVM, as an operator runs it. Prints the directory and one command to time.
 * <p>
 * Run: {@code java -cp gateway-bench/target/benchmarks.jar org.mptcpgw.bench.journal.NatLogJournalFill}
 * (with the JVM flags of {@code BenchJournal}'s users).
 */
public final class NatLogJournalFill
{
    private NatLogJournalFill()
    {
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args)
    {
        final long t0Ns = System.currentTimeMillis() * 1_000_000L;
        final BenchJournal journal = new BenchJournal();
        NatLogQueryBenchmark.writeReused(journal, t0Ns);
        journal.stop();
        final int target = 50_000;
        final long atNs = NatLogQueryBenchmark.queryInstantNs(t0Ns, target);
        System.out.println(journal.dir);
        System.out.printf("./mptcp-gateway nat-log --dir %s --outside %s --at %s%n", journal.dir,
            NatLogQueryBenchmark.outsideEndpoint(target), Instant.ofEpochSecond(0, atNs));
    }
}

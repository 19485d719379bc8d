package org.mptcpgw.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest
{
    final Results results = new Results(List.of(
        "# comment=ignored",
        "rate.gw_pass.rounds=0.512 0.498 0.530",
        "meta.jdk=openjdk version \"17.0.15\" 2025-04-15",
        "alloc.bytes=0",
        "alloc.bytes=16512",
        "rate.kernel_bridge.rounds=0.61 0.63",
        "jmh.X.score=NaN",
        "broken=abc"));

    @Test
    void shouldLetALaterLineReplaceAnEarlierOne()
    {
        assertEquals(16512, results.number("alloc.bytes"));
    }

    @Test
    void shouldKeepEverythingAfterTheFirstEqualsSign()
    {
        assertEquals("openjdk version \"17.0.15\" 2025-04-15", results.text("meta.jdk", ""));
        assertFalse(results.has("# comment"));
    }

    @Test
    void shouldReadListsOfRounds()
    {
        assertArrayEquals(new double[]{0.512, 0.498, 0.530}, results.numbers("rate.gw_pass.rounds"));
        assertEquals(0.512, results.median("rate.gw_pass.rounds"));
        assertEquals(0.62, results.median("rate.kernel_bridge.rounds"), 1e-12);
        assertEquals(0.62, results.mean("rate.kernel_bridge.rounds"), 1e-12);
    }

    @Test
    void shouldReadWhatIsMissingOrNoNumberAsNaN()
    {
        assertTrue(Double.isNaN(results.number("rate.gw_nat.rounds")));
        assertTrue(Double.isNaN(results.median("rate.gw_nat.rounds")));
        assertTrue(Double.isNaN(results.number("broken")));
        assertTrue(Double.isNaN(results.number("jmh.X.score")));
    }

    @Test
    void shouldListKeysByPrefixInFileOrder()
    {
        assertEquals(List.of("rate.gw_pass.rounds", "rate.kernel_bridge.rounds"), results.keys("rate."));
    }
}

package org.mptcpgw.core.tools;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.pcap.CaptureFrames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance: the decoder agrees with tshark, field by field, on every capture in the test resources (the
 * public captures of /work/shared/captures and the lab recording).
 */
class TsharkAgreementTest
{
    @Test
    void shouldAgreeWithTsharkOnEveryCapture() throws Exception
    {
        assumeTrue(TsharkComparison.tsharkAvailable(), "tshark is not installed (CI installs it): skipped");
        final List<String> mismatches = new ArrayList<>();
        final Map<String, Integer> compared = new TreeMap<>();
        int frames = 0;
        for (final Path file : CaptureFrames.files())
        {
            final TsharkComparison.Result result = TsharkComparison.compare(file);
            mismatches.addAll(result.mismatches);
            result.comparedValues.forEach((k, v) -> compared.merge(k, v, Integer::sum));
            frames += result.frames;
        }
        assertEquals(List.of(), mismatches);
        // Make sure the comparison was not vacuous: every MPTCP field group was actually seen.
        for (final String field : new String[]{"frame.number", "ip.src", "tcp.seq_raw", "tcp.options.mptcp.subtype",
            "tcp.options.mptcp.sendkey", "tcp.options.mptcp.recvkey", "mptcp.expected_token",
            "tcp.options.mptcp.recvtok", "tcp.options.mptcp.sendrand", "tcp.options.mptcp.sendtrunchmac",
            "tcp.options.mptcp.sendhmac", "tcp.options.mptcp.rawdataack", "tcp.options.mptcp.rawdataseqno",
            "tcp.options.mptcp.subflowseqno", "tcp.options.mptcp.datalvllen", "tcp.options.mptcp.ipv4",
            "tcp.options.mptcp.addaddrtrunchmac", "tcp.options.mptcp.echo", "tcp.options.mptcp.ipver",
            "tcp.options.mptcp.rst_reason", "tcp.options.mptcp.flag_T.flag", "tcp.options.mptcp.datafin.flag",
            "tcp.options.mss_val", "tcp.options.timestamp.tsval"})
        {
            assertTrue(compared.getOrDefault(field, 0) > 0, field + " never compared: " + compared);
        }
        assertTrue(frames > 300, "frames " + frames);
    }
}

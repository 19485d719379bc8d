package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mptcpgw.core.nativeio.NetNamespace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("root")
class AfPacketPassThroughTest
{
    private static final Pattern RECEIVER_BPS =
        Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    private PassThroughLab lab;
    private AfPacketPort left;
    private AfPacketPort right;
    private PassThrough loop;
    private Thread thread;

    @BeforeEach
    void setUp()
    {
        PassThroughLab.assumeRoot();
        lab = new PassThroughLab();
        lab.passThrough();
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        try
        {
            stopLoop();
        }
        finally
        {
            if (null != lab)
            {
                lab.close();
            }
        }
    }

    private void startLoop(final AfPacketConfig config)
    {
        left = NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("m0", config));
        right = NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("m1", config));
        loop = new PassThrough(left, right);
        thread = new Thread(loop, "pass-through");
        thread.start();
    }

    private void stopLoop() throws InterruptedException
    {
        if (null != loop)
        {
            loop.stop();
            thread.join(5000);
            loop = null;
        }
        if (null != left)
        {
            left.close();
            left = null;
        }
        if (null != right)
        {
            right.close();
            right = null;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"V2, TX_RING", "V2, SEND", "V3, TX_RING", "V3, SEND"})
    void shouldCarryPingAndTcpWithDefaultOffloads(final RingVersion version, final TxMode txMode)
    {
        startLoop(AfPacketConfig.builder().ringVersion(version).txMode(txMode).build());

        lab.inNs("a", "ping", "-c", "3", "-i", "0.2", "-W", "2", PassThroughLab.IP_B);
        final double bps = iperf3("iperf3");
        System.out.println(version + " " + txMode + ": TCP " + Math.round(bps / 1e6) + " Mbit/s; " + diagnostics());

        assertTrue(bps > 50e6, "TCP through the pass-through only reached " + bps + " bit/s; " + diagnostics());
        assertEquals(0, loop.truncatedDrops(), "truncated frames");
        assertEquals(0, loop.tooLongDrops(), "frames too long");
        if (RingVersion.V2 == version)
        {
            assertTrue(left.counters().get(AfPacketCounter.OVERSIZE_RECEIVED) +
                right.counters().get(AfPacketCounter.OVERSIZE_RECEIVED) > 0, "GSO frames took the oversize path");
        }
    }

    @Test
    void shouldCarryRealMptcp()
    {
        startLoop(AfPacketConfig.defaults());

        final double bps = iperf3("mptcpize", "run", "iperf3");
        System.out.println("MPTCP " + Math.round(bps / 1e6) + " Mbit/s; " + diagnostics());

        assertTrue(bps > 50e6, "MPTCP through the pass-through only reached " + bps + " bit/s; " + diagnostics());
        final String counters = lab.inNs("b", "nstat", "-az", "MPTcpExtMPCapableSYNRX");
        final Matcher m = Pattern.compile("MPTcpExtMPCapableSYNRX\\s+(\\d+)").matcher(counters);
        assertTrue(m.find() && Long.parseLong(m.group(1)) >= 1, "server saw no MP_CAPABLE SYN: " + counters);
    }

    private String diagnostics()
    {
        return "forwarded=" + loop.forwarded() + " truncated=" + loop.truncatedDrops() + " txFull=" +
            loop.txFullDrops() + " tooLong=" + loop.tooLongDrops() + " m0 " + left.counters() + " txRejected=" +
            left.statistics().txRejected() + " m1 " + right.counters() + " txRejected=" +
            right.statistics().txRejected();
    }

    private double iperf3(final String... client)
    {
        final String[] server = new String[client.length + 3];
        System.arraycopy(client, 0, server, 0, client.length);
        server[client.length] = "-s";
        server[client.length + 1] = "-1";
        server[client.length + 2] = "-B" + PassThroughLab.IP_B;
        lab.start(lab.inNsCommand("b", server));
        assertTrue(PassThroughLab.await(5000, () -> lab.inNs("b", "ss", "-ltn").contains(":5201")), "iperf3 server up");
        final String[] cmd = new String[client.length + 6];
        System.arraycopy(client, 0, cmd, 0, client.length);
        System.arraycopy(new String[]{"-c", PassThroughLab.IP_B, "-t", "3", "-J", "--connect-timeout=3000"}, 0, cmd,
            client.length, 6);
        final String json = lab.inNs("a", cmd);
        final Matcher m = RECEIVER_BPS.matcher(json);
        assertTrue(m.find(), "no receiver rate in iperf3 output: " + json);
        return Double.parseDouble(m.group(1));
    }
}

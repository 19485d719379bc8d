package org.mptcpgw.gateway.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabNode;
import org.mptcpgw.core.lab.LabTest;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: a flapping uplink (down and up every 2 s for 30 s) does not make the gateway flap its path state faster
 * than its hysteresis allows (a state change at most every hold time), and no established MPTCP connection is lost.
 */
@LabTest(mode = LabMode.INLINE)
class FlappingLabTest
{
    @Test
    void shouldNotFlapWithTheLinkAndKeepTheConnection(final Lab lab, @TempDir final Path dir) throws Exception
    {
        try (LabGateway gateway = new LabGateway(lab, dir).start())
        {
            final FailoverLabTest.Transfer transfer = FailoverLabTest.Transfer.start(lab, dir, 60_000_000);
            LabGateway.sleep(2_000);
            for (int i = 0; i < 15; i++)
            {
                lab.exec(LabNode.ISP2, Duration.ofSeconds(5), "ip", "link", "set", "i2g", i % 2 == 0 ? "down" : "up");
                LabGateway.sleep(2_000);
            }
            lab.exec(LabNode.ISP2, Duration.ofSeconds(5), "ip", "link", "set", "i2g", "up");
            transfer.assertComplete();
            final double changes = LabGateway.metric(gateway.scrape(), "gateway_path_state_changes_total",
                "path=\"isp2\"");
            // 30 s of flapping with a 3 s hold time: far fewer changes than the 15 the link made.
            assertTrue(changes >= 1 && changes <= 4, "isp2 changed state " + changes + " times\n" + gateway.log());
            System.out.println("flapping isp2 (15 link changes in 30 s): " + (int)changes + " state changes");
        }
    }
}

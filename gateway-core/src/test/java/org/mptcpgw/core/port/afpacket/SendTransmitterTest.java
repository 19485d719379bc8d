package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.core.port.VnetHeader;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SendTransmitterTest
{
    private static final int FD = 0x33;

    private final FakeLibC libc = new FakeLibC();
    private final PortStatistics statistics = new PortStatistics();
    private final AfPacketCounters counters = new AfPacketCounters();

    @Test
    void shouldSendEachFrameWithItsVnetHeaderAtCommit()
    {
        final SendTransmitter tx = new SendTransmitter(FD, libc, VnetHeader.LENGTH, 1518, statistics, counters);

        final long address = tx.claim(60);
        tx.commit(address, 60);
        tx.commit(tx.claim(64000), 64000);

        assertEquals(2, libc.sends.size());
        assertEquals(FD, libc.sends.get(0)[0]);
        assertEquals(address - VnetHeader.LENGTH, libc.sends.get(0)[1]);
        assertEquals(70, libc.sends.get(0)[2]);
        assertEquals(64010, libc.sends.get(1)[2]);
        assertEquals(2, tx.flush());
        assertEquals(0, tx.flush());
    }

    @Test
    void shouldCountRefusedSendsAndNeverBlock()
    {
        final SendTransmitter tx = new SendTransmitter(FD, libc, 0, 1518, statistics, counters);
        libc.sendResult = -1;

        tx.commit(tx.claim(60), 60);

        assertEquals(1, statistics.txRejected());
        assertEquals(1, counters.get(AfPacketCounter.SEND_FAILURES));
        assertEquals(0, tx.claim(1519), "longer than the link takes without a vnet header");
    }
}

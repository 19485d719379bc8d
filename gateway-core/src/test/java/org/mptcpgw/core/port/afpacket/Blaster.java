package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.port.VnetHeader;

/**
 * A generator thread for the namespace tests: sends 60-byte UDP frames through an {@link AfPacketPort} in
 * batches of 64, one flush per batch, waiting for free slots when the ring is full; the UDP source port cycles
 * over a number of flows.
 */
final class Blaster implements Runnable
{
    private final AfPacketPort port;
    private final long dstMac;
    private final int srcIp;
    private final int dstIp;
    private final int flows;
    private final long limit;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private volatile boolean running = true;
    private volatile long sent;

    Blaster(final AfPacketPort port, final long dstMac, final int srcIp, final int dstIp, final int flows,
        final long limit)
    {
        this.port = port;
        this.dstMac = dstMac;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.flows = flows;
        this.limit = limit;
    }

    @Override
    public void run()
    {
        final int vnet = port.vnetHeaderLength();
        long count = 0;
        while (running && count < limit)
        {
            int batch = 0;
            while (batch < 64 && count < limit)
            {
                final long address = port.claim(TestFrames.UDP_FRAME_LENGTH);
                if (0 == address)
                {
                    break;
                }
                frame.wrap(address - vnet, TestFrames.UDP_FRAME_LENGTH + vnet);
                if (0 != vnet)
                {
                    VnetHeader.writeNone(frame, 0);
                }
                TestFrames.udp(frame, vnet, dstMac, port.macAddress(), srcIp, dstIp, 10000 + (int)(count % flows));
                port.commit(address, TestFrames.UDP_FRAME_LENGTH, 0);
                batch++;
                count++;
            }
            port.flush();
            sent = count;
            if (0 == batch)
            {
                Thread.onSpinWait();
            }
        }
        sent = count;
    }

    void stop()
    {
        running = false;
    }

    long sent()
    {
        return sent;
    }
}

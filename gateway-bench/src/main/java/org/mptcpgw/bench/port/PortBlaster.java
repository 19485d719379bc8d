package org.mptcpgw.bench.port;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.port.afpacket.AfPacketConfig;
import org.mptcpgw.core.port.afpacket.AfPacketPort;
import org.mptcpgw.core.port.afpacket.RingVersion;
import org.mptcpgw.core.port.afpacket.TxMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * The fixed generator of the port benchmark: 60-byte UDP frames through a transmit-only {@link AfPacketPort},
 * in batches with one flush each. When the ring is full it kicks again and waits, so the generator slows down
 * to what the receiving side takes instead of losing frames; the rate delivered is measured at the sink.
 */
@Command(name = "port-blaster", mixinStandardHelpOptions = true,
    description = "Send 64-byte UDP frames through an AF_PACKET port for a number of seconds.")
public final class PortBlaster implements Callable<Integer>
{
    @Option(names = "--interface", required = true, description = "interface to send on")
    private String interfaceName;

    @Option(names = "--dst-mac", required = true, description = "destination MAC")
    private String dstMac;

    @Option(names = "--src-ip", required = true, description = "source IPv4 address")
    private String srcIp;

    @Option(names = "--dst-ip", required = true, description = "destination IPv4 address")
    private String dstIp;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to send")
    private double seconds;

    @Option(names = "--flows", defaultValue = "1", description = "UDP source ports to cycle through")
    private int flows;

    @Option(names = "--batch", defaultValue = "64", description = "frames per flush")
    private int batch;

    @Option(names = "--tx-mode", defaultValue = "TX_RING", description = "TX_RING or SEND")
    private TxMode txMode;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        final AfPacketConfig config = AfPacketConfig.builder()
            .receive(false).vnetHeader(false).ringVersion(RingVersion.V2).txMode(txMode).build();
        try (AfPacketPort port = AfPacketPort.open(interfaceName, config))
        {
            final long dst = Frames.parseMac(dstMac);
            final int src = Frames.parseIpv4(srcIp);
            final int dstAddress = Frames.parseIpv4(dstIp);
            final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
            final long startNs = System.nanoTime();
            final long endNs = startNs + (long)(seconds * 1e9);
            long sent = 0;
            long fullWaits = 0;
            int flow = 0;
            while (System.nanoTime() - endNs < 0)
            {
                int n = 0;
                while (n < batch)
                {
                    final long address = port.claim(Frames.UDP_FRAME_LENGTH);
                    if (0 == address)
                    {
                        fullWaits++;
                        break;
                    }
                    frame.wrap(address, Frames.UDP_FRAME_LENGTH);
                    Frames.udp(frame, 0, dst, port.macAddress(), src, dstAddress, 10000 + flow);
                    flow = flow + 1 == flows ? 0 : flow + 1;
                    port.commit(address, Frames.UDP_FRAME_LENGTH, 0);
                    n++;
                }
                port.flush();
                sent += n;
                if (n < batch)
                {
                    Thread.onSpinWait();
                }
            }
            final double elapsedS = (System.nanoTime() - startNs) / 1e9;
            System.out.printf("blaster sent=%d seconds=%.2f mpps=%.3f fullWaits=%d txRejected=%d%n",
                sent, elapsedS, sent / elapsedS / 1e6, fullWaits, port.statistics().txRejected());
        }
        return 0;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PortBlaster()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}

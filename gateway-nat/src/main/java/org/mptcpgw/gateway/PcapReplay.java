package org.mptcpgw.gateway;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.counters.GatewayCounters;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.pcap.PcapReader;
import org.mptcpgw.core.pcap.PcapWriter;
import org.mptcpgw.core.port.InMemoryPort;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;
import org.mptcpgw.gateway.pipeline.ControlEvents;
import org.mptcpgw.gateway.pipeline.GatewayPipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's pipeline offline: frames of a capture go in, what the gateway transmits comes out in another
 * capture. No root, no sockets; the clock is the capture's timestamps and the NAT's port search has a fixed seed,
 * so a replay is exactly reproducible (golden tests rely on it).
 * <p>
 * Which port a captured frame enters on: a frame whose source MAC is a path's {@code next-hop-mac} came from that
 * path's uplink; every other frame came from the LAN. The gateway's own ports have fixed MACs (the lab's):
 * {@code 02:00:00:00:00:02} for the LAN and {@code 02:00:00:00:0N:01} for path N (counting from 1). Frames are
 * processed one at a time, in capture order, and each output frame carries the timestamp of the input frame that
 * caused it.
 */
public final class PcapReplay
{
    /** MAC of the LAN port in replays. */
    public static final long LAN_MAC = 0x020000000002L;
    private static final long NAT_SEED = 0x5EED_0F_C0FFEEL;

    /**
     * What a replay did.
     *
     * @param framesIn  frames read.
     * @param framesOut frames written.
     * @param counters  the gateway's counters at the end (caller closes).
     */
    public record Result(long framesIn, long framesOut, GatewayCounters counters)
    {
    }

    private PcapReplay()
    {
    }

    /**
     * @param path path index.
     * @return MAC of the path's port in replays.
     */
    public static long pathMac(final int path)
    {
        return 0x020000000001L | ((long)(path + 1) << 8);
    }

    /**
     * Replay a capture.
     *
     * @param config configuration of the gateway (next-hop-mac set on every path, for port attribution).
     * @param input  capture to read (Ethernet).
     * @param output capture to write.
     * @return what happened.
     * @throws IOException if a file cannot be read or written.
     */
    public static Result replay(final GatewayConfig config, final Path input, final Path output) throws IOException
    {
        final List<PathConfig> paths = config.paths();
        final InMemoryPort[] ports = new InMemoryPort[paths.size() + 1];
        ports[0] = new InMemoryPort(config.string("lan.interface"), 256, 65536, LAN_MAC);
        for (final PathConfig p : paths)
        {
            ports[1 + p.index()] = new InMemoryPort(p.interfaceName(), 256, 65536, pathMac(p.index()));
        }
        final GatewayCounters counters = GatewayCounters.inMemory(4096);
        final long[] clock = {0};
        final GatewayPipeline pipeline = GatewayPipeline.build(config, 0, 1, ports.clone(), () -> clock[0],
            () -> clock[0], counters, ControlEvents.NONE, null, NAT_SEED);
        long in = 0;
        long out = 0;
        try (PcapReader reader = PcapReader.open(input);
            PcapWriter writer = PcapWriter.open(output, reader.linkType()))
        {
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            while (reader.next())
            {
                final byte[] frame = reader.frame();
                view.wrap(frame, 0, reader.capturedLength());
                clock[0] = reader.timestampNs();
                ports[ingress(paths, view)].inject(view, 0, reader.capturedLength(), 0);
                in++;
                for (int i = 0; i < 4; i++)
                {
                    pipeline.worker().doWork();
                }
                for (final InMemoryPort port : ports)
                {
                    out += port.drainTransmitted((buffer, offset, length, flags) ->
                    {
                        try
                        {
                            writer.write(buffer, offset, length, clock[0]);
                        }
                        catch (final IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    });
                }
            }
        }
        finally
        {
            for (final Port port : ports)
            {
                port.close();
            }
        }
        return new Result(in, out, counters);
    }

    private static int ingress(final List<PathConfig> paths, final UnsafeBuffer frame)
    {
        final long source = EthernetFlyweight.mac(frame, EthernetFlyweight.SOURCE_OFFSET);
        for (final PathConfig p : paths)
        {
            if (0 != p.nextHopMac() && p.nextHopMac() == source)
            {
                return 1 + p.index();
            }
        }
        return 0;
    }
}

package org.mptcpgw.gateway;

import org.agrona.concurrent.Agent;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.afpacket.AfPacketAvailability;
import org.mptcpgw.core.port.afpacket.AfPacketConfig;
import org.mptcpgw.core.port.afpacket.AfPacketException;
import org.mptcpgw.core.port.afpacket.AfPacketPort;
import org.mptcpgw.core.port.afpacket.FanoutMode;
import org.mptcpgw.core.port.afpacket.KernelIsolation;
import org.mptcpgw.core.port.afpacket.LinkMonitor;
import org.mptcpgw.core.port.afpacket.RingVersion;
import org.mptcpgw.core.port.afpacket.TxMode;
import org.mptcpgw.gateway.cli.StartupException;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.PathConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The production environment of the gateway: AF_PACKET ports configured from the {@code ring.*} keys, the checks
 * that the machine allows it (one clear line otherwise), the kernel's isolation from transit traffic
 * ({@code kernel.isolation}, docs/kernel-isolation.md) and the link monitor that feeds carrier changes to the
 * ports.
 */
public final class AfPacketWiring implements AutoCloseable
{
    private final GatewayConfig config;
    private final List<String> interfaces = new ArrayList<>();
    private final List<AfPacketPort> opened = new ArrayList<>();
    private KernelIsolation isolation;
    private LinkMonitor linkMonitor;

    /**
     * @param config the configuration.
     */
    public AfPacketWiring(final GatewayConfig config)
    {
        this.config = config;
        interfaces.add(config.string("lan.interface"));
        for (final PathConfig path : config.paths())
        {
            interfaces.add(path.interfaceName());
        }
    }

    /**
     * Check privileges and interfaces, then isolate the kernel as configured.
     *
     * @throws StartupException with one line saying what is wrong and how to fix it.
     */
    public void prepare()
    {
        final String problem = AfPacketAvailability.firstProblem(interfaces);
        if (null != problem)
        {
            throw new StartupException(problem);
        }
        switch (config.choice("kernel.isolation"))
        {
            case "nft" ->
            {
                try
                {
                    isolation = KernelIsolation.apply(interfaces);
                }
                catch (final AfPacketException ex)
                {
                    throw new StartupException(ex.getMessage(), ex);
                }
            }
            case "check" -> checkIsolated();
            default ->
            {
                // "off": the operator takes responsibility (lab debugging only).
            }
        }
    }

    private void checkIsolated()
    {
        for (final String name : interfaces)
        {
            final Path forwarding = Path.of("/proc/sys/net/ipv4/conf", name, "forwarding");
            try
            {
                if (Files.exists(forwarding) && !"0".equals(Files.readString(forwarding).trim()))
                {
                    throw new StartupException("the kernel forwards IPv4 on " + name + " and would forward transit " +
                        "frames a second time: set kernel.isolation=nft, or run 'sysctl -w net.ipv4.conf." + name +
                        ".forwarding=0' and drop transit frames at its netdev ingress (docs/kernel-isolation.md)");
                }
            }
            catch (final IOException ex)
            {
                throw new StartupException("cannot read " + forwarding + ": " + ex.getMessage());
            }
        }
    }

    /**
     * @return opens AF_PACKET ports with the configured rings.
     */
    public PortOpener opener()
    {
        return (interfaceName, workerIndex, workerCount) ->
        {
            try
            {
                final AfPacketPort port = AfPacketPort.open(interfaceName, portConfig(workerCount));
                opened.add(port);
                return port;
            }
            catch (final AfPacketException ex)
            {
                throw new StartupException(ex.getMessage(), ex);
            }
        };
    }

    /**
     * @param workerCount number of workers.
     * @return ring configuration from the {@code ring.*} keys.
     */
    AfPacketConfig portConfig(final int workerCount)
    {
        final AfPacketConfig.Builder builder = AfPacketConfig.builder()
            .ringVersion("v3".equals(config.choice("ring.rx-version")) ? RingVersion.V3 : RingVersion.V2)
            .rxBlockSizeBytes((int)config.size("ring.rx-block-size"))
            .rxBlockCount(config.integer("ring.rx-blocks", 2, 4096))
            .retireBlockTimeoutMs((int)Math.max(1, config.durationNs("ring.rx-block-timeout") / 1_000_000))
            .txMode("send".equals(config.choice("ring.tx-mode")) ? TxMode.SEND : TxMode.TX_RING)
            .txFrameCount(config.integer("ring.tx-frames", 16, 1 << 16))
            .qdiscBypass(config.bool("ring.qdisc-bypass"))
            .vnetHeader(config.bool("ring.vnet-header"));
        if (workerCount > 1)
        {
            builder.fanout((int)(ProcessHandle.current().pid() & 0xFFFF), FanoutMode.HASH);
        }
        return builder.build();
    }

    /**
     * @param ports every opened port (all workers).
     * @return an agent for the control thread that feeds carrier changes into the ports' statistics.
     */
    public Agent linkMonitorAgent(final List<Port> ports)
    {
        try
        {
            linkMonitor = LinkMonitor.open();
        }
        catch (final AfPacketException ex)
        {
            throw new StartupException(ex.getMessage(), ex);
        }
        for (final AfPacketPort port : opened)
        {
            linkMonitor.watch(port.interfaceInfo().index(), port.statistics());
            port.statistics().carrier(port.interfaceInfo().running());
        }
        linkMonitor.requestDump();
        final LinkMonitor monitor = linkMonitor;
        return new Agent()
        {
            @Override
            public int doWork()
            {
                return monitor.poll(null);
            }

            @Override
            public String roleName()
            {
                return "link-monitor";
            }
        };
    }

    /**
     * @return the opened ports.
     */
    public List<AfPacketPort> ports()
    {
        return opened;
    }

    /**
     * Undo the kernel isolation and close the link monitor (ports are closed by the gateway).
     */
    @Override
    public void close()
    {
        if (null != linkMonitor)
        {
            linkMonitor.close();
        }
        if (null != isolation)
        {
            isolation.close();
        }
    }
}

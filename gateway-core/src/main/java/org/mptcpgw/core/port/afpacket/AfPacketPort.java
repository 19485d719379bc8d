package org.mptcpgw.core.port.afpacket;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibC;
import org.mptcpgw.core.nativeio.Native;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.PortStatistics;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.mptcpgw.core.nativeio.LinuxConstants.*;

/**
 * A {@link Port} on a Linux network interface through AF_PACKET sockets:
 * <pre>
 *   RX socket: PACKET_VNET_HDR, PACKET_VERSION, PACKET_COPY_THRESH (V2), PACKET_RX_RING + mmap,
 *              PACKET_IGNORE_OUTGOING, bind(ETH_P_ALL, ifindex), PACKET_MR_PROMISC, PACKET_FANOUT
 *   TX socket: PACKET_VNET_HDR, PACKET_QDISC_BYPASS, [PACKET_VERSION, PACKET_LOSS, PACKET_TX_RING + mmap],
 *              bind(protocol 0, ifindex): a transmit-only socket never has frames queued to it
 *   second TX socket (TX_RING mode with virtio-net header only): like the TX socket, for frames longer than
 *              a ring slot (GSO super-frames): send(), or an optional ring of 64 KiB slots
 * </pre>
 * Frames are handed out in place in the receive ring ({@link RxRingV2} or {@link RxRingV3}) and returned at
 * {@link #releaseReceived()}. Transmission goes through {@link TxRingTransmitter} or {@link SendTransmitter}
 * depending on {@link AfPacketConfig#txMode()}. With a virtio-net header the 10 bytes before every frame carry
 * its checksum and GSO state, in both directions.
 * <p>
 * Used by one worker thread; {@link #statistics()} and {@link #counters()} may be read from others. Nothing on
 * the receive, transmit or {@link #pollStatistics()} path allocates or throws on bad input.
 */
public final class AfPacketPort implements Port
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final int[] NO_DESCRIPTORS = new int[0];

    private final InterfaceInfo info;
    private final AfPacketConfig config;
    private final PortStatistics statistics = new PortStatistics();
    private final AfPacketCounters counters = new AfPacketCounters();
    private final int vnetLength;

    private PacketSocket rxSocket;
    private PacketSocket txSocket;
    private PacketSocket oversizeSocket;
    private long rxMapping;
    private long rxMappingBytes;
    private long txMapping;
    private long txMappingBytes;
    private long largeMapping;
    private long largeMappingBytes;
    private RxRing rxRing;
    private OversizeBuffers oversize;
    private Transmitter transmitter;
    private UnsafeBuffer statisticsBuffer;
    private int[] pollDescriptors = NO_DESCRIPTORS;
    private boolean closed;

    private AfPacketPort(final InterfaceInfo info, final AfPacketConfig config)
    {
        this.info = info;
        this.config = config;
        this.vnetLength = config.vnetHeader() ? VnetHeader.LENGTH : 0;
    }

    /**
     * Open a port with the default configuration.
     *
     * @param interfaceName interface in the network namespace of the calling thread.
     * @return the port.
     * @throws AfPacketException with a one-line reason.
     */
    public static AfPacketPort open(final String interfaceName)
    {
        return open(interfaceName, AfPacketConfig.defaults());
    }

    /**
     * Open a port. Sockets are created in the network namespace of the calling thread (see
     * {@link org.mptcpgw.core.nativeio.NetNamespace}) and stay there.
     *
     * @param interfaceName interface name.
     * @param config        options.
     * @return the port.
     * @throws AfPacketException with a one-line reason (missing privilege, missing interface, ring too big).
     */
    public static AfPacketPort open(final String interfaceName, final AfPacketConfig config)
    {
        final InterfaceInfo info = InterfaceInfo.query(interfaceName);
        if (null == info)
        {
            throw new AfPacketException(AfPacketAvailability.interfaceMissing(interfaceName), ENODEV);
        }
        final AfPacketPort port = new AfPacketPort(info, config);
        try
        {
            port.openTransmit();
            if (config.receive())
            {
                port.openReceive();
            }
            return port;
        }
        catch (final RuntimeException ex)
        {
            port.close();
            throw ex;
        }
    }

    private void openReceive()
    {
        final LibC libc = Native.libc();
        final int pageSize = libc.getpagesize();
        final RingVersion version = config.ringVersion();
        final int minFrame = RingVersion.V2 == version ? TpacketLayout.TPACKET2_HDRLEN : TpacketLayout.TPACKET3_HDRLEN;
        final RingGeometry geometry = RingGeometry.ofBlocks(
            config.rxBlockSizeBytes(), config.rxBlockCount(), config.rxFrameSizeBytes(), minFrame, pageSize);
        rxSocket = PacketSocket.open(info.name());
        final PacketSocket s = rxSocket;
        if (0 != vnetLength)
        {
            s.setInt(SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
        }
        s.setInt(SOL_PACKET, PACKET_VERSION, version.kernelValue(), "PACKET_VERSION");
        final boolean copy = RingVersion.V2 == version && config.oversizeCopy() && config.oversizeBufferCount() > 0;
        if (copy)
        {
            s.setInt(SOL_PACKET, PACKET_COPY_THRESH, 1, "PACKET_COPY_THRESH");
            s.setBuffer(true, config.socketBufferBytes());
        }
        s.requestRing(PACKET_RX_RING, geometry, version, config.retireBlockTimeoutMs());
        rxMapping = s.map(geometry, config.lockRingMemory(), "receive");
        rxMappingBytes = geometry.mappedBytes();
        if (config.ignoreOutgoing())
        {
            s.setInt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
        }
        s.bind(ETH_P_ALL, info.index());
        if (config.promiscuous())
        {
            s.addPromiscuousMembership(info.index());
        }
        if (config.fanoutGroupId() >= 0)
        {
            final int fanout = config.fanoutGroupId() |
                ((config.fanoutMode().kernelValue() | PACKET_FANOUT_FLAG_DEFRAG) << 16);
            s.setInt(SOL_PACKET, PACKET_FANOUT, fanout, "PACKET_FANOUT");
        }
        final UnsafeBuffer ring = new UnsafeBuffer(rxMapping, (int)rxMappingBytes);
        if (RingVersion.V2 == version)
        {
            oversize = new OversizeBuffers(copy ? config.oversizeBufferCount() : 0);
            rxRing = new RxRingV2(ring, geometry, vnetLength, s.fd(), Native.fast(), oversize, counters);
        }
        else
        {
            rxRing = new RxRingV3(ring, geometry, vnetLength, counters);
        }
        statisticsBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        pollDescriptors = new int[]{s.fd()};
    }

    private PacketSocket openTransmitSocket()
    {
        final PacketSocket s = PacketSocket.open(info.name());
        if (0 != vnetLength)
        {
            s.setInt(SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
        }
        if (config.qdiscBypass())
        {
            s.setInt(SOL_PACKET, PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS");
        }
        s.setBuffer(false, config.socketBufferBytes());
        return s;
    }

    private void openTransmit()
    {
        txSocket = openTransmitSocket();
        final PacketSocket s = txSocket;
        // Layer-2 limit of the kernel for a frame without GSO: MTU + Ethernet header + one VLAN tag.
        final int maxLinear = info.mtu() + 18;
        if (TxMode.TX_RING == config.txMode())
        {
            final RingGeometry geometry = txGeometry(config.txFrameSizeBytes(), config.txFrameCount());
            txMapping = mapTxRing(s, geometry, "transmit");
            txMappingBytes = geometry.mappedBytes();
            s.bind(0, info.index());
            final TxRing small = new TxRing(s.fd(), Native.fast(), new UnsafeBuffer(txMapping, (int)txMappingBytes),
                geometry, config.ringVersion(), vnetLength, maxLinear, counters);
            TxRing large = null;
            int oversizeFd = -1;
            if (0 != vnetLength)
            {
                oversizeSocket = openTransmitSocket();
                oversizeFd = oversizeSocket.fd();
                if (config.txLargeFrameCount() > 0)
                {
                    final RingGeometry largeGeometry = txGeometry(largeSlotBytes(), config.txLargeFrameCount());
                    largeMapping = mapTxRing(oversizeSocket, largeGeometry, "large transmit");
                    largeMappingBytes = largeGeometry.mappedBytes();
                    large = new TxRing(oversizeFd, Native.fast(),
                        new UnsafeBuffer(largeMapping, (int)largeMappingBytes), largeGeometry, config.ringVersion(),
                        vnetLength, OversizeBuffers.MAX_FRAME_LENGTH, counters);
                }
                oversizeSocket.bind(0, info.index());
            }
            transmitter = new TxRingTransmitter(small, large, oversizeFd, Native.fast(), vnetLength, statistics,
                counters);
        }
        else
        {
            s.bind(0, info.index());
            transmitter = new SendTransmitter(s.fd(), Native.fast(), vnetLength, maxLinear, statistics, counters);
        }
    }

    private RingGeometry txGeometry(final int frameSize, final int frameCount)
    {
        final int minFrame = RingVersion.V2 == config.ringVersion() ?
            TpacketLayout.TPACKET2_HDRLEN : TpacketLayout.TPACKET3_HDRLEN;
        return RingGeometry.ofFrames(frameSize, frameCount, minFrame, Native.libc().getpagesize());
    }

    /**
     * Slot of the large TX ring: slot header, virtio-net header and the longest GSO frame, TPACKET-aligned.
     */
    private int largeSlotBytes()
    {
        final int dataOffset = RingVersion.V2 == config.ringVersion() ?
            TpacketLayout.V2_TX_DATA_OFFSET : TpacketLayout.V3_TX_DATA_OFFSET;
        return TpacketLayout.tpacketAlign(dataOffset + vnetLength + OversizeBuffers.MAX_FRAME_LENGTH);
    }

    private long mapTxRing(final PacketSocket socket, final RingGeometry geometry, final String ringName)
    {
        socket.setInt(SOL_PACKET, PACKET_VERSION, config.ringVersion().kernelValue(), "PACKET_VERSION");
        socket.setInt(SOL_PACKET, PACKET_LOSS, 1, "PACKET_LOSS");
        socket.requestRing(PACKET_TX_RING, geometry, config.ringVersion(), 0);
        return socket.map(geometry, config.lockRingMemory(), ringName);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return info.name();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int receive(final FrameVector vector, final int portIndex, final long nowNs)
    {
        return null != rxRing ? rxRing.receive(vector, portIndex, nowNs) : 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void releaseReceived()
    {
        if (null != rxRing)
        {
            rxRing.release();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long claim(final int frameLength)
    {
        return transmitter.claim(frameLength);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long address, final int frameLength, final int frameFlags)
    {
        transmitter.commit(address, frameLength);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int flush()
    {
        return transmitter.flush();
    }

    /**
     * @return frames committed to the TX ring that the kernel has not taken yet (its send buffer was full);
     * the next {@link #flush()} kicks them again.
     */
    @Override
    public int pendingTransmit()
    {
        return transmitter.pending();
    }

    /**
     * Read and reset the kernel's ring statistics (PACKET_STATISTICS) into {@link #statistics()} and
     * {@link #counters()}. Called periodically by the worker, not per frame.
     */
    @Override
    public void refreshStatistics()
    {
        pollStatistics();
    }

    /**
     * Read and reset the kernel's ring statistics; see {@link #refreshStatistics()}.
     *
     * @return frames dropped by the kernel since the previous call (ring full), or -1 if the read failed.
     */
    public long pollStatistics()
    {
        if (null == rxSocket)
        {
            return 0;
        }
        final boolean v3 = RingVersion.V3 == config.ringVersion();
        final int length = v3 ? TpacketLayout.TPACKET_STATS_V3_LENGTH : TpacketLayout.TPACKET_STATS_LENGTH;
        if (rxSocket.readStatistics(statisticsBuffer, length) < 0)
        {
            return -1;
        }
        final long packets = statisticsBuffer.getInt(0, HOST) & 0xFFFF_FFFFL;
        final long drops = statisticsBuffer.getInt(4, HOST) & 0xFFFF_FFFFL;
        counters.add(AfPacketCounter.KERNEL_PACKETS, packets);
        if (drops > 0)
        {
            statistics.addRingDrops(drops);
        }
        if (v3)
        {
            final long freezes = statisticsBuffer.getInt(8, HOST) & 0xFFFF_FFFFL;
            if (freezes > 0)
            {
                statistics.addRingFreezes(freezes);
            }
        }
        return drops;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int vnetHeaderLength()
    {
        return vnetLength;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int maxFrameLength()
    {
        return transmitter.maxFrameLength();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long macAddress()
    {
        return info.macAddress();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public PortStatistics statistics()
    {
        return statistics;
    }

    /**
     * @return the port's AF_PACKET specific counters.
     */
    public AfPacketCounters counters()
    {
        return counters;
    }

    /**
     * @return the interface facts read when the port was opened.
     */
    public InterfaceInfo interfaceInfo()
    {
        return info;
    }

    /**
     * @return the configuration.
     */
    public AfPacketConfig config()
    {
        return config;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int[] pollDescriptors()
    {
        return pollDescriptors;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final LibC libc = Native.libc();
        if (0 != rxMapping)
        {
            libc.munmap(rxMapping, rxMappingBytes);
            rxMapping = 0;
        }
        if (0 != txMapping)
        {
            libc.munmap(txMapping, txMappingBytes);
            txMapping = 0;
        }
        if (0 != largeMapping)
        {
            libc.munmap(largeMapping, largeMappingBytes);
            largeMapping = 0;
        }
        if (null != rxSocket)
        {
            rxSocket.close();
        }
        if (null != txSocket)
        {
            txSocket.close();
        }
        if (null != oversizeSocket)
        {
            oversizeSocket.close();
        }
        if (null != transmitter)
        {
            transmitter.close();
        }
        if (null != oversize)
        {
            oversize.free();
        }
        if (null != statisticsBuffer)
        {
            BufferUtil.free(statisticsBuffer);
        }
        rxRing = null;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "AfPacketPort{" + info + ", " + config + '}';
    }
}

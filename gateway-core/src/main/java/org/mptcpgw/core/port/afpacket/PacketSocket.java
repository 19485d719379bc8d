package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibC;
import org.mptcpgw.core.nativeio.Native;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.mptcpgw.core.nativeio.LinuxConstants.*;

/**
 * Setup calls on one AF_PACKET socket, each failing with an {@link AfPacketException} whose message names the
 * interface, the step and the errno text. Setup only: allocates freely.
 */
final class PacketSocket
{
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final LibC libc = Native.libc();
    private final String interfaceName;
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final int fd;

    private PacketSocket(final String interfaceName, final int fd)
    {
        this.interfaceName = interfaceName;
        this.fd = fd;
    }

    /**
     * Open an AF_PACKET raw socket with protocol 0: it receives nothing until bound with a protocol, so no
     * frame of another interface can slip into its ring before {@link #bind(int, int)}.
     *
     * @param interfaceName for messages.
     * @return the socket.
     */
    static PacketSocket open(final String interfaceName)
    {
        final LibC libc = Native.libc();
        final int fd = libc.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            final int errno = Native.errno();
            if (EPERM == errno || EACCES == errno)
            {
                throw new AfPacketException(AfPacketAvailability.NEEDS_CAP_NET_RAW, errno);
            }
            throw new AfPacketException("cannot open an AF_PACKET socket for '" + interfaceName + "': " +
                Native.lastErrorText(), errno);
        }
        return new PacketSocket(interfaceName, fd);
    }

    int fd()
    {
        return fd;
    }

    void setInt(final int level, final int option, final int value, final String what)
    {
        scratch.putInt(0, value, ORDER);
        if (libc.setsockopt(fd, level, option, scratch.addressOffset(), Integer.BYTES) < 0)
        {
            throw failure("cannot set " + what + " on", "");
        }
    }

    /**
     * Set SO_RCVBUF or SO_SNDBUF, past the sysctl maximum when CAP_NET_ADMIN allows (the *FORCE variant).
     */
    void setBuffer(final boolean receive, final int bytes)
    {
        scratch.putInt(0, bytes, ORDER);
        final int force = receive ? SO_RCVBUFFORCE : SO_SNDBUFFORCE;
        if (libc.setsockopt(fd, SOL_SOCKET, force, scratch.addressOffset(), Integer.BYTES) < 0)
        {
            setInt(SOL_SOCKET, receive ? SO_RCVBUF : SO_SNDBUF, bytes, receive ? "SO_RCVBUF" : "SO_SNDBUF");
        }
    }

    /**
     * @param protocolHostOrder ETH_P_ALL to receive, 0 for a transmit-only socket.
     * @param ifIndex           interface index.
     */
    void bind(final int protocolHostOrder, final int ifIndex)
    {
        scratch.setMemory(0, TpacketLayout.SOCKADDR_LL_LENGTH, (byte)0);
        scratch.putShort(TpacketLayout.SLL_FAMILY_OFFSET, (short)AF_PACKET, ORDER);
        scratch.putShort(TpacketLayout.SLL_PROTOCOL_OFFSET, (short)protocolHostOrder, ByteOrder.BIG_ENDIAN);
        scratch.putInt(TpacketLayout.SLL_IFINDEX_OFFSET, ifIndex, ORDER);
        if (libc.bind(fd, scratch.addressOffset(), TpacketLayout.SOCKADDR_LL_LENGTH) < 0)
        {
            throw failure("cannot bind to", "");
        }
    }

    void addPromiscuousMembership(final int ifIndex)
    {
        scratch.setMemory(0, TpacketLayout.PACKET_MREQ_LENGTH, (byte)0);
        scratch.putInt(0, ifIndex, ORDER);
        scratch.putShort(4, (short)PACKET_MR_PROMISC, ORDER);
        if (libc.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, scratch.addressOffset(),
            TpacketLayout.PACKET_MREQ_LENGTH) < 0)
        {
            throw failure("cannot enable promiscuous mode (PACKET_MR_PROMISC) on", " (needs CAP_NET_RAW)");
        }
    }

    /**
     * Ask the kernel for a ring (PACKET_RX_RING or PACKET_TX_RING with a tpacket_req or tpacket_req3).
     */
    void requestRing(
        final int option, final RingGeometry geometry, final RingVersion version, final int retireBlockTimeoutMs)
    {
        scratch.setMemory(0, TpacketLayout.TPACKET_REQ3_LENGTH, (byte)0);
        scratch.putInt(0, geometry.blockSize(), ORDER);
        scratch.putInt(4, geometry.blockCount(), ORDER);
        scratch.putInt(8, geometry.frameSize(), ORDER);
        scratch.putInt(12, geometry.frameCount(), ORDER);
        int length = TpacketLayout.TPACKET_REQ_LENGTH;
        if (RingVersion.V3 == version)
        {
            scratch.putInt(TpacketLayout.REQ3_RETIRE_BLK_TOV_OFFSET, retireBlockTimeoutMs, ORDER);
            length = TpacketLayout.TPACKET_REQ3_LENGTH;
        }
        if (libc.setsockopt(fd, SOL_PACKET, option, scratch.addressOffset(), length) < 0)
        {
            throw ringFailure(option == PACKET_RX_RING ? "receive" : "transmit", geometry, false);
        }
    }

    /**
     * Map the ring of this socket.
     *
     * @return the address of the mapping.
     */
    long map(final RingGeometry geometry, final boolean lock, final String ringName)
    {
        final int flags = MAP_SHARED | (lock ? MAP_LOCKED | MAP_POPULATE : 0);
        final long address = libc.mmap(null, geometry.mappedBytes(), PROT_READ | PROT_WRITE, flags, fd, 0);
        if (MAP_FAILED == address)
        {
            throw ringFailure(ringName, geometry, lock);
        }
        return address;
    }

    private AfPacketException ringFailure(final String ringName, final RingGeometry geometry, final boolean lock)
    {
        final int errno = Native.errno();
        return new AfPacketException("cannot map the " + ringName + " ring of '" + interfaceName + "' (" +
            geometry + "): " + Native.lastErrorText() + ": lower the block size/count" +
            (lock ? " or raise `ulimit -l`" : "") + " (see docs/afpacket.md)", errno);
    }

    int readStatistics(final UnsafeBuffer into, final int length)
    {
        scratch.putInt(0, length, ORDER);
        return libc.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, into.addressOffset(), scratch.addressOffset());
    }

    AfPacketException failure(final String what, final String hint)
    {
        final int errno = Native.errno();
        return new AfPacketException(what + " '" + interfaceName + "': " + Native.lastErrorText() + hint, errno);
    }

    void close()
    {
        libc.close(fd);
    }
}

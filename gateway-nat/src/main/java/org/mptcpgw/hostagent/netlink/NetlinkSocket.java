package org.mptcpgw.hostagent.netlink;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.Errno;
import org.mptcpgw.core.nativeio.LibC;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.nativeio.Native;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A non-blocking netlink datagram socket ({@code AF_NETLINK}, {@code SOCK_RAW}) over the project's JNR-FFI binding
 * ({@link LibC}), bound to a port id the kernel assigns. A socket belongs to the network namespace of the thread that
 * opened it.
 * <pre>
 *   struct sockaddr_nl { u16 nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }   12 bytes, host order
 * </pre>
 * Set-up failures throw {@link NetlinkException} with the errno; {@link #send} and {@link #receive} return errno
 * values instead, since the run loop handles them.
 */
public final class NetlinkSocket implements AutoCloseable
{
    /** Length of struct sockaddr_nl. */
    public static final int SOCKADDR_NL_LENGTH = 12;

    private static final ByteOrder ORDER = Netlink.ORDER;

    private final LibC libc;
    private final int fd;
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
    private boolean closed;

    private NetlinkSocket(final LibC libc, final int fd)
    {
        this.libc = libc;
        this.fd = fd;
    }

    /**
     * Open and bind a netlink socket in the calling thread's network namespace.
     *
     * @param protocol netlink protocol, e.g. {@link Netlink#NETLINK_GENERIC}.
     * @return the socket.
     * @throws NetlinkException if the kernel refuses.
     */
    public static NetlinkSocket open(final int protocol)
    {
        final LibC libc = Native.libc();
        final int fd = libc.socket(LinuxConstants.AF_NETLINK,
            LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            final int errno = Native.errno();
            throw new NetlinkException("cannot open a netlink socket: " + Errno.describe(errno), errno);
        }
        final NetlinkSocket socket = new NetlinkSocket(libc, fd);
        final UnsafeBuffer address = socket.scratch;
        address.setMemory(0, SOCKADDR_NL_LENGTH, (byte)0);
        address.putShort(0, (short)LinuxConstants.AF_NETLINK, ORDER);
        if (libc.bind(fd, address.addressOffset(), SOCKADDR_NL_LENGTH) < 0)
        {
            final int errno = Native.errno();
            socket.close();
            throw new NetlinkException("cannot bind a netlink socket: " + Errno.describe(errno), errno);
        }
        return socket;
    }

    /**
     * @return the descriptor (for poll).
     */
    public int fd()
    {
        return fd;
    }

    /**
     * Set an integer socket option.
     *
     * @param level  SOL_SOCKET or SOL_NETLINK.
     * @param option option name.
     * @param value  its value.
     * @return 0, or the errno of the failure.
     */
    public int option(final int level, final int option, final int value)
    {
        scratch.putInt(0, value, ORDER);
        return libc.setsockopt(fd, level, option, scratch.addressOffset(), 4) < 0 ? Native.errno() : 0;
    }

    /**
     * Join a multicast group (NETLINK_ADD_MEMBERSHIP).
     *
     * @param group the group id (from the generic netlink controller).
     * @throws NetlinkException if the kernel refuses (EPERM without CAP_NET_ADMIN for mptcp_pm_events).
     */
    public void joinGroup(final int group)
    {
        final int errno = option(Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
        if (0 != errno)
        {
            throw new NetlinkException("cannot join netlink multicast group " + group + ": " +
                Errno.describe(errno), errno);
        }
    }

    /**
     * Ask for a receive buffer of a given size, beyond net.core.rmem_max if allowed (so that bursts of events are
     * not dropped).
     *
     * @param bytes requested size.
     * @return 0, or the errno of the failure of both attempts.
     */
    public int receiveBufferSize(final int bytes)
    {
        return 0 == option(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUFFORCE, bytes) ? 0 :
            option(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUF, bytes);
    }

    /**
     * Send one message to the kernel.
     *
     * @param buffer buffer over native memory holding the message at offset 0.
     * @param length its length.
     * @return 0, or the errno of the failure.
     */
    public int send(final DirectBuffer buffer, final int length)
    {
        final long sent = libc.send(fd, buffer.addressOffset(), length, 0);
        if (sent < 0)
        {
            return Native.errno();
        }
        return sent == length ? 0 : LinuxConstants.EAGAIN;
    }

    /**
     * Receive one datagram without waiting.
     *
     * @param buffer buffer over native memory to receive into, at offset 0.
     * @return the datagram's length (more than the capacity if it was truncated), or minus the errno: -EAGAIN when
     * there is nothing, -ENOBUFS when the kernel dropped messages for this socket.
     */
    public int receive(final UnsafeBuffer buffer)
    {
        final long received = libc.recv(fd, buffer.addressOffset(), buffer.capacity(),
            LinuxConstants.MSG_DONTWAIT | LinuxConstants.MSG_TRUNC);
        if (received < 0)
        {
            return -Native.errno();
        }
        return (int)Math.min(Integer.MAX_VALUE, received);
    }

    /**
     * Close the descriptor. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            libc.close(fd);
            BufferUtil.free(scratch);
        }
    }

    /**
     * @return the descriptor for logs.
     */
    @Override
    public String toString()
    {
        return "NetlinkSocket{fd=" + fd + (closed ? ", closed" : "") + '}';
    }
}

package org.mptcpgw.hostagent.netlink;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few C library calls a netlink socket needs, bound with JNR-FFI. Structures are passed as raw addresses of
 * native memory the caller owns (no JNR Struct, no marshalling). Every call saves errno; read it with
 * {@link #errno()} right after a failed call on the same thread.
 * <p>
 * This is a minimal private binding until the project's {@code org.mptcpgw.core.nativeio.LibC} is on main.
 */
public interface NetlinkLibC
{
    /**
     * {@code socket(2)}.
     *
     * @param domain   AF_NETLINK.
     * @param type     SOCK_RAW, with SOCK_NONBLOCK / SOCK_CLOEXEC.
     * @param protocol NETLINK_GENERIC.
     * @return the descriptor, or -1.
     */
    int socket(int domain, int type, int protocol);

    /**
     * {@code bind(2)}.
     *
     * @param fd            socket.
     * @param address       address of a sockaddr_nl.
     * @param addressLength its length.
     * @return 0 or -1.
     */
    int bind(int fd, @intptr_t long address, int addressLength);

    /**
     * {@code setsockopt(2)}.
     *
     * @param fd          socket.
     * @param level       SOL_SOCKET, SOL_NETLINK.
     * @param option      option name.
     * @param value       address of the value.
     * @param valueLength its length.
     * @return 0 or -1.
     */
    int setsockopt(int fd, int level, int option, @intptr_t long value, int valueLength);

    /**
     * {@code send(2)}.
     *
     * @param fd     socket.
     * @param buffer address of the bytes.
     * @param length number of bytes.
     * @param flags  MSG_* bits.
     * @return bytes sent, or -1.
     */
    @ssize_t long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /**
     * {@code recv(2)}.
     *
     * @param fd     socket.
     * @param buffer address to write to.
     * @param length capacity.
     * @param flags  MSG_* bits.
     * @return bytes received (the datagram's full length with MSG_TRUNC), or -1.
     */
    @ssize_t long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /**
     * {@code poll(2)}.
     *
     * @param fds       address of an array of struct pollfd.
     * @param count     number of entries.
     * @param timeoutMs longest wait in milliseconds.
     * @return number of ready entries, 0 on timeout, -1 on error.
     */
    int poll(@intptr_t long fds, long count, int timeoutMs);

    /**
     * {@code close(2)}.
     *
     * @param fd descriptor.
     * @return 0 or -1.
     */
    int close(int fd);

    /**
     * {@code strerror(3)}.
     *
     * @param errno an error number.
     * @return its message.
     */
    String strerror(int errno);

    /**
     * @return the binding, loaded once.
     */
    static NetlinkLibC libc()
    {
        return Holder.LIBC;
    }

    /**
     * @return errno of the last failed call on this thread.
     */
    static int errno()
    {
        return Holder.RUNTIME.getLastError();
    }

    /**
     * @param errno an error number.
     * @return e.g. "Operation not permitted (errno 1)".
     */
    static String describe(final int errno)
    {
        return libc().strerror(errno) + " (errno " + errno + ")";
    }

    /**
     * Lazy holder: the library loads on first use.
     */
    final class Holder
    {
        static final NetlinkLibC LIBC = LibraryLoader.create(NetlinkLibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

        private Holder()
        {
        }
    }
}

package org.mptcpgw.core.nativeio;

import jnr.ffi.Pointer;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * JNR-FFI binding of the C library functions used at setup and on the control plane. Every call saves errno,
 * read it with {@link Native#errno()} right after a failed call on the same thread.
 * <p>
 * Structures are passed as raw addresses ({@code @intptr_t long}) of memory the caller owns (an Agrona
 * {@code UnsafeBuffer} over a direct buffer), never as JNR {@code Struct} objects: no marshalling and no
 * allocation per call.
 * <p>
 * Two functions are variadic in C ({@code open}, {@code ioctl}); they are declared here with their fixed
 * arguments only, which the x86-64 and AArch64 Linux calling conventions pass exactly like a plain call.
 */
public interface LibC
{
    /**
     * {@code socket(2)}.
     *
     * @param domain   address family (AF_PACKET, AF_NETLINK, AF_INET).
     * @param type     socket type, possibly with SOCK_NONBLOCK / SOCK_CLOEXEC.
     * @param protocol protocol; for AF_PACKET in network byte order.
     * @return the descriptor, or -1.
     */
    int socket(int domain, int type, int protocol);

    /**
     * {@code bind(2)}.
     *
     * @param fd            socket.
     * @param address       address of a sockaddr.
     * @param addressLength its length in bytes.
     * @return 0 or -1.
     */
    int bind(int fd, @intptr_t long address, int addressLength);

    /**
     * {@code setsockopt(2)}.
     *
     * @param fd          socket.
     * @param level       SOL_SOCKET, SOL_PACKET...
     * @param option      option name.
     * @param value       address of the value.
     * @param valueLength length of the value in bytes.
     * @return 0 or -1.
     */
    int setsockopt(int fd, int level, int option, @intptr_t long value, int valueLength);

    /**
     * {@code getsockopt(2)}.
     *
     * @param fd                 socket.
     * @param level              SOL_SOCKET, SOL_PACKET...
     * @param option             option name.
     * @param value              address to write the value to.
     * @param valueLengthAddress address of a socklen_t holding the buffer size, updated to the value length.
     * @return 0 or -1.
     */
    int getsockopt(int fd, int level, int option, @intptr_t long value, @intptr_t long valueLengthAddress);

    /**
     * {@code mmap(2)}. The first parameter is a {@link Pointer} (pass null) on purpose: jnr-ffi 2.2.17
     * corrupts the sixth argument of a function whose six parameters are all primitives (jnr/jnr-ffi#181),
     * which would turn the offset into garbage and make glibc fail with EINVAL.
     *
     * @param address    must be null (let the kernel choose).
     * @param length     length of the mapping in bytes.
     * @param protection PROT_* bits.
     * @param flags      MAP_* bits.
     * @param fd         descriptor to map.
     * @param offset     offset in the file; 0 for packet rings.
     * @return the address of the mapping, or {@link LinuxConstants#MAP_FAILED}.
     */
    @intptr_t long mmap(Pointer address, @size_t long length, int protection, int flags, int fd, @off_t long offset);

    /**
     * {@code munmap(2)}.
     *
     * @param address start of the mapping.
     * @param length  length of the mapping in bytes.
     * @return 0 or -1.
     */
    int munmap(@intptr_t long address, @size_t long length);

    /**
     * {@code send(2)} that saves errno (control plane; the data path uses {@link LibCFast#send}).
     *
     * @param fd     socket.
     * @param buffer address of the bytes.
     * @param length number of bytes.
     * @param flags  MSG_* bits.
     * @return bytes sent, or -1.
     */
    @ssize_t long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /**
     * {@code recv(2)} that saves errno (control plane; the data path uses {@link LibCFast#recv}).
     *
     * @param fd     socket.
     * @param buffer address to write to.
     * @param length capacity in bytes.
     * @param flags  MSG_* bits.
     * @return bytes received (the full datagram length with MSG_TRUNC), or -1.
     */
    @ssize_t long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /**
     * {@code close(2)}.
     *
     * @param fd descriptor.
     * @return 0 or -1.
     */
    int close(int fd);

    /**
     * {@code ioctl(2)} with a pointer argument.
     *
     * @param fd       descriptor.
     * @param request  request code (SIOCGIFINDEX...).
     * @param argument address of the argument (a struct ifreq).
     * @return 0 or -1.
     */
    int ioctl(int fd, @u_int64_t long request, @intptr_t long argument);

    /**
     * {@code if_nametoindex(3)}: resolves the name in the network namespace of the calling thread.
     *
     * @param name interface name.
     * @return the index, or 0 when there is no such interface.
     */
    int if_nametoindex(String name);

    /**
     * {@code strerror(3)}.
     *
     * @param errno error number.
     * @return the message.
     */
    String strerror(int errno);

    /**
     * {@code setns(2)}: move the calling thread into the namespace behind the descriptor.
     *
     * @param fd     descriptor of a namespace file.
     * @param nsType CLONE_NEWNET, or 0 for any.
     * @return 0 or -1.
     */
    int setns(int fd, int nsType);

    /**
     * {@code open(2)} without a mode (files are only opened, never created).
     *
     * @param path  path.
     * @param flags O_* bits.
     * @return the descriptor, or -1.
     */
    int open(String path, int flags);

    /**
     * {@code getpid(2)}.
     *
     * @return the process id.
     */
    int getpid();

    /**
     * {@code kill(2)}: send a signal to a process (the CLI's {@code reload} sends SIGHUP to the gateway).
     *
     * @param pid    process id.
     * @param signal signal number.
     * @return 0, or -1 with errno set.
     */
    int kill(int pid, int signal);

    /**
     * {@code getpagesize(2)}.
     *
     * @return the page size in bytes.
     */
    int getpagesize();

    /**
     * {@code gettid(2)}.
     *
     * @return the id of the calling thread.
     */
    int gettid();
}

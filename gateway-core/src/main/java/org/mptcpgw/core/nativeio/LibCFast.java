package org.mptcpgw.core.nativeio;

import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * The data-path subset of the C library: called per batch (or per frame in the {@code send} transmit mode),
 * so errno is not saved ({@code @IgnoreError} halves the call overhead of JNR-FFI) and every argument is a
 * primitive. Callers only look at the return value.
 */
public interface LibCFast
{
    /**
     * {@code poll(2)}.
     *
     * @param fds       address of an array of struct pollfd.
     * @param fdCount   number of entries.
     * @param timeoutMs timeout in milliseconds, 0 to return at once, -1 to wait forever.
     * @return number of ready descriptors, 0 on timeout, -1 on error.
     */
    @IgnoreError
    int poll(@intptr_t long fds, @u_int64_t long fdCount, int timeoutMs);

    /**
     * {@code send(2)}; with a null buffer and length 0 it kicks a PACKET_TX_RING.
     *
     * @param fd     socket.
     * @param buffer address of the bytes (0 for a ring kick).
     * @param length number of bytes.
     * @param flags  MSG_* bits.
     * @return bytes sent, or -1.
     */
    @IgnoreError
    @ssize_t long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /**
     * {@code recv(2)}.
     *
     * @param fd     socket.
     * @param buffer address to write to.
     * @param length capacity in bytes.
     * @param flags  MSG_* bits.
     * @return bytes received (the full datagram length with MSG_TRUNC), or -1.
     */
    @IgnoreError
    @ssize_t long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);
}

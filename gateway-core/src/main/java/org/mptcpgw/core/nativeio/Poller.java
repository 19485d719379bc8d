package org.mptcpgw.core.nativeio;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Waits for a fixed set of descriptors to become readable: {@code poll(2)} over an array of
 * {@code struct pollfd} kept in native memory, so a wait allocates nothing. The worker calls it only when a
 * duty cycle found no work; the idle strategy around it decides the timeout.
 * <pre>
 *   struct pollfd { int fd; short events; short revents; }   8 bytes per entry
 * </pre>
 * Not thread-safe: one poller per waiting thread.
 */
public final class Poller implements AutoCloseable
{
    /** Size of one {@code struct pollfd} in bytes. */
    public static final int POLLFD_LENGTH = 8;
    /** Offset of {@code fd}. */
    public static final int FD_OFFSET = 0;
    /** Offset of {@code events}. */
    public static final int EVENTS_OFFSET = 4;
    /** Offset of {@code revents}. */
    public static final int REVENTS_OFFSET = 6;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int READY_EVENTS =
        LinuxConstants.POLLIN | LinuxConstants.POLLERR | LinuxConstants.POLLHUP | LinuxConstants.POLLNVAL;

    private final UnsafeBuffer pollfds;
    private final int count;
    private final LibCFast fast;

    /**
     * @param fds descriptors to wait on for POLLIN.
     */
    public Poller(final int... fds)
    {
        if (0 == fds.length)
        {
            throw new IllegalArgumentException("no descriptors to poll");
        }
        count = fds.length;
        pollfds = new UnsafeBuffer(ByteBuffer.allocateDirect(count * POLLFD_LENGTH));
        for (int i = 0; i < count; i++)
        {
            pollfds.putInt(i * POLLFD_LENGTH + FD_OFFSET, fds[i], ORDER);
            pollfds.putShort(i * POLLFD_LENGTH + EVENTS_OFFSET, LinuxConstants.POLLIN, ORDER);
        }
        fast = Native.fast();
    }

    /**
     * Wait until at least one descriptor is readable or the timeout expires.
     *
     * @param timeoutMs longest wait in milliseconds; 0 only checks.
     * @return number of ready descriptors, 0 on timeout, -1 on error (e.g. EINTR).
     */
    public int poll(final int timeoutMs)
    {
        for (int i = 0; i < count; i++)
        {
            pollfds.putShort(i * POLLFD_LENGTH + REVENTS_OFFSET, (short)0, ORDER);
        }
        return fast.poll(pollfds.addressOffset(), count, timeoutMs);
    }

    /**
     * @param index position of the descriptor given at construction.
     * @return true if the last {@link #poll(int)} reported it readable (or in error, so that the owner looks).
     */
    public boolean ready(final int index)
    {
        return 0 != (pollfds.getShort(index * POLLFD_LENGTH + REVENTS_OFFSET, ORDER) & READY_EVENTS);
    }

    /**
     * @return number of descriptors.
     */
    public int count()
    {
        return count;
    }

    /**
     * Free the native array. The descriptors are not closed: they belong to their ports.
     */
    @Override
    public void close()
    {
        BufferUtil.free(pollfds);
    }
}

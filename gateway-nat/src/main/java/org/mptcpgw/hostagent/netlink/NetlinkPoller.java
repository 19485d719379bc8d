package org.mptcpgw.hostagent.netlink;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Waits until one of a fixed set of descriptors is readable: {@code poll(2)} over an array of {@code struct pollfd}
 * kept in native memory, so waiting allocates nothing.
 * <pre>
 *   struct pollfd { int fd; short events; short revents; }   8 bytes per entry, host order
 * </pre>
 * One poller per waiting thread.
 */
public final class NetlinkPoller implements AutoCloseable
{
    /** Size of struct pollfd. */
    public static final int POLLFD_LENGTH = 8;
    /** POLLIN. */
    public static final short POLLIN = 0x001;
    /** POLLERR. */
    public static final short POLLERR = 0x008;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int FD_OFFSET = 0;
    private static final int EVENTS_OFFSET = 4;
    private static final int REVENTS_OFFSET = 6;

    private final NetlinkLibC libc = NetlinkLibC.libc();
    private final UnsafeBuffer pollfds;
    private final int count;

    /**
     * @param fds descriptors to wait on for POLLIN.
     */
    public NetlinkPoller(final int... fds)
    {
        count = fds.length;
        pollfds = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, count) * POLLFD_LENGTH));
        for (int i = 0; i < count; i++)
        {
            pollfds.putInt(i * POLLFD_LENGTH + FD_OFFSET, fds[i], ORDER);
            pollfds.putShort(i * POLLFD_LENGTH + EVENTS_OFFSET, POLLIN, ORDER);
        }
    }

    /**
     * Wait at most a timeout.
     *
     * @param timeoutMs longest wait in milliseconds (0: just check).
     * @return number of ready descriptors, 0 on timeout, -1 on error (EINTR).
     */
    public int poll(final int timeoutMs)
    {
        for (int i = 0; i < count; i++)
        {
            pollfds.putShort(i * POLLFD_LENGTH + REVENTS_OFFSET, (short)0, ORDER);
        }
        return libc.poll(pollfds.addressOffset(), count, timeoutMs);
    }

    /**
     * @param index position of a descriptor given at construction.
     * @return true if the last poll found it readable or in error.
     */
    public boolean ready(final int index)
    {
        return 0 != pollfds.getShort(index * POLLFD_LENGTH + REVENTS_OFFSET, ORDER);
    }

    /**
     * Free the native array (the descriptors stay open).
     */
    @Override
    public void close()
    {
        BufferUtil.free(pollfds);
    }
}

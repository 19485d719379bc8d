package org.mptcpgw.hostagent.netlink;

/**
 * A netlink socket operation failed at set-up (not per message): the errno and a one-line reason.
 */
public final class NetlinkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param message what failed, one line.
     * @param errno   the errno of the failed call (0 if none).
     */
    public NetlinkException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    /**
     * @return the errno of the failed call, 0 if none.
     */
    public int errno()
    {
        return errno;
    }
}

package org.mptcpgw.core.port.afpacket;

/**
 * An AF_PACKET port or a check around it could not be set up. The message is one line meant for the operator:
 * what failed, the errno text when there is one, and what to do about it.
 */
public final class AfPacketException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param message one line: what failed and what to do.
     * @param errno   the errno behind it, or 0.
     */
    public AfPacketException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    /**
     * @return the errno behind the failure, or 0.
     */
    public int errno()
    {
        return errno;
    }
}

package org.mptcpgw.core.lab;

/**
 * A lab operation (up, mode, down, a measurement) failed.
 */
public final class LabException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A failure with a message.
     *
     * @param message what failed, with the command's output.
     */
    public LabException(final String message)
    {
        super(message);
    }

    /**
     * A failure with a cause.
     *
     * @param message what failed.
     * @param cause   the underlying exception.
     */
    public LabException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

package org.mptcpgw.gateway.cli;

/**
 * The environment does not allow the gateway to start (missing privilege, interface, tool): one line that says what
 * is wrong and how to fix it. The CLI prints it and exits with {@link Main#EXIT_ENVIRONMENT}.
 */
public final class StartupException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it, one line.
     */
    public StartupException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it, one line.
     * @param cause   underlying error.
     */
    public StartupException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

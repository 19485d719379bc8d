package org.mptcpgw.gateway.config;

/**
 * A configuration error: names the key and says what is wrong and how to fix it, in one line.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the offending key (or a file name when the file itself is the problem).
     * @param message what is wrong and how to fix it.
     */
    public ConfigException(final String key, final String message)
    {
        super(key + ": " + message);
        this.key = key;
    }

    /**
     * @return the offending key.
     */
    public String key()
    {
        return key;
    }
}

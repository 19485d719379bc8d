package org.mptcpgw.gateway.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types of configuration values and their parsers. Each parser returns the value in the unit named by the key
 * (nanoseconds for durations, bytes for sizes) or throws {@link ConfigException} with a message that says what a
 * valid value looks like.
 */
public enum ValueType
{
    /** Free text. */
    STRING("text"),
    /** A decimal integer. */
    INTEGER("integer"),
    /** true or false. */
    BOOLEAN("true|false"),
    /** A duration such as 500ms, 4m, 2h4m or 7440s; stored in nanoseconds. */
    DURATION("duration, e.g. 500ms, 60s, 2h4m"),
    /** A size such as 64k, 1m or 4096; stored in bytes. */
    SIZE("size in bytes, e.g. 4096, 64k, 1m"),
    /** A dotted-quad IPv4 address. */
    IPV4("IPv4 address, e.g. 198.51.100.2"),
    /** Comma-separated IPv4 prefixes. */
    IPV4_PREFIXES("IPv4 prefixes, e.g. 192.0.2.3/32,192.0.2.64/26"),
    /** A MAC address aa:bb:cc:dd:ee:ff. */
    MAC("MAC address, e.g. 02:00:00:00:01:02"),
    /** A port range lo-hi. */
    PORT_RANGE("port range, e.g. 1024-65535"),
    /** host:port to bind to. */
    ENDPOINT("address:port, e.g. 127.0.0.1:9464"),
    /** Comma-separated integers. */
    INTEGER_LIST("comma-separated integers, e.g. 0,1"),
    /** One of a fixed set of words. */
    CHOICE("one of the listed words");

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)");
    private static final Pattern MAC_PATTERN = Pattern.compile("([0-9a-fA-F]{2})(:[0-9a-fA-F]{2}){5}");

    private final String description;

    ValueType(final String description)
    {
        this.description = description;
    }

    /**
     * @return how a valid value looks, for documentation and errors.
     */
    public String description()
    {
        return description;
    }

    /**
     * Parse a duration.
     *
     * @param key   key, for errors.
     * @param value text.
     * @return nanoseconds.
     */
    public static long parseDurationNs(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        final Matcher m = DURATION_PART.matcher(v);
        int end = 0;
        long total = 0;
        boolean any = false;
        while (m.find())
        {
            if (m.start() != end)
            {
                throw badDuration(key, value);
            }
            end = m.end();
            any = true;
            final long n = Long.parseLong(m.group(1));
            final long unitNs = switch (m.group(2))
            {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            total = Math.addExact(total, Math.multiplyExact(n, unitNs));
        }
        if (!any || end != v.length())
        {
            throw badDuration(key, value);
        }
        return total;
    }

    private static ConfigException badDuration(final String key, final String value)
    {
        return new ConfigException(key, "'" + value + "' is not a duration (use e.g. 500ms, 60s, 4m, 2h4m)");
    }

    /**
     * Parse a size.
     *
     * @param key   key, for errors.
     * @param value text such as 64k.
     * @return bytes.
     */
    public static long parseSize(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = v;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g"))
        {
            multiplier = switch (v.charAt(v.length() - 1))
            {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            digits = v.substring(0, v.length() - 1);
        }
        try
        {
            return Math.multiplyExact(Long.parseLong(digits), multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new ConfigException(key, "'" + value + "' is not a size (use e.g. 4096, 64k, 1m)");
        }
    }

    /**
     * Parse an IPv4 address.
     *
     * @param key   key, for errors.
     * @param value dotted quad.
     * @return the address as an int in network order (first octet in the high byte).
     */
    public static int parseIpv4(final String key, final String value)
    {
        final String[] parts = value.trim().split("\\.", -1);
        if (4 != parts.length)
        {
            throw new ConfigException(key, "'" + value + "' is not an IPv4 address (use e.g. 198.51.100.2)");
        }
        int address = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new ConfigException(key, "'" + value + "' is not an IPv4 address (use e.g. 198.51.100.2)");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3)
            {
                throw new ConfigException(key, "'" + value + "' is not an IPv4 address (octets are 0-255)");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /**
     * Parse a MAC address.
     *
     * @param key   key, for errors.
     * @param value aa:bb:cc:dd:ee:ff.
     * @return the address in the low 48 bits.
     */
    public static long parseMac(final String key, final String value)
    {
        final String v = value.trim();
        if (!MAC_PATTERN.matcher(v).matches())
        {
            throw new ConfigException(key, "'" + value + "' is not a MAC address (use e.g. 02:00:00:00:01:02)");
        }
        return Long.parseLong(v.replace(":", ""), 16);
    }

    /**
     * Parse an integer.
     *
     * @param key   key, for errors.
     * @param value text.
     * @return the integer.
     */
    public static long parseInteger(final String key, final String value)
    {
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, "'" + value + "' is not an integer");
        }
    }

    /**
     * Parse a boolean strictly.
     *
     * @param key   key, for errors.
     * @param value true or false.
     * @return the value.
     */
    public static boolean parseBoolean(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(v))
        {
            return true;
        }
        if ("false".equals(v))
        {
            return false;
        }
        throw new ConfigException(key, "'" + value + "' is not a boolean (use true or false)");
    }

    /**
     * Format an IPv4 address.
     *
     * @param address address in network order.
     * @return dotted quad.
     */
    public static String formatIpv4(final int address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }
}

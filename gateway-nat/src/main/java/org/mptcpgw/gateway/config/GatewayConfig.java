package org.mptcpgw.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The gateway's configuration, parsed and validated from one properties file. Every key is declared in
 * {@link ConfigKey}; anything else is an error that names the key (and the closest valid key).
 */
public final class GatewayConfig
{
    private final Map<String, String> values;
    private final List<PathConfig> paths;
    private final int primaryPath;

    private GatewayConfig(final Map<String, String> values, final List<PathConfig> paths, final int primaryPath)
    {
        this.values = values;
        this.paths = paths;
        this.primaryPath = primaryPath;
    }

    /**
     * Load and validate a file.
     *
     * @param file the properties file.
     * @return the configuration.
     * @throws ConfigException with one line saying what is wrong.
     */
    public static GatewayConfig load(final Path file)
    {
        final DuplicateDetectingProperties properties = new DuplicateDetectingProperties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(file.toString(), "file not found (pass the configuration with -c FILE)");
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new ConfigException(file.toString(), "cannot read: " + ex.getMessage());
        }
        if (null != properties.duplicate)
        {
            throw new ConfigException(properties.duplicate, "set more than once; keep one line");
        }
        return parse(properties);
    }

    /**
     * Validate properties.
     *
     * @param properties keys and values.
     * @return the configuration.
     * @throws ConfigException with one line saying what is wrong.
     */
    public static GatewayConfig parse(final Properties properties)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String> pathNames = new ArrayList<>();
        final List<String> keys = new ArrayList<>(properties.stringPropertyNames());
        Collections.sort(keys);
        for (final String fileKey : keys)
        {
            final String value = properties.getProperty(fileKey).trim();
            final ConfigKey key = ConfigKey.find(fileKey);
            if (null == key)
            {
                final String suggestion = ConfigKey.suggest(fileKey);
                throw new ConfigException(fileKey, "unknown key" +
                    (null != suggestion ? " (did you mean " + suggestion + "?)" : " (see docs/configuration.md)"));
            }
            final String path = ConfigKey.pathName(fileKey);
            if (null != path)
            {
                if (!path.matches("[a-z][a-z0-9_-]{0,15}"))
                {
                    throw new ConfigException(fileKey,
                        "path label '" + path + "' must be 1-16 lowercase letters, digits, - or _");
                }
                if (!pathNames.contains(path))
                {
                    pathNames.add(path);
                }
            }
            validate(fileKey, key, value);
            values.put(fileKey, value);
        }
        final GatewayConfig partial = new GatewayConfig(values, List.of(), -1);
        partial.require("lan.interface");
        if (pathNames.isEmpty())
        {
            throw new ConfigException("path.<name>.interface", "no path configured (add path.isp1.interface=... etc.)");
        }
        if (pathNames.size() > 16)
        {
            throw new ConfigException("path." + pathNames.get(16) + ".interface", "at most 16 paths are supported");
        }
        final List<PathConfig> paths = new ArrayList<>();
        int primary = -1;
        final Set<String> interfaces = new HashSet<>();
        interfaces.add(partial.string("lan.interface"));
        for (final String name : pathNames)
        {
            final PathConfig p = partial.path(paths.size(), name);
            if (!interfaces.add(p.interfaceName()))
            {
                throw new ConfigException("path." + name + ".interface",
                    "interface " + p.interfaceName() + " is already used by lan or another path");
            }
            if (PathConfig.Role.PRIMARY == p.role())
            {
                if (primary >= 0)
                {
                    throw new ConfigException("path." + name + ".role",
                        "two primary paths (" + paths.get(primary).name() + " and " + name + "); keep one");
                }
                primary = p.index();
            }
            paths.add(p);
        }
        if (primary < 0)
        {
            throw new ConfigException("path." + pathNames.get(0) + ".role",
                "no primary path: set role=primary on the uplink the LAN's router sits on");
        }
        final GatewayConfig config = new GatewayConfig(values, List.copyOf(paths), primary);
        config.crossCheck();
        return config;
    }

    private void crossCheck()
    {
        final long udp = durationNs("nat.udp.timeout");
        if (udp < 120_000_000_000L)
        {
            throw new ConfigException("nat.udp.timeout", "must be at least 2m (RFC 4787 REQ-5)");
        }
        if (durationNs("nat.icmp.timeout") < 60_000_000_000L)
        {
            throw new ConfigException("nat.icmp.timeout", "must be at least 60s (RFC 5508 REQ-1)");
        }
        final int workers = integer("engine.workers", 1, 64);
        if (workers > 1)
        {
            throw new ConfigException("engine.workers",
                "only 1 worker is supported in this release (return traffic is not handed between workers yet)");
        }
        integer("engine.batch-size", 1, 4096);
        integer("nat.max-sessions", 16, 1 << 24);
        integer("nat.host-quota", 1, 65536);
        integer("mptcp.max-connections", 16, 1 << 22);
        integer("health.down-after", 1, 100);
        integer("health.up-after", 1, 100);
        integer("health.degraded-loss-percent", 1, 100);
        integer("health.strip-threshold", 1, 100);
        integer("journal.retention", 1, 10_000);
        integer("arp.cache-size", 16, 1 << 20);
        integer("ring.rx-blocks", 2, 4096);
        integer("ring.tx-frames", 16, 1 << 16);
        final int[] range = portRange("nat.port-range");
        if (range[1] - range[0] + 1 < workers)
        {
            throw new ConfigException("nat.port-range", "fewer ports than workers");
        }
        final int[] cpus = integerList("engine.cpus");
        if (cpus.length > 0 && cpus.length != workers)
        {
            throw new ConfigException("engine.cpus", "give one CPU per worker (" + workers + ")");
        }
    }

    private PathConfig path(final int index, final String name)
    {
        final String prefix = "path." + name + ".";
        require(prefix + "interface");
        require(prefix + "next-hop");
        final PathConfig.Role role = PathConfig.Role.valueOf(choice(prefix + "role").toUpperCase(Locale.ROOT));
        final String modeText = values.get(prefix + "mode");
        final PathConfig.Mode mode = null != modeText ?
            PathConfig.Mode.valueOf(modeText.toUpperCase(Locale.ROOT)) :
            (PathConfig.Role.PRIMARY == role ? PathConfig.Mode.PASSTHROUGH : PathConfig.Mode.NAT);
        final int address = values.containsKey(prefix + "address") ? ipv4(prefix + "address") : 0;
        if (PathConfig.Mode.NAT == mode && 0 == address)
        {
            throw new ConfigException(prefix + "address", "required: path " + name + " translates (mode nat)");
        }
        final int weight = integer(prefix + "weight", 1, 1000);
        final int mtu = integer(prefix + "mtu", 0, 65535);
        if (0 != mtu && mtu < 576)
        {
            throw new ConfigException(prefix + "mtu", "must be 0 (interface MTU) or at least 576");
        }
        final long nextHopMac = values.containsKey(prefix + "next-hop-mac") ? mac(prefix + "next-hop-mac") : 0;
        final int probeTarget = values.containsKey(prefix + "probe-target") ? ipv4(prefix + "probe-target") : 0;
        return new PathConfig(index, name, string(prefix + "interface"), role, mode, address,
            ipv4(prefix + "next-hop"), nextHopMac, weight, mtu, prefixes(prefix + "sources"), probeTarget);
    }

    private static void validate(final String fileKey, final ConfigKey key, final String value)
    {
        if (value.isEmpty())
        {
            throw new ConfigException(fileKey, "empty value (expected " + key.type().description() + ")");
        }
        switch (key.type())
        {
            case INTEGER -> ValueType.parseInteger(fileKey, value);
            case BOOLEAN -> ValueType.parseBoolean(fileKey, value);
            case DURATION -> ValueType.parseDurationNs(fileKey, value);
            case SIZE -> ValueType.parseSize(fileKey, value);
            case IPV4 -> ValueType.parseIpv4(fileKey, value);
            case MAC -> ValueType.parseMac(fileKey, value);
            case IPV4_PREFIXES -> parsePrefixes(fileKey, value);
            case PORT_RANGE -> parsePortRange(fileKey, value);
            case ENDPOINT -> parseEndpoint(fileKey, value);
            case INTEGER_LIST -> parseIntegerList(fileKey, value);
            case CHOICE ->
            {
                if (!key.choices().contains(value))
                {
                    throw new ConfigException(fileKey,
                        "'" + value + "' is not one of " + String.join(", ", key.choices()));
                }
            }
            default ->
            {
            }
        }
    }

    private void require(final String fileKey)
    {
        if (!values.containsKey(fileKey))
        {
            throw new ConfigException(fileKey, "missing (required; see docs/configuration.md)");
        }
    }

    private String raw(final String fileKey)
    {
        final String v = values.get(fileKey);
        if (null != v)
        {
            return v;
        }
        final ConfigKey key = ConfigKey.find(fileKey);
        if (null == key)
        {
            throw new IllegalArgumentException("undeclared key " + fileKey);
        }
        return key.defaultValue();
    }

    /**
     * @param fileKey key.
     * @return the value as written or its default (null if neither).
     */
    public String string(final String fileKey)
    {
        return raw(fileKey);
    }

    /**
     * @param fileKey key of a CHOICE.
     * @return the chosen word.
     */
    public String choice(final String fileKey)
    {
        return raw(fileKey);
    }

    /**
     * @param fileKey key.
     * @return true if the file sets the key.
     */
    public boolean isSet(final String fileKey)
    {
        return values.containsKey(fileKey);
    }

    /**
     * @param fileKey key.
     * @return the boolean value.
     */
    public boolean bool(final String fileKey)
    {
        return ValueType.parseBoolean(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of a DURATION.
     * @return nanoseconds.
     */
    public long durationNs(final String fileKey)
    {
        return ValueType.parseDurationNs(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of a SIZE.
     * @return bytes.
     */
    public long size(final String fileKey)
    {
        return ValueType.parseSize(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of an INTEGER.
     * @param min     smallest valid value.
     * @param max     largest valid value.
     * @return the value.
     */
    public int integer(final String fileKey, final int min, final int max)
    {
        final long v = ValueType.parseInteger(fileKey, raw(fileKey));
        if (v < min || v > max)
        {
            throw new ConfigException(fileKey, v + " is out of range " + min + "-" + max);
        }
        return (int)v;
    }

    /**
     * @param fileKey key of an IPV4.
     * @return address in network order.
     */
    public int ipv4(final String fileKey)
    {
        return ValueType.parseIpv4(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of a MAC.
     * @return the MAC in the low 48 bits, 0 when unset.
     */
    public long mac(final String fileKey)
    {
        final String v = raw(fileKey);
        return null == v ? 0 : ValueType.parseMac(fileKey, v);
    }

    /**
     * @param fileKey key of a PORT_RANGE.
     * @return {low, high}.
     */
    public int[] portRange(final String fileKey)
    {
        return parsePortRange(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of an ENDPOINT.
     * @return {host, port} as strings.
     */
    public String[] endpoint(final String fileKey)
    {
        return parseEndpoint(fileKey, raw(fileKey));
    }

    /**
     * @param fileKey key of an INTEGER_LIST.
     * @return the integers (empty when unset).
     */
    public int[] integerList(final String fileKey)
    {
        final String v = raw(fileKey);
        return null == v ? new int[0] : parseIntegerList(fileKey, v);
    }

    private int[] prefixes(final String fileKey)
    {
        final String v = values.get(fileKey);
        return null == v ? new int[0] : parsePrefixes(fileKey, v);
    }

    private static int[] parsePrefixes(final String fileKey, final String value)
    {
        final String[] parts = value.split(",");
        final int[] result = new int[parts.length * 2];
        for (int i = 0; i < parts.length; i++)
        {
            final String part = parts[i].trim();
            final int slash = part.indexOf('/');
            final String address = slash < 0 ? part : part.substring(0, slash);
            final int length;
            try
            {
                length = slash < 0 ? 32 : Integer.parseInt(part.substring(slash + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new ConfigException(fileKey, "'" + part + "' is not a prefix (use e.g. 192.0.2.3/32)");
            }
            if (length < 0 || length > 32)
            {
                throw new ConfigException(fileKey, "'" + part + "' has a prefix length outside 0-32");
            }
            result[2 * i] = ValueType.parseIpv4(fileKey, address);
            result[2 * i + 1] = length;
        }
        return result;
    }

    private static int[] parsePortRange(final String fileKey, final String value)
    {
        final String[] parts = value.split("-");
        try
        {
            final int low = Integer.parseInt(parts[0].trim());
            final int high = 2 == parts.length ? Integer.parseInt(parts[1].trim()) : -1;
            if (2 != parts.length || low < 1 || high > 65535 || low > high)
            {
                throw new ConfigException(fileKey, "'" + value + "' is not a port range low-high within 1-65535");
            }
            return new int[]{low, high};
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(fileKey, "'" + value + "' is not a port range (use e.g. 1024-65535)");
        }
    }

    private static String[] parseEndpoint(final String fileKey, final String value)
    {
        final int colon = value.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new ConfigException(fileKey, "'" + value + "' is not address:port (use e.g. 127.0.0.1:9464)");
        }
        final String port = value.substring(colon + 1);
        try
        {
            final int p = Integer.parseInt(port);
            if (p < 0 || p > 65535)
            {
                throw new NumberFormatException();
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(fileKey, "'" + port + "' is not a port number 0-65535");
        }
        return new String[]{value.substring(0, colon), port};
    }

    private static int[] parseIntegerList(final String fileKey, final String value)
    {
        final String[] parts = value.split(",");
        final int[] result = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            result[i] = (int)ValueType.parseInteger(fileKey, parts[i]);
        }
        return result;
    }

    /**
     * @return the paths, in index order.
     */
    public List<PathConfig> paths()
    {
        return paths;
    }

    /**
     * @return index of the primary path.
     */
    public int primaryPath()
    {
        return primaryPath;
    }

    /**
     * @return the keys set in the file, with their values (for reload comparison and logs).
     */
    public Map<String, String> values()
    {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Keys whose change needs a restart when the file is reloaded: everything except path weights and roles.
     *
     * @param other configuration read again.
     * @return keys that differ and cannot be applied live.
     */
    public List<String> changesNeedingRestart(final GatewayConfig other)
    {
        final Set<String> all = new HashSet<>(values.keySet());
        all.addAll(other.values.keySet());
        final List<String> result = new ArrayList<>();
        for (final String key : all)
        {
            final boolean live = key.startsWith("path.") && (key.endsWith(".weight") || key.endsWith(".role"));
            if (!live && !java.util.Objects.equals(values.get(key), other.values.get(key)))
            {
                result.add(key);
            }
        }
        Collections.sort(result);
        return result;
    }

    private static final class DuplicateDetectingProperties extends Properties
    {
        private static final long serialVersionUID = 1L;
        private final Map<Object, Object> seen = new HashMap<>();
        private String duplicate;

        @Override
        public synchronized Object put(final Object key, final Object value)
        {
            if (null != seen.put(key, value) && null == duplicate)
            {
                duplicate = key.toString();
            }
            return super.put(key, value);
        }

        @Override
        public synchronized boolean equals(final Object o)
        {
            return super.equals(o);
        }

        @Override
        public synchronized int hashCode()
        {
            return super.hashCode();
        }
    }
}

package org.mptcpgw.core.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a lab cannot run here: missing privileges or missing tools. Used by {@link LabExtension} and
 * {@link RequiresRootCondition} to skip with a message that says what to do.
 */
public final class LabPreconditions
{
    /** Message when the process lacks the capabilities to create network namespaces. */
    public static final String NEEDS_ROOT =
        "needs root (CAP_NET_ADMIN) to create network namespaces; run as root";

    /** Directories searched for tools besides PATH (a non-root PATH often lacks the sbin directories). */
    public static final String SBIN_PATH = "/usr/local/sbin:/usr/sbin:/sbin";

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private static final Map<String, String> LAB_TOOLS = labTools();

    private LabPreconditions()
    {
    }

    /**
     * Why this process cannot create network namespaces, if it cannot.
     *
     * @return the skip message, or empty when root with CAP_NET_ADMIN and CAP_SYS_ADMIN.
     */
    public static Optional<String> rootMissingReason()
    {
        try
        {
            return rootMissingReason(Files.readString(Path.of("/proc/self/status")));
        }
        catch (final IOException ex)
        {
            return Optional.of(NEEDS_ROOT + " (cannot read /proc/self/status: " + ex.getMessage() + ")");
        }
    }

    /**
     * Why a process with the given {@code /proc/<pid>/status} cannot create network namespaces, if it cannot.
     *
     * @param procStatus contents of a {@code /proc/<pid>/status} file.
     * @return the skip message, or empty when the effective set holds CAP_NET_ADMIN and CAP_SYS_ADMIN.
     */
    public static Optional<String> rootMissingReason(final String procStatus)
    {
        for (final String line : procStatus.split("\n"))
        {
            if (line.startsWith("CapEff:"))
            {
                final long caps;
                try
                {
                    caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
                catch (final NumberFormatException ex)
                {
                    return Optional.of(NEEDS_ROOT + " (unreadable CapEff line '" + line + "')");
                }
                final boolean netAdmin = (caps & (1L << CAP_NET_ADMIN)) != 0;
                final boolean sysAdmin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
                return netAdmin && sysAdmin ? Optional.empty() : Optional.of(NEEDS_ROOT);
            }
        }
        return Optional.of(NEEDS_ROOT + " (no CapEff line in /proc/self/status)");
    }

    /**
     * Why the lab cannot run here, if it cannot: privileges first, then tools.
     *
     * @return the skip message, or empty when the lab can run.
     */
    public static Optional<String> labUnavailableReason()
    {
        final Optional<String> root = rootMissingReason();
        if (root.isPresent())
        {
            return root;
        }
        return missingToolsReason(searchPath(System.getenv("PATH")));
    }

    /**
     * Which lab tools are missing from the given directories, with the Debian package that provides each.
     *
     * @param searchPath directories to search, colon separated.
     * @return e.g. "missing tool mptcpize: apt-get install -y mptcpize", or empty when all are present.
     */
    public static Optional<String> missingToolsReason(final String searchPath)
    {
        final List<String> missing = new ArrayList<>();
        final List<String> packages = new ArrayList<>();
        for (final Map.Entry<String, String> tool : LAB_TOOLS.entrySet())
        {
            if (findExecutable(tool.getKey(), searchPath).isEmpty())
            {
                missing.add(tool.getKey());
                if (!packages.contains(tool.getValue()))
                {
                    packages.add(tool.getValue());
                }
            }
        }
        if (missing.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of("missing tool" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) +
            ": apt-get install -y " + String.join(" ", packages));
    }

    /**
     * PATH extended with the sbin directories.
     *
     * @param path the PATH value, may be null.
     * @return the directories to search for tools and to hand to lab.sh.
     */
    public static String searchPath(final String path)
    {
        return path == null || path.isEmpty() ? SBIN_PATH + ":/usr/bin:/bin" : path + ":" + SBIN_PATH;
    }

    /**
     * Find an executable by name.
     *
     * @param name       command name.
     * @param searchPath directories to search, colon separated.
     * @return its path, or empty.
     */
    public static Optional<Path> findExecutable(final String name, final String searchPath)
    {
        for (final String dir : searchPath.split(":"))
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> labTools()
    {
        final Map<String, String> tools = new LinkedHashMap<>();
        tools.put("bash", "bash");
        tools.put("ip", "iproute2");
        tools.put("tc", "iproute2");
        tools.put("ss", "iproute2");
        tools.put("nft", "nftables");
        tools.put("iperf3", "iperf3");
        tools.put("mptcpize", "mptcpize");
        tools.put("jq", "jq");
        tools.put("ping", "iputils-ping");
        tools.put("timeout", "coreutils");
        tools.put("sysctl", "procps");
        return tools;
    }
}

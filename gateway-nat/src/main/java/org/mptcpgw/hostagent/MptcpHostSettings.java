package org.mptcpgw.hostagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host-side MPTCP settings the agent depends on, read from (and with --configure-host written to)
 * {@code /proc/sys/net/mptcp}, which shows the settings of the caller's network namespace:
 * <ul>
 *   <li>{@code enabled} must be 1, or sockets fall back to plain TCP;</li>
 *   <li>the userspace path manager must be selected: {@code path_manager = userspace} (Linux 6.15 and later), or
 *       {@code pm_type = 1} on older kernels (5.19 to 6.14). It applies to connections created afterwards.</li>
 * </ul>
 * The in-kernel PM limits ({@code ip mptcp limits}) do not cap subflows the userspace PM creates on the host
 * (checked on 6.18: three SUBFLOW_CREATE with {@code subflows 0} gave three subflows), so they are neither checked
 * nor changed here. The server's {@code subflows} limit does cap the joins it accepts: it needs at least N.
 */
public final class MptcpHostSettings
{
    /** Where the MPTCP sysctls live. */
    public static final Path DEFAULT_ROOT = Path.of("/proc/sys/net/mptcp");

    private final Path root;

    /**
     * @param root directory of the MPTCP sysctls ({@link #DEFAULT_ROOT}, or a test directory).
     */
    public MptcpHostSettings(final Path root)
    {
        this.root = root;
    }

    /**
     * Check the settings.
     *
     * @return problems, one line each with the fix; empty when the host is ready.
     */
    public List<String> problems()
    {
        final List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            problems.add("this kernel has no MPTCP (" + root + " is missing; needs CONFIG_MPTCP, Linux 5.6 or later)");
            return problems;
        }
        if (!"1".equals(read("enabled")))
        {
            problems.add("MPTCP is disabled: run `sysctl -w net.mptcp.enabled=1` (or use --configure-host)");
        }
        final String pathManager = read("path_manager");
        final String pmType = read("pm_type");
        if (null != pathManager)
        {
            if (!"userspace".equals(pathManager))
            {
                problems.add("the userspace path manager is not selected (net.mptcp.path_manager=" + pathManager +
                    "): run `sysctl -w net.mptcp.path_manager=userspace` (or use --configure-host)");
            }
        }
        else if (null != pmType)
        {
            if (!"1".equals(pmType))
            {
                problems.add("the userspace path manager is not selected (net.mptcp.pm_type=" + pmType +
                    "): run `sysctl -w net.mptcp.pm_type=1` (or use --configure-host)");
            }
        }
        else
        {
            problems.add("this kernel has no userspace MPTCP path manager (neither net.mptcp.path_manager nor " +
                "net.mptcp.pm_type exists; needs Linux 5.19 or later)");
        }
        return problems;
    }

    /**
     * Select the userspace path manager and enable MPTCP where needed.
     *
     * @return what was changed, one line each (empty if nothing needed changing).
     * @throws IllegalStateException with a one-line reason when a setting cannot be written.
     */
    public List<String> configure()
    {
        final List<String> changes = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            throw new IllegalStateException("this kernel has no MPTCP (" + root + " is missing)");
        }
        set("enabled", "1", changes);
        if (null != read("path_manager"))
        {
            set("path_manager", "userspace", changes);
        }
        else if (null != read("pm_type"))
        {
            set("pm_type", "1", changes);
        }
        else
        {
            throw new IllegalStateException("this kernel has no userspace MPTCP path manager (Linux 5.19 or later)");
        }
        return changes;
    }

    private void set(final String name, final String value, final List<String> changes)
    {
        final String before = read(name);
        if (value.equals(before))
        {
            return;
        }
        try
        {
            Files.writeString(root.resolve(name), value + "\n", StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot set net.mptcp." + name + "=" + value + " (" + ex.getMessage() +
                "; needs root in the host's network namespace)", ex);
        }
        final String after = read(name);
        if (!value.equals(after))
        {
            throw new IllegalStateException("net.mptcp." + name + " reads '" + after + "' after writing '" + value +
                "'");
        }
        changes.add("set net.mptcp." + name + "=" + value + " (was " + before + ")");
    }

    private String read(final String name)
    {
        final Path file = root.resolve(name);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try
        {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}

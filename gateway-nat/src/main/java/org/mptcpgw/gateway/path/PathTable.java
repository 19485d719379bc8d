package org.mptcpgw.gateway.path;

import org.mptcpgw.gateway.config.PathConfig;

import java.util.List;

/**
 * The paths as one worker sees them: static facts from the configuration plus live state (health, MPTCP
 * stripping, weights and roles after a reload) and the worker's own load on each path.
 * <p>
 * Single writer: the worker. Health state and reloads arrive as worker commands from the control plane, so the
 * worker reads plain fields on the data path. The metrics thread does not read this class (it reads counters).
 */
public final class PathTable
{
    /** Health: the path carries nothing new. */
    public static final byte DOWN = 0;
    /** Health: the path works but loses probes or is slow; used only when no up path of its role is left. */
    public static final byte DEGRADED = 1;
    /** Health: the path works. */
    public static final byte UP = 2;

    private final int count;
    private final String[] names;
    private final PathConfig[] configs;
    private final PathConfig.Role[] role;
    private final int[] weight;
    private final byte[] state;
    private final boolean[] stripped;
    private final int[] subflowLoad;
    private final int[] flowLoad;
    private int primary;

    /**
     * @param paths configured paths, in index order.
     */
    public PathTable(final List<PathConfig> paths)
    {
        count = paths.size();
        names = new String[count];
        configs = new PathConfig[count];
        role = new PathConfig.Role[count];
        weight = new int[count];
        state = new byte[count];
        stripped = new boolean[count];
        subflowLoad = new int[count];
        flowLoad = new int[count];
        primary = -1;
        for (int p = 0; p < count; p++)
        {
            final PathConfig config = paths.get(p);
            names[p] = config.name();
            configs[p] = config;
            role[p] = config.role();
            weight[p] = config.weight();
            state[p] = UP;
            if (PathConfig.Role.PRIMARY == config.role())
            {
                primary = p;
            }
        }
    }

    /**
     * @return number of paths.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return index of the primary path.
     */
    public int primary()
    {
        return primary;
    }

    /**
     * @param path path index.
     * @return configuration of the path.
     */
    public PathConfig config(final int path)
    {
        return configs[path];
    }

    /**
     * @param path path index.
     * @return label of the path.
     */
    public String name(final int path)
    {
        return names[path];
    }

    /**
     * @param path path index.
     * @return current role (may change on reload).
     */
    public PathConfig.Role role(final int path)
    {
        return role[path];
    }

    /**
     * @param path path index.
     * @return current weight.
     */
    public int weight(final int path)
    {
        return weight[path];
    }

    /**
     * @param path path index.
     * @return health state (DOWN, DEGRADED, UP).
     */
    public byte state(final int path)
    {
        return state[path];
    }

    /**
     * @param path path index.
     * @return true if the path is flagged as stripping MPTCP options.
     */
    public boolean stripsMptcp(final int path)
    {
        return stripped[path];
    }

    /**
     * @param path path index.
     * @return true if the path translates (NAT) rather than passing through.
     */
    public boolean translates(final int path)
    {
        return PathConfig.Mode.NAT == configs[path].mode();
    }

    /**
     * Set the health state (worker command from the health agent).
     *
     * @param path     path index.
     * @param newState DOWN, DEGRADED or UP.
     */
    public void state(final int path, final byte newState)
    {
        state[path] = newState;
    }

    /**
     * Flag or clear MPTCP stripping (worker command).
     *
     * @param path  path index.
     * @param strip true when the path strips MPTCP options.
     */
    public void stripsMptcp(final int path, final boolean strip)
    {
        stripped[path] = strip;
    }

    /**
     * Apply a reloaded weight and role (worker command). A reload may move the primary role.
     *
     * @param path      path index.
     * @param newWeight weight.
     * @param newRole   role.
     */
    public void reload(final int path, final int newWeight, final PathConfig.Role newRole)
    {
        weight[path] = newWeight;
        role[path] = newRole;
        if (PathConfig.Role.PRIMARY == newRole)
        {
            primary = path;
        }
    }

    /**
     * @param path path index.
     * @return live subflows this worker placed on the path.
     */
    public int subflowLoad(final int path)
    {
        return subflowLoad[path];
    }

    /**
     * @param path path index.
     * @return live flows (sessions) this worker has on the path.
     */
    public int flowLoad(final int path)
    {
        return flowLoad[path];
    }

    /**
     * @param path  path index.
     * @param delta change in live subflows.
     */
    public void addSubflowLoad(final int path, final int delta)
    {
        subflowLoad[path] += delta;
    }

    /**
     * @param path  path index.
     * @param delta change in live flows.
     */
    public void addFlowLoad(final int path, final int delta)
    {
        flowLoad[path] += delta;
    }
}

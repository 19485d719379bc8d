package org.mptcpgw.core.port.afpacket;

import org.mptcpgw.core.nativeio.ProcessCapabilities;

import java.util.List;

/**
 * Checks that AF_PACKET ports can be opened, each failing check giving ONE line for the command line to print
 * before exiting with a non-zero status. Run {@link #firstProblem(List)} before starting any agent; ring
 * mapping problems surface as {@link AfPacketException} from {@link AfPacketPort#open(String, AfPacketConfig)}
 * with the same kind of line.
 * <pre>
 *   java ... org.mptcpgw.core.port.afpacket.AfPacketAvailability g0 g1    # prints "ok" or the problem
 * </pre>
 */
public final class AfPacketAvailability
{
    /** The line printed when the process lacks CAP_NET_RAW. */
    public static final String NEEDS_CAP_NET_RAW = "needs CAP_NET_RAW to open AF_PACKET sockets: " +
        "run as root or grant cap_net_raw,cap_net_admin,cap_ipc_lock";

    private AfPacketAvailability()
    {
    }

    /**
     * @param capabilities the process's capabilities.
     * @return the problem line, or null if CAP_NET_RAW is held.
     */
    public static String privilegeProblem(final ProcessCapabilities capabilities)
    {
        return capabilities.has(ProcessCapabilities.CAP_NET_RAW) ? null : NEEDS_CAP_NET_RAW;
    }

    /**
     * @param name interface name.
     * @return the line for an interface that does not exist.
     */
    public static String interfaceMissing(final String name)
    {
        return "interface '" + name + "' not found in this network namespace: list interfaces with `ip link`";
    }

    /**
     * @param name interface name.
     * @return the line for an interface that is administratively down.
     */
    public static String interfaceDown(final String name)
    {
        return "interface '" + name + "' is down: bring it up with `ip link set " + name + " up`";
    }

    /**
     * @param info interface facts, or null when the interface is missing.
     * @param name interface name.
     * @return the problem line, or null if the interface exists and is up.
     */
    public static String interfaceProblem(final InterfaceInfo info, final String name)
    {
        if (null == info)
        {
            return interfaceMissing(name);
        }
        return info.up() ? null : interfaceDown(name);
    }

    /**
     * Check privileges, then every interface, in the network namespace of the calling thread.
     *
     * @param interfaceNames interfaces the gateway will open.
     * @return the first problem line, or null if none.
     */
    public static String firstProblem(final List<String> interfaceNames)
    {
        final String privilege = privilegeProblem(ProcessCapabilities.current());
        if (null != privilege)
        {
            return privilege;
        }
        for (final String name : interfaceNames)
        {
            final String problem;
            try
            {
                problem = interfaceProblem(InterfaceInfo.query(name), name);
            }
            catch (final AfPacketException ex)
            {
                return ex.getMessage();
            }
            if (null != problem)
            {
                return problem;
            }
        }
        return null;
    }

    /**
     * Print "ok" and exit 0, or print the first problem line to standard error and exit 1.
     *
     * @param args interface names.
     */
    public static void main(final String[] args)
    {
        final String problem = firstProblem(List.of(args));
        if (null == problem)
        {
            System.out.println("ok");
            System.exit(0);
        }
        System.err.println(problem);
        System.exit(1);
    }
}

package org.mptcpgw.core.port.afpacket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Keeps the kernel of the gateway's network namespace away from the transit traffic on the gateway's
 * interfaces: otherwise it forwards frames a second time, and answers translated ports with RSTs or ICMP
 * errors. For each interface:
 * <ul>
 *   <li>an nftables {@code netdev} ingress chain (one table, {@value #TABLE_NAME}) that counts and drops every
 *       frame. AF_PACKET taps see frames before the ingress hook, so the gateway's rings still get them;</li>
 *   <li>{@code net.ipv4.conf.IF.forwarding = 0} (the per-interface switch the IPv4 forwarding decision reads;
 *       the global {@code ip_forward} is left alone so other interfaces keep routing);</li>
 *   <li>{@code net.ipv6.conf.IF.disable_ipv6 = 1}, so the kernel sends no router solicitation, duplicate
 *       address detection or MLD frames of its own on the wire.</li>
 * </ul>
 * Previous sysctl values are remembered and written back at {@link #close()}, which also deletes the table.
 * A table left by a crashed run is replaced atomically at start (one {@code nft -f} transaction); its sysctl
 * values are not known any more and stay as they are.
 * <p>
 * The table is installed by running {@code nft -f -}: encoding nf_tables batches over netlink by hand would
 * be a large amount of code for a start-up and shutdown step; one process each time is acceptable, nothing
 * of it is on the data path. docs/kernel-isolation.md explains the whole set-up.
 * <p>
 * Everything applies to the network namespace of the calling thread (child processes and {@code /proc/sys/net}
 * follow it).
 */
public final class KernelIsolation implements AutoCloseable
{
    /** nftables table name (family netdev). */
    public static final String TABLE_NAME = "mptcp_gateway";
    /** The line printed when nft is missing. */
    public static final String NFT_MISSING = "nft not found: install the nftables package " +
        "(apt-get install nftables); the gateway mutes the kernel on its interfaces with an nftables netdev table";
    /** Longest wait for nft, in seconds. */
    static final long NFT_TIMEOUT_S = 20;
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}");
    private static final String[] NFT_LOCATIONS = {"/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/bin/nft"};
    private static final Path PROC_SYS_NET = Paths.get("/proc/sys/net");

    private final String nft;
    private final List<String> interfaces;
    private final List<Path> sysctlPaths = new ArrayList<>();
    private final List<String> previousValues = new ArrayList<>();
    private boolean closed;

    private KernelIsolation(final String nft, final List<String> interfaces)
    {
        this.nft = nft;
        this.interfaces = List.copyOf(interfaces);
    }

    /**
     * Isolate the interfaces.
     *
     * @param interfaceNames the gateway's interfaces.
     * @return handle that undoes everything at {@link #close()}.
     * @throws AfPacketException with a one-line reason (nft missing, interface missing, nft or sysctl failed).
     */
    public static KernelIsolation apply(final List<String> interfaceNames)
    {
        if (interfaceNames.isEmpty())
        {
            throw new IllegalArgumentException("no interfaces to isolate");
        }
        for (final String name : interfaceNames)
        {
            checkName(name);
            if (null == InterfaceInfo.query(name))
            {
                throw new AfPacketException(AfPacketAvailability.interfaceMissing(name), 0);
            }
        }
        final String nft = findNft();
        if (null == nft)
        {
            throw new AfPacketException(NFT_MISSING, 0);
        }
        final KernelIsolation isolation = new KernelIsolation(nft, interfaceNames);
        try
        {
            runNft(nft, nftScript(interfaceNames));
            for (final String name : interfaceNames)
            {
                isolation.setSysctl(PROC_SYS_NET.resolve("ipv4/conf").resolve(name).resolve("forwarding"), "0");
                isolation.setSysctl(PROC_SYS_NET.resolve("ipv6/conf").resolve(name).resolve("disable_ipv6"), "1");
            }
            return isolation;
        }
        catch (final RuntimeException ex)
        {
            isolation.close();
            throw ex;
        }
    }

    /**
     * @param interfaceNames interfaces.
     * @return the nft script that replaces the table (a leftover one included) by one dropping every frame at
     * the ingress of each interface.
     */
    static String nftScript(final List<String> interfaceNames)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append(deleteScript());
        sb.append("table netdev ").append(TABLE_NAME).append(" {\n");
        for (int i = 0; i < interfaceNames.size(); i++)
        {
            final String name = checkName(interfaceNames.get(i));
            sb.append("    chain ingress_").append(i).append(" {\n")
                .append("        type filter hook ingress device \"").append(name)
                .append("\" priority -500; policy drop;\n")
                .append("        counter drop\n")
                .append("    }\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * @return an nft script that deletes the table whether it exists or not (declaring a table is a no-op when
     * it exists, so the delete never fails).
     */
    static String deleteScript()
    {
        return "table netdev " + TABLE_NAME + "\ndelete table netdev " + TABLE_NAME + "\n";
    }

    private static String checkName(final String name)
    {
        if (null == name || !INTERFACE_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("not a valid interface name: '" + name + "'");
        }
        return name;
    }

    /**
     * @return the path of the nft binary, or null if it is not installed.
     */
    static String findNft()
    {
        return findNft(System.getenv("PATH"), NFT_LOCATIONS);
    }

    /**
     * @param path      a PATH value, or null.
     * @param locations places to look when PATH has no nft.
     * @return the path of the nft binary, or null.
     */
    static String findNft(final String path, final String[] locations)
    {
        if (null != path)
        {
            for (final String dir : path.split(":"))
            {
                if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "nft")))
                {
                    return Paths.get(dir, "nft").toString();
                }
            }
        }
        for (final String location : locations)
        {
            if (Files.isExecutable(Paths.get(location)))
            {
                return location;
            }
        }
        return null;
    }

    static void runNft(final String nft, final String script)
    {
        try
        {
            final Process process = new ProcessBuilder(nft, "-f", "-").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream())
            {
                in.write(script.getBytes(StandardCharsets.US_ASCII));
            }
            if (!process.waitFor(NFT_TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AfPacketException("nft did not finish within " + NFT_TIMEOUT_S + " s", 0);
            }
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (0 != process.exitValue())
            {
                final String firstLine = output.isBlank() ? "exit status " + process.exitValue() :
                    output.strip().split("\n", 2)[0];
                throw new AfPacketException("nft failed to install table netdev " + TABLE_NAME + ": " + firstLine +
                    " (needs CAP_NET_ADMIN)", 0);
            }
        }
        catch (final IOException ex)
        {
            throw new AfPacketException("cannot run " + nft + ": " + ex.getMessage(), 0);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AfPacketException("interrupted while running nft", 0);
        }
    }

    private void setSysctl(final Path path, final String value)
    {
        if (!Files.exists(path))
        {
            return;
        }
        try
        {
            final String previous = Files.readString(path, StandardCharsets.US_ASCII).strip();
            Files.writeString(path, value + "\n", StandardCharsets.US_ASCII);
            sysctlPaths.add(path);
            previousValues.add(previous);
        }
        catch (final IOException ex)
        {
            throw new AfPacketException("cannot set " + path + " to " + value + ": " + ex.getMessage() +
                " (needs CAP_NET_ADMIN)", 0);
        }
    }

    /**
     * @return the interfaces isolated.
     */
    public List<String> interfaces()
    {
        return interfaces;
    }

    /**
     * Write the previous sysctl values back (last changed first) and delete the table. Runs every step even
     * if one fails; the first failure is thrown at the end.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int i = sysctlPaths.size() - 1; i >= 0; i--)
        {
            if (!Files.exists(sysctlPaths.get(i)))
            {
                continue;
            }
            try
            {
                Files.writeString(sysctlPaths.get(i), previousValues.get(i) + "\n", StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                if (null == failure)
                {
                    failure = new AfPacketException("cannot restore " + sysctlPaths.get(i) + ": " + ex.getMessage(), 0);
                }
            }
        }
        try
        {
            runNft(nft, deleteScript());
        }
        catch (final AfPacketException ex)
        {
            if (null == failure)
            {
                failure = ex;
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "KernelIsolation{table netdev " + TABLE_NAME + ", interfaces=" + interfaces + '}';
    }
}

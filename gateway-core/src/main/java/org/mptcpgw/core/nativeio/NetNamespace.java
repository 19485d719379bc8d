package org.mptcpgw.core.nativeio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Supplier;

/**
 * Moves the calling thread into a named network namespace ({@code ip netns add NAME} creates
 * {@code /var/run/netns/NAME}) and back. Sockets keep the namespace they were created in, so a JVM running
 * in the root namespace can open its AF_PACKET and netlink sockets inside a lab namespace and use them from
 * any thread afterwards. Interface names and indexes resolve in the thread's current namespace, and so do
 * {@code /proc/sys/net} files and child processes started from the thread.
 * <pre>
 *   port = NetNamespace.supplyInside("gw", () -> AfPacketPort.open("g0", config));
 * </pre>
 * Entering needs CAP_SYS_ADMIN. A handle must be closed on the thread that entered.
 */
public final class NetNamespace implements AutoCloseable
{
    /** Where {@code ip netns} keeps its namespace files. */
    public static final String NETNS_RUN_DIR = "/var/run/netns";
    private static final String THREAD_NETNS = "/proc/thread-self/ns/net";

    private final String name;
    private final Thread thread;
    private int originalFd;

    private NetNamespace(final String name, final Thread thread, final int originalFd)
    {
        this.name = name;
        this.thread = thread;
        this.originalFd = originalFd;
    }

    /**
     * @param name namespace name as given to {@code ip netns add}.
     * @return true if the namespace file exists.
     */
    public static boolean exists(final String name)
    {
        return validName(name) && Files.exists(path(name));
    }

    /**
     * Enter a named network namespace on the calling thread.
     *
     * @param name namespace name as given to {@code ip netns add}.
     * @return handle whose {@link #close()} returns the thread to the namespace it was in.
     * @throws IllegalStateException with a one-line reason if the namespace cannot be entered.
     */
    public static NetNamespace enter(final String name)
    {
        if (!validName(name))
        {
            throw new IllegalArgumentException("invalid network namespace name: '" + name + "'");
        }
        final LibC libc = Native.libc();
        final int original = libc.open(THREAD_NETNS, LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        if (original < 0)
        {
            throw new IllegalStateException("cannot open " + THREAD_NETNS + ": " + Native.lastErrorText());
        }
        final int target = libc.open(path(name).toString(), LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        if (target < 0)
        {
            final String reason = Native.lastErrorText();
            libc.close(original);
            throw new IllegalStateException(
                "network namespace '" + name + "' not found (" + reason + "): list them with `ip netns list`");
        }
        final int result = libc.setns(target, LinuxConstants.CLONE_NEWNET);
        final String reason = result < 0 ? Native.lastErrorText() : null;
        libc.close(target);
        if (result < 0)
        {
            libc.close(original);
            throw new IllegalStateException("cannot enter network namespace '" + name + "': " + reason +
                " (needs CAP_SYS_ADMIN)");
        }
        return new NetNamespace(name, Thread.currentThread(), original);
    }

    /**
     * Run an action inside a named network namespace on the calling thread and return to the original one,
     * also when the action throws.
     *
     * @param name   namespace name.
     * @param action what to do inside.
     * @param <T>    result type.
     * @return the action's result.
     */
    public static <T> T supplyInside(final String name, final Supplier<T> action)
    {
        final NetNamespace ns = enter(name);
        try
        {
            return action.get();
        }
        finally
        {
            ns.close();
        }
    }

    /**
     * Run an action inside a named network namespace on the calling thread and return to the original one.
     *
     * @param name   namespace name.
     * @param action what to do inside.
     */
    public static void runInside(final String name, final Runnable action)
    {
        final NetNamespace ns = enter(name);
        try
        {
            action.run();
        }
        finally
        {
            ns.close();
        }
    }

    /**
     * @return the namespace name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Return the thread to the namespace it was in before {@link #enter(String)}.
     */
    @Override
    public void close()
    {
        if (originalFd < 0)
        {
            return;
        }
        if (Thread.currentThread() != thread)
        {
            throw new IllegalStateException("network namespace handle closed on another thread than it entered");
        }
        final LibC libc = Native.libc();
        final int result = libc.setns(originalFd, LinuxConstants.CLONE_NEWNET);
        final String reason = result < 0 ? Native.lastErrorText() : null;
        libc.close(originalFd);
        originalFd = -1;
        if (result < 0)
        {
            throw new IllegalStateException("cannot return from network namespace '" + name + "': " + reason);
        }
    }

    private static boolean validName(final String name)
    {
        return null != name && !name.isEmpty() && name.indexOf('/') < 0 && !".".equals(name) && !"..".equals(name);
    }

    private static Path path(final String name)
    {
        return Paths.get(NETNS_RUN_DIR, name);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "NetNamespace{" + name + ", thread=" + thread.getName() + '}';
    }
}

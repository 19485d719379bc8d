package org.mptcpgw.core.nativeio;

import static org.mptcpgw.core.nativeio.LinuxConstants.*;

/**
 * errno values as text for one-line error messages: the symbolic name from {@code asm-generic/errno*.h}
 * and the C library's message, e.g. {@code "ENOMEM (Cannot allocate memory)"}.
 */
public final class Errno
{
    private static final String[] NAMES = new String[128];

    static
    {
        NAMES[EPERM] = "EPERM";
        NAMES[ENOENT] = "ENOENT";
        NAMES[EINTR] = "EINTR";
        NAMES[ENXIO] = "ENXIO";
        NAMES[EBADF] = "EBADF";
        NAMES[EAGAIN] = "EAGAIN";
        NAMES[ENOMEM] = "ENOMEM";
        NAMES[EACCES] = "EACCES";
        NAMES[EFAULT] = "EFAULT";
        NAMES[EBUSY] = "EBUSY";
        NAMES[EEXIST] = "EEXIST";
        NAMES[ENODEV] = "ENODEV";
        NAMES[EINVAL] = "EINVAL";
        NAMES[EMFILE] = "EMFILE";
        NAMES[EMSGSIZE] = "EMSGSIZE";
        NAMES[ENOPROTOOPT] = "ENOPROTOOPT";
        NAMES[EPROTONOSUPPORT] = "EPROTONOSUPPORT";
        NAMES[EOPNOTSUPP] = "EOPNOTSUPP";
        NAMES[EAFNOSUPPORT] = "EAFNOSUPPORT";
        NAMES[ENETDOWN] = "ENETDOWN";
        NAMES[ENOBUFS] = "ENOBUFS";
    }

    private Errno()
    {
    }

    /**
     * @param errno an error number.
     * @return its symbolic name, or {@code "errno N"} for numbers this table does not know.
     */
    public static String name(final int errno)
    {
        final String name = errno >= 0 && errno < NAMES.length ? NAMES[errno] : null;
        return null != name ? name : "errno " + errno;
    }

    /**
     * @param errno an error number.
     * @return the C library's message followed by the symbolic name, e.g. {@code "Cannot allocate memory
     * (ENOMEM)"}.
     */
    public static String describe(final int errno)
    {
        return Native.libc().strerror(errno) + " (" + name(errno) + ")";
    }
}

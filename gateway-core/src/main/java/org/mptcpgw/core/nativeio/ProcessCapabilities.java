package org.mptcpgw.core.nativeio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The effective capability set of the process, read from the {@code CapEff:} line of
 * {@code /proc/self/status} (a hexadecimal bit mask, bit N = capability N of {@code linux/capability.h}).
 * Root normally holds them all; a service can be given just the three the gateway needs.
 */
public final class ProcessCapabilities
{
    /** CAP_NET_ADMIN: interface settings, SO_*BUFFORCE, promiscuous mode, nftables. */
    public static final int CAP_NET_ADMIN = 12;
    /** CAP_NET_RAW: open AF_PACKET sockets. */
    public static final int CAP_NET_RAW = 13;
    /** CAP_IPC_LOCK: lock ring memory past RLIMIT_MEMLOCK. */
    public static final int CAP_IPC_LOCK = 14;
    /** CAP_SYS_ADMIN: enter another network namespace. */
    public static final int CAP_SYS_ADMIN = 21;

    private static final String STATUS_FILE = "/proc/self/status";
    private static final String CAP_EFF = "CapEff:";

    private final long effective;

    private ProcessCapabilities(final long effective)
    {
        this.effective = effective;
    }

    /**
     * @return the capabilities of this process.
     */
    public static ProcessCapabilities current()
    {
        return read(Paths.get(STATUS_FILE));
    }

    /**
     * @param statusFile a file in the format of {@code /proc/PID/status}.
     * @return the capabilities it lists.
     */
    public static ProcessCapabilities read(final Path statusFile)
    {
        try
        {
            return parse(new String(Files.readAllBytes(statusFile), StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param statusText text in the format of {@code /proc/PID/status}.
     * @return the capabilities of its {@code CapEff:} line, or none if the line is missing or malformed.
     */
    public static ProcessCapabilities parse(final String statusText)
    {
        final int start = statusText.indexOf(CAP_EFF);
        if (start < 0)
        {
            return new ProcessCapabilities(0);
        }
        int end = statusText.indexOf('\n', start);
        if (end < 0)
        {
            end = statusText.length();
        }
        final String hex = statusText.substring(start + CAP_EFF.length(), end).trim();
        try
        {
            return new ProcessCapabilities(Long.parseUnsignedLong(hex, 16));
        }
        catch (final NumberFormatException ex)
        {
            return new ProcessCapabilities(0);
        }
    }

    /**
     * @param effectiveMask a capability bit mask.
     * @return capabilities with that mask.
     */
    public static ProcessCapabilities of(final long effectiveMask)
    {
        return new ProcessCapabilities(effectiveMask);
    }

    /**
     * @param capability capability number (CAP_*).
     * @return true if it is in the effective set.
     */
    public boolean has(final int capability)
    {
        return 0 != (effective & (1L << capability));
    }

    /**
     * @return the effective set as a bit mask.
     */
    public long effectiveMask()
    {
        return effective;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ProcessCapabilities{CapEff=" + Long.toHexString(effective) +
            ", net_admin=" + has(CAP_NET_ADMIN) + ", net_raw=" + has(CAP_NET_RAW) +
            ", ipc_lock=" + has(CAP_IPC_LOCK) + '}';
    }
}

package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibC;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.nativeio.Native;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Facts about a network interface asked from the kernel with {@code ioctl()} on a datagram socket (no
 * privilege needed, no process started): index, MAC address, MTU and flags, in the network namespace of the
 * calling thread.
 * <pre>
 * struct ifreq (40 bytes):
 *   0 ifr_name[IFNAMSIZ = 16] | 16 union: ifr_ifindex s32 | ifr_mtu s32 | ifr_flags s16 |
 *                                         ifr_hwaddr struct sockaddr (16 sa_family u16, 18 sa_data[14])
 * </pre>
 * SIOCGIFFLAGS returns the flags truncated to 16 bits, so carrier is read from IFF_RUNNING (operationally
 * up); IFF_LOWER_UP is only visible through rtnetlink ({@link LinkMonitor}).
 */
public final class InterfaceInfo
{
    /** sizeof(struct ifreq). */
    static final int IFREQ_LENGTH = 40;
    /** Offset of the union after ifr_name. */
    static final int IFR_UNION_OFFSET = 16;
    /** Offset of sa_data in ifr_hwaddr. */
    static final int IFR_HWADDR_DATA_OFFSET = 18;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final String name;
    private final int index;
    private final long macAddress;
    private final int hardwareType;
    private final int mtu;
    private final int flags;

    InterfaceInfo(
        final String name, final int index, final long macAddress, final int hardwareType, final int mtu,
        final int flags)
    {
        this.name = name;
        this.index = index;
        this.macAddress = macAddress;
        this.hardwareType = hardwareType;
        this.mtu = mtu;
        this.flags = flags;
    }

    /**
     * Ask the kernel about an interface.
     *
     * @param name interface name.
     * @return the facts, or null if there is no interface of that name in this network namespace.
     * @throws AfPacketException if the kernel refuses for another reason.
     */
    public static InterfaceInfo query(final String name)
    {
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= LinuxConstants.IFNAMSIZ)
        {
            return null;
        }
        final LibC libc = Native.libc();
        final int fd = libc.socket(LinuxConstants.AF_INET, LinuxConstants.SOCK_DGRAM | LinuxConstants.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new AfPacketException("cannot open a socket to query interface '" + name + "': " +
                Native.lastErrorText(), Native.errno());
        }
        try
        {
            final UnsafeBuffer ifreq = new UnsafeBuffer(ByteBuffer.allocateDirect(IFREQ_LENGTH));
            ifreq.putBytes(0, nameBytes);
            if (!ioctl(libc, fd, LinuxConstants.SIOCGIFINDEX, ifreq, name))
            {
                return null;
            }
            final int index = ifreq.getInt(IFR_UNION_OFFSET, ORDER);
            ioctl(libc, fd, LinuxConstants.SIOCGIFMTU, ifreq, name);
            final int mtu = ifreq.getInt(IFR_UNION_OFFSET, ORDER);
            ioctl(libc, fd, LinuxConstants.SIOCGIFFLAGS, ifreq, name);
            final int flags = ifreq.getShort(IFR_UNION_OFFSET, ORDER) & 0xFFFF;
            ioctl(libc, fd, LinuxConstants.SIOCGIFHWADDR, ifreq, name);
            final int hardwareType = ifreq.getShort(IFR_UNION_OFFSET, ORDER) & 0xFFFF;
            final long mac = ifreq.getLong(IFR_UNION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFF_FFFFL;
            return new InterfaceInfo(name, index, mac, hardwareType, mtu, flags);
        }
        finally
        {
            libc.close(fd);
        }
    }

    private static boolean ioctl(
        final LibC libc, final int fd, final int request, final UnsafeBuffer ifreq, final String name)
    {
        ifreq.setMemory(IFR_UNION_OFFSET, IFREQ_LENGTH - IFR_UNION_OFFSET, (byte)0);
        if (libc.ioctl(fd, request, ifreq.addressOffset()) < 0)
        {
            final int errno = Native.errno();
            if (LinuxConstants.ENODEV == errno && LinuxConstants.SIOCGIFINDEX == request)
            {
                return false;
            }
            throw new AfPacketException("cannot query interface '" + name + "' (ioctl 0x" +
                Integer.toHexString(request) + "): " + Native.lastErrorText(), errno);
        }
        return true;
    }

    /**
     * @return interface name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return interface index.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return MAC address in the low 48 bits, first byte on the wire most significant.
     */
    public long macAddress()
    {
        return macAddress;
    }

    /**
     * @return ARPHRD_* hardware type (1 for Ethernet).
     */
    public int hardwareType()
    {
        return hardwareType;
    }

    /**
     * @return MTU in bytes (layer 3, without the Ethernet header).
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * @return IFF_* flags (low 16 bits).
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return true if administratively up (IFF_UP).
     */
    public boolean up()
    {
        return 0 != (flags & LinuxConstants.IFF_UP);
    }

    /**
     * @return true if operationally up, i.e. up with carrier (IFF_RUNNING).
     */
    public boolean running()
    {
        return 0 != (flags & LinuxConstants.IFF_RUNNING);
    }

    /**
     * @param mac MAC address in the low 48 bits.
     * @return the usual colon-separated text.
     */
    public static String macText(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int b = (int)(mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "InterfaceInfo{" + name + " index=" + index + " mac=" + macText(macAddress) + " mtu=" + mtu +
            " up=" + up() + " running=" + running() + '}';
    }
}

package org.mptcpgw.core.nativeio;

/**
 * Linux constants the gateway passes to the kernel, named exactly as in the kernel's UAPI headers so that a
 * reader can grep for them: {@code linux/socket.h}, {@code linux/if_packet.h}, {@code linux/if_ether.h},
 * {@code linux/netlink.h}, {@code linux/rtnetlink.h}, {@code linux/if_link.h}, {@code linux/if.h},
 * {@code linux/sockios.h}, {@code asm-generic/mman-common.h}, {@code asm-generic/poll.h},
 * {@code linux/sched.h} and {@code asm-generic/errno*.h}. Values are those of x86-64 and AArch64 Linux.
 */
public final class LinuxConstants
{
    /** AF_UNSPEC. */
    public static final int AF_UNSPEC = 0;
    /** AF_INET. */
    public static final int AF_INET = 2;
    /** AF_NETLINK. */
    public static final int AF_NETLINK = 16;
    /** AF_PACKET. */
    public static final int AF_PACKET = 17;

    /** SOCK_DGRAM. */
    public static final int SOCK_DGRAM = 2;
    /** SOCK_RAW. */
    public static final int SOCK_RAW = 3;
    /** SOCK_NONBLOCK (O_NONBLOCK). */
    public static final int SOCK_NONBLOCK = 0x800;
    /** SOCK_CLOEXEC (O_CLOEXEC). */
    public static final int SOCK_CLOEXEC = 0x80000;

    /** ETH_P_ALL: every protocol (host order; pass {@link #htons(int)} of it). */
    public static final int ETH_P_ALL = 0x0003;
    /** ETH_P_IP. */
    public static final int ETH_P_IP = 0x0800;
    /** ETH_P_ARP. */
    public static final int ETH_P_ARP = 0x0806;
    /** ETH_P_8021Q. */
    public static final int ETH_P_8021Q = 0x8100;
    /** ETH_P_8021AD. */
    public static final int ETH_P_8021AD = 0x88A8;
    /** ETH_P_IPV6. */
    public static final int ETH_P_IPV6 = 0x86DD;

    /** SOL_SOCKET. */
    public static final int SOL_SOCKET = 1;
    /** SO_SNDBUF. */
    public static final int SO_SNDBUF = 7;
    /** SO_RCVBUF. */
    public static final int SO_RCVBUF = 8;
    /** SO_SNDBUFFORCE: like SO_SNDBUF but past net.core.wmem_max (CAP_NET_ADMIN). */
    public static final int SO_SNDBUFFORCE = 32;
    /** SO_RCVBUFFORCE: like SO_RCVBUF but past net.core.rmem_max (CAP_NET_ADMIN). */
    public static final int SO_RCVBUFFORCE = 33;

    /** SOL_PACKET. */
    public static final int SOL_PACKET = 263;
    /** PACKET_ADD_MEMBERSHIP. */
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    /** PACKET_RX_RING. */
    public static final int PACKET_RX_RING = 5;
    /** PACKET_STATISTICS. */
    public static final int PACKET_STATISTICS = 6;
    /** PACKET_COPY_THRESH: also queue frames longer than a V1/V2 ring slot to the socket (TP_STATUS_COPY). */
    public static final int PACKET_COPY_THRESH = 7;
    /** PACKET_AUXDATA. */
    public static final int PACKET_AUXDATA = 8;
    /** PACKET_VERSION. */
    public static final int PACKET_VERSION = 10;
    /** PACKET_RESERVE. */
    public static final int PACKET_RESERVE = 12;
    /** PACKET_TX_RING. */
    public static final int PACKET_TX_RING = 13;
    /** PACKET_LOSS: skip malformed TX ring frames instead of stalling the ring on them. */
    public static final int PACKET_LOSS = 14;
    /** PACKET_VNET_HDR. */
    public static final int PACKET_VNET_HDR = 15;
    /** PACKET_FANOUT. */
    public static final int PACKET_FANOUT = 18;
    /** PACKET_QDISC_BYPASS. */
    public static final int PACKET_QDISC_BYPASS = 20;
    /** PACKET_IGNORE_OUTGOING. */
    public static final int PACKET_IGNORE_OUTGOING = 23;

    /** PACKET_MR_PROMISC (struct packet_mreq mr_type). */
    public static final int PACKET_MR_PROMISC = 1;

    /** PACKET_FANOUT_HASH. */
    public static final int PACKET_FANOUT_HASH = 0;
    /** PACKET_FANOUT_LB. */
    public static final int PACKET_FANOUT_LB = 1;
    /** PACKET_FANOUT_CPU. */
    public static final int PACKET_FANOUT_CPU = 2;
    /** PACKET_FANOUT_ROLLOVER. */
    public static final int PACKET_FANOUT_ROLLOVER = 3;
    /** PACKET_FANOUT_QM. */
    public static final int PACKET_FANOUT_QM = 5;
    /** PACKET_FANOUT_FLAG_DEFRAG: reassemble IP fragments before hashing so that they stay together. */
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;

    /** TPACKET_V2. */
    public static final int TPACKET_V2 = 1;
    /** TPACKET_V3. */
    public static final int TPACKET_V3 = 2;

    /** TP_STATUS_KERNEL: the RX slot belongs to the kernel. */
    public static final int TP_STATUS_KERNEL = 0;
    /** TP_STATUS_USER: the RX slot (or V3 block) belongs to user space. */
    public static final int TP_STATUS_USER = 1;
    /** TP_STATUS_COPY: the frame did not fit the slot; a full copy was queued to the socket. */
    public static final int TP_STATUS_COPY = 2;
    /** TP_STATUS_LOSING: the kernel dropped frames since the last PACKET_STATISTICS read. */
    public static final int TP_STATUS_LOSING = 4;
    /** TP_STATUS_CSUMNOTREADY: the transport checksum holds only the pseudo-header sum. */
    public static final int TP_STATUS_CSUMNOTREADY = 8;
    /** TP_STATUS_VLAN_VALID: tp_vlan_tci holds a tag the kernel removed from the frame. */
    public static final int TP_STATUS_VLAN_VALID = 16;
    /** TP_STATUS_BLK_TMO: the V3 block was retired by its timer. */
    public static final int TP_STATUS_BLK_TMO = 32;
    /** TP_STATUS_VLAN_TPID_VALID: tp_vlan_tpid is valid. */
    public static final int TP_STATUS_VLAN_TPID_VALID = 64;
    /** TP_STATUS_CSUM_VALID: the kernel validated the transport checksum. */
    public static final int TP_STATUS_CSUM_VALID = 128;
    /** TP_STATUS_GSO_TCP: a TCP GSO super-frame. */
    public static final int TP_STATUS_GSO_TCP = 256;

    /** TP_STATUS_AVAILABLE: the TX slot is free. */
    public static final int TP_STATUS_AVAILABLE = 0;
    /** TP_STATUS_SEND_REQUEST: the TX slot is ready to be sent. */
    public static final int TP_STATUS_SEND_REQUEST = 1;
    /** TP_STATUS_SENDING: the kernel is sending the TX slot. */
    public static final int TP_STATUS_SENDING = 2;
    /** TP_STATUS_WRONG_FORMAT: the kernel refused the TX slot. */
    public static final int TP_STATUS_WRONG_FORMAT = 4;

    /** PACKET_OUTGOING (sockaddr_ll sll_pkttype). */
    public static final int PACKET_OUTGOING = 4;

    /** MSG_PEEK. */
    public static final int MSG_PEEK = 0x2;
    /** MSG_TRUNC. */
    public static final int MSG_TRUNC = 0x20;
    /** MSG_DONTWAIT. */
    public static final int MSG_DONTWAIT = 0x40;

    /** PROT_READ. */
    public static final int PROT_READ = 0x1;
    /** PROT_WRITE. */
    public static final int PROT_WRITE = 0x2;
    /** MAP_SHARED. */
    public static final int MAP_SHARED = 0x01;
    /** MAP_LOCKED. */
    public static final int MAP_LOCKED = 0x2000;
    /** MAP_POPULATE. */
    public static final int MAP_POPULATE = 0x8000;
    /** MAP_FAILED: {@code (void *)-1}. */
    public static final long MAP_FAILED = -1L;

    /** POLLIN. */
    public static final short POLLIN = 0x001;
    /** POLLERR. */
    public static final short POLLERR = 0x008;
    /** POLLHUP. */
    public static final short POLLHUP = 0x010;
    /** POLLNVAL. */
    public static final short POLLNVAL = 0x020;

    /** O_RDONLY. */
    public static final int O_RDONLY = 0;
    /** O_CLOEXEC. */
    public static final int O_CLOEXEC = 0x80000;
    /** CLONE_NEWNET. */
    public static final int CLONE_NEWNET = 0x40000000;

    /** SIOCGIFFLAGS. */
    public static final int SIOCGIFFLAGS = 0x8913;
    /** SIOCGIFMTU. */
    public static final int SIOCGIFMTU = 0x8921;
    /** SIOCGIFHWADDR. */
    public static final int SIOCGIFHWADDR = 0x8927;
    /** SIOCGIFINDEX. */
    public static final int SIOCGIFINDEX = 0x8933;
    /** IFNAMSIZ: interface name buffer size including the terminating NUL. */
    public static final int IFNAMSIZ = 16;
    /** ARPHRD_ETHER. */
    public static final int ARPHRD_ETHER = 1;

    /** IFF_UP: administratively up. */
    public static final int IFF_UP = 0x1;
    /** IFF_LOOPBACK. */
    public static final int IFF_LOOPBACK = 0x8;
    /** IFF_RUNNING: operationally up (carrier and not dormant). */
    public static final int IFF_RUNNING = 0x40;
    /** IFF_PROMISC. */
    public static final int IFF_PROMISC = 0x100;
    /** IFF_LOWER_UP: carrier (only in rtnetlink; SIOCGIFFLAGS truncates flags to 16 bits). */
    public static final int IFF_LOWER_UP = 0x10000;

    /** NETLINK_ROUTE. */
    public static final int NETLINK_ROUTE = 0;
    /** RTMGRP_LINK: multicast group of link events. */
    public static final int RTMGRP_LINK = 1;
    /** NLMSG_NOOP. */
    public static final int NLMSG_NOOP = 1;
    /** NLMSG_ERROR. */
    public static final int NLMSG_ERROR = 2;
    /** NLMSG_DONE. */
    public static final int NLMSG_DONE = 3;
    /** NLMSG_OVERRUN. */
    public static final int NLMSG_OVERRUN = 4;
    /** RTM_NEWLINK. */
    public static final int RTM_NEWLINK = 16;
    /** RTM_DELLINK. */
    public static final int RTM_DELLINK = 17;
    /** RTM_GETLINK. */
    public static final int RTM_GETLINK = 18;
    /** NLM_F_REQUEST. */
    public static final int NLM_F_REQUEST = 0x1;
    /** NLM_F_MULTI. */
    public static final int NLM_F_MULTI = 0x2;
    /** NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH). */
    public static final int NLM_F_DUMP = 0x300;
    /** IFLA_IFNAME. */
    public static final int IFLA_IFNAME = 3;
    /** IFLA_MTU. */
    public static final int IFLA_MTU = 4;
    /** IFLA_OPERSTATE. */
    public static final int IFLA_OPERSTATE = 16;
    /** IFLA_CARRIER. */
    public static final int IFLA_CARRIER = 33;
    /** IF_OPER_UNKNOWN (RFC 2863 operational status). */
    public static final int IF_OPER_UNKNOWN = 0;
    /** IF_OPER_DOWN. */
    public static final int IF_OPER_DOWN = 2;
    /** IF_OPER_LOWERLAYERDOWN. */
    public static final int IF_OPER_LOWERLAYERDOWN = 3;
    /** IF_OPER_UP. */
    public static final int IF_OPER_UP = 6;

    /** EPERM. */
    public static final int EPERM = 1;
    /** ENOENT. */
    public static final int ENOENT = 2;
    /** EINTR. */
    public static final int EINTR = 4;
    /** ENXIO. */
    public static final int ENXIO = 6;
    /** EBADF. */
    public static final int EBADF = 9;
    /** EAGAIN (EWOULDBLOCK). */
    public static final int EAGAIN = 11;
    /** ENOMEM. */
    public static final int ENOMEM = 12;
    /** EACCES. */
    public static final int EACCES = 13;
    /** EFAULT. */
    public static final int EFAULT = 14;
    /** EBUSY. */
    public static final int EBUSY = 16;
    /** EEXIST. */
    public static final int EEXIST = 17;
    /** ENODEV. */
    public static final int ENODEV = 19;
    /** EINVAL. */
    public static final int EINVAL = 22;
    /** EMFILE. */
    public static final int EMFILE = 24;
    /** EMSGSIZE. */
    public static final int EMSGSIZE = 90;
    /** ENOPROTOOPT. */
    public static final int ENOPROTOOPT = 92;
    /** EPROTONOSUPPORT. */
    public static final int EPROTONOSUPPORT = 93;
    /** EOPNOTSUPP. */
    public static final int EOPNOTSUPP = 95;
    /** EAFNOSUPPORT. */
    public static final int EAFNOSUPPORT = 97;
    /** ENETDOWN. */
    public static final int ENETDOWN = 100;
    /** ENOBUFS. */
    public static final int ENOBUFS = 105;

    private LinuxConstants()
    {
    }

    /**
     * Network byte order of a 16-bit value as the kernel reads it from an int argument on a little-endian host
     * (the {@code htons()} of C).
     *
     * @param value host-order value.
     * @return the value with its two low bytes swapped.
     */
    public static int htons(final int value)
    {
        return Short.toUnsignedInt(Short.reverseBytes((short)value));
    }
}

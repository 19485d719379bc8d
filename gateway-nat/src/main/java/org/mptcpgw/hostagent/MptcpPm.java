package org.mptcpgw.hostagent;

/**
 * The kernel's MPTCP path-manager generic netlink family {@code mptcp_pm} ({@code linux/mptcp_pm.h}, generated from
 * {@code Documentation/netlink/specs/mptcp_pm.yaml}): commands, events and attribute numbers. Every number used by
 * the agent was checked against kernel 6.18 by decoding real events and replies (see docs/host-agent.md and the
 * fixtures in {@code MptcpEventDecoderTest}).
 */
public final class MptcpPm
{
    /** Family name. */
    public static final String FAMILY_NAME = "mptcp_pm";
    /** Multicast group of path-manager events. */
    public static final String EVENTS_GROUP = "mptcp_pm_events";
    /** Family version we speak (genlmsghdr.version). */
    public static final int VERSION = 1;

    /** MPTCP_PM_CMD_GET_LIMITS: read the in-kernel PM limits. */
    public static final int CMD_GET_LIMITS = 6;
    /** MPTCP_PM_CMD_SUBFLOW_CREATE: userspace PM, open a subflow on a connection. */
    public static final int CMD_SUBFLOW_CREATE = 10;
    /** MPTCP_PM_CMD_SUBFLOW_DESTROY: userspace PM, close a subflow of a connection. */
    public static final int CMD_SUBFLOW_DESTROY = 11;

    /** MPTCP_EVENT_CREATED: a connection was created (token, family, addresses, ports, [server side]). */
    public static final int EVENT_CREATED = 1;
    /** MPTCP_EVENT_ESTABLISHED: a connection is established and may open subflows. */
    public static final int EVENT_ESTABLISHED = 2;
    /** MPTCP_EVENT_CLOSED: a connection is gone (token only). */
    public static final int EVENT_CLOSED = 3;
    /** MPTCP_EVENT_ANNOUNCED: the peer announced an address (ADD_ADDR). */
    public static final int EVENT_ANNOUNCED = 6;
    /** MPTCP_EVENT_REMOVED: the peer removed an address. */
    public static final int EVENT_REMOVED = 7;
    /** MPTCP_EVENT_SUB_ESTABLISHED: a subflow was established. */
    public static final int EVENT_SUB_ESTABLISHED = 10;
    /** MPTCP_EVENT_SUB_CLOSED: a subflow was closed or failed to connect (error holds its sk_err). */
    public static final int EVENT_SUB_CLOSED = 11;
    /** MPTCP_EVENT_SUB_PRIORITY: a subflow's backup flag changed. */
    public static final int EVENT_SUB_PRIORITY = 13;
    /** MPTCP_EVENT_LISTENER_CREATED: an MPTCP listener was created. */
    public static final int EVENT_LISTENER_CREATED = 15;
    /** MPTCP_EVENT_LISTENER_CLOSED: an MPTCP listener was closed. */
    public static final int EVENT_LISTENER_CLOSED = 16;

    /** MPTCP_ATTR_TOKEN (u32, host order): the local token of the connection. */
    public static final int ATTR_TOKEN = 1;
    /** MPTCP_ATTR_FAMILY (u16): AF_INET or AF_INET6. */
    public static final int ATTR_FAMILY = 2;
    /** MPTCP_ATTR_LOC_ID (u8). */
    public static final int ATTR_LOC_ID = 3;
    /** MPTCP_ATTR_REM_ID (u8). */
    public static final int ATTR_REM_ID = 4;
    /** MPTCP_ATTR_SADDR4 (4 bytes, network order). */
    public static final int ATTR_SADDR4 = 5;
    /** MPTCP_ATTR_SADDR6 (16 bytes). */
    public static final int ATTR_SADDR6 = 6;
    /** MPTCP_ATTR_DADDR4 (4 bytes, network order). */
    public static final int ATTR_DADDR4 = 7;
    /** MPTCP_ATTR_DADDR6 (16 bytes). */
    public static final int ATTR_DADDR6 = 8;
    /** MPTCP_ATTR_SPORT (be16). */
    public static final int ATTR_SPORT = 9;
    /** MPTCP_ATTR_DPORT (be16). */
    public static final int ATTR_DPORT = 10;
    /** MPTCP_ATTR_BACKUP (u8). */
    public static final int ATTR_BACKUP = 11;
    /** MPTCP_ATTR_ERROR (u8): sk_err of a closed subflow, e.g. 111 ECONNREFUSED. */
    public static final int ATTR_ERROR = 12;
    /** MPTCP_ATTR_FLAGS (u16): MPTCP_PM_EV_FLAG_* bits. */
    public static final int ATTR_FLAGS = 13;
    /** MPTCP_ATTR_TIMEOUT (u32). */
    public static final int ATTR_TIMEOUT = 14;
    /** MPTCP_ATTR_IF_IDX (s32). */
    public static final int ATTR_IF_IDX = 15;
    /** MPTCP_ATTR_RESET_REASON (u32): MP_TCPRST reason (RFC 8684 section 3.6). */
    public static final int ATTR_RESET_REASON = 16;
    /** MPTCP_ATTR_RESET_FLAGS (u32). */
    public static final int ATTR_RESET_FLAGS = 17;
    /** MPTCP_ATTR_SERVER_SIDE (u8): the connection was accepted by a listener (kept next to the flag bit). */
    public static final int ATTR_SERVER_SIDE = 18;

    /** MPTCP_PM_EV_FLAG_DENY_JOIN_ID0: the peer does not accept joins to its initial address. */
    public static final int EVENT_FLAG_DENY_JOIN_ID0 = 1;
    /** MPTCP_PM_EV_FLAG_SERVER_SIDE: the connection was accepted by a listener (seen on 6.18 next to the attr). */
    public static final int EVENT_FLAG_SERVER_SIDE = 2;

    /** MPTCP_PM_ATTR_ADDR (nested address): the local address of a subflow to create. */
    public static final int PM_ATTR_ADDR = 1;
    /** MPTCP_PM_ATTR_RCV_ADD_ADDRS (u32): limit of accepted ADD_ADDRs. */
    public static final int PM_ATTR_RCV_ADD_ADDRS = 2;
    /** MPTCP_PM_ATTR_SUBFLOWS (u32): limit of extra subflows. */
    public static final int PM_ATTR_SUBFLOWS = 3;
    /** MPTCP_PM_ATTR_TOKEN (u32). */
    public static final int PM_ATTR_TOKEN = 4;
    /** MPTCP_PM_ATTR_LOC_ID (u8). */
    public static final int PM_ATTR_LOC_ID = 5;
    /** MPTCP_PM_ATTR_ADDR_REMOTE (nested address): the remote address of a subflow to create. */
    public static final int PM_ATTR_ADDR_REMOTE = 6;

    /** MPTCP_PM_ADDR_ATTR_FAMILY (u16). */
    public static final int ADDR_ATTR_FAMILY = 1;
    /** MPTCP_PM_ADDR_ATTR_ID (u8): local address id; the agent uses a non-zero one. */
    public static final int ADDR_ATTR_ID = 2;
    /** MPTCP_PM_ADDR_ATTR_ADDR4 (4 bytes, network order). */
    public static final int ADDR_ATTR_ADDR4 = 3;
    /** MPTCP_PM_ADDR_ATTR_ADDR6 (16 bytes). */
    public static final int ADDR_ATTR_ADDR6 = 4;
    /** MPTCP_PM_ADDR_ATTR_PORT (u16 in HOST byte order: the kernel applies htons itself). */
    public static final int ADDR_ATTR_PORT = 5;
    /** MPTCP_PM_ADDR_ATTR_FLAGS (u32). */
    public static final int ADDR_ATTR_FLAGS = 6;
    /** MPTCP_PM_ADDR_ATTR_IF_IDX (s32). */
    public static final int ADDR_ATTR_IF_IDX = 7;

    /** AF_INET. */
    public static final int AF_INET = 2;
    /** AF_INET6. */
    public static final int AF_INET6 = 10;

    private MptcpPm()
    {
    }

    /**
     * @param event an MPTCP_EVENT_* number.
     * @return its name for logs, e.g. "SUB_CLOSED".
     */
    public static String eventName(final int event)
    {
        switch (event)
        {
            case EVENT_CREATED:
                return "CREATED";
            case EVENT_ESTABLISHED:
                return "ESTABLISHED";
            case EVENT_CLOSED:
                return "CLOSED";
            case EVENT_ANNOUNCED:
                return "ANNOUNCED";
            case EVENT_REMOVED:
                return "REMOVED";
            case EVENT_SUB_ESTABLISHED:
                return "SUB_ESTABLISHED";
            case EVENT_SUB_CLOSED:
                return "SUB_CLOSED";
            case EVENT_SUB_PRIORITY:
                return "SUB_PRIORITY";
            case EVENT_LISTENER_CREATED:
                return "LISTENER_CREATED";
            case EVENT_LISTENER_CLOSED:
                return "LISTENER_CLOSED";
            default:
                return "EVENT_" + event;
        }
    }
}

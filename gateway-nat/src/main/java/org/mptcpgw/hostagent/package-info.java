/**
 * The host agent: a small daemon for the end host (not the gateway) that asks the kernel's MPTCP userspace path
 * manager for extra subflows over the host's one address, so that a single-homed host opens subflows the gateway
 * can spread over its uplinks (draft-wr-mptcp-single-homed section 2.2). It listens to the generic netlink family
 * {@code mptcp_pm} (multicast group {@code mptcp_pm_events}), requests {@code MPTCP_PM_CMD_SUBFLOW_CREATE} for each
 * new outgoing connection, and re-creates lost subflows with bounded exponential backoff. See docs/host-agent.md.
 */
package org.mptcpgw.hostagent;

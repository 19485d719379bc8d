/**
 * Path health: active probes through each uplink, passive signals from live traffic and carrier, a state machine
 * with hysteresis (up, degraded, down), detection of uplinks that strip MPTCP options, and the agent that turns state
 * changes into failover commands for the workers.
 */
package org.mptcpgw.gateway.health;

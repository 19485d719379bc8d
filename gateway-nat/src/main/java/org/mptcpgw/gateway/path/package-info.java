/**
 * Paths (uplinks): their configuration and live state as one worker sees it, and the placement policy that picks a
 * path for each new flow and each new MPTCP subflow.
 */
package org.mptcpgw.gateway.path;

/**
 * Core of the gateway: packet flyweights, ports, the stage pipeline and MPTCP tracking.
 */
package org.mptcpgw.core;

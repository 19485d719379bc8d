/**
 * The runnable gateway: configuration, wiring of agents and the command line.
 */
package org.mptcpgw.gateway;

/**
 * End-to-end tests of the running gateway in the network lab (real Linux MPTCP on host and server, ISP routers with
 * shaped links, the gateway inline in its namespace). They need root and are tagged "lab".
 */
package org.mptcpgw.gateway.lab;

/**
 * Ports: where frames enter and leave the gateway. A port hands out vectors of frame handles that point into
 * its own ring memory (AF_PACKET rings, a pcap file, or memory for tests) and takes frames to transmit by
 * copying them into its transmit slots.
 * <p>
 * Start reading at {@link org.mptcpgw.core.port.Port} and {@link org.mptcpgw.core.port.FrameVector}.
 */
package org.mptcpgw.core.port;

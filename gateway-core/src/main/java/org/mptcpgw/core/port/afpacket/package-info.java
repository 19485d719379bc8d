/**
 * AF_PACKET ports: {@link org.mptcpgw.core.port.afpacket.AfPacketPort} receives through a memory-mapped
 * TPACKET_V2 or TPACKET_V3 ring and transmits through a PACKET_TX_RING or {@code send()}, with virtio-net
 * headers so that partial checksums and GSO super-frames pass unchanged. Around it: interface facts from the
 * kernel ({@link org.mptcpgw.core.port.afpacket.InterfaceInfo}), carrier changes from rtnetlink
 * ({@link org.mptcpgw.core.port.afpacket.LinkMonitor}), one-line availability checks
 * ({@link org.mptcpgw.core.port.afpacket.AfPacketAvailability}) and muting the kernel's own stack on the
 * gateway's interfaces ({@link org.mptcpgw.core.port.afpacket.KernelIsolation}).
 * <p>
 * Start reading at {@link org.mptcpgw.core.port.afpacket.AfPacketConfig}, then
 * {@link org.mptcpgw.core.port.afpacket.AfPacketPort}. docs/afpacket.md has the measured trade-offs.
 */
package org.mptcpgw.core.port.afpacket;

/**
 * Zero-copy packet codecs: flyweights over Agrona buffers for Ethernet (with 802.1Q/802.1ad tags), ARP, IPv4,
 * IPv6 and its extension headers, TCP, UDP, ICMPv4 and ICMPv6; the one-pass {@link
 * org.mptcpgw.core.packet.PacketParser} that fills a reusable {@link org.mptcpgw.core.packet.ParsedPacket};
 * the TCP option walker; and Internet checksums (full, pseudo-header, RFC 1624 incremental, partial).
 * <p>
 * Every multi-byte wire access passes {@link java.nio.ByteOrder#BIG_ENDIAN}. Nothing here allocates or throws
 * on bad input once constructed: bad input is classified and reported as a {@link
 * org.mptcpgw.core.packet.ParseStatus}.
 * <p>
 * Start reading at {@link org.mptcpgw.core.packet.PacketParser}.
 */
package org.mptcpgw.core.packet;

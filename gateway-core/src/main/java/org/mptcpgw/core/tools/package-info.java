/**
 * Offline tools over the codecs: {@link org.mptcpgw.core.tools.PcapDecoder} prints every frame of a capture as
 * one JSON object per line (the future {@code mptcp-gateway decode FILE.pcap}).
 */
package org.mptcpgw.core.tools;

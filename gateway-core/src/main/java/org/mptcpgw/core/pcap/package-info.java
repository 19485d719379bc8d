/**
 * pcap files through pcap4j (which loads the system's libpcap): {@link org.mptcpgw.core.pcap.PcapReader} and
 * {@link org.mptcpgw.core.pcap.PcapWriter} for Ethernet, Linux cooked (SLL) and raw IP captures, and {@link
 * org.mptcpgw.core.pcap.PcapFilePort}, a {@link org.mptcpgw.core.port.Port} that receives the frames of an input
 * capture and writes transmitted frames to an output capture, so that the pipeline runs offline
 * ({@code replay IN.pcap OUT.pcap}) and in golden tests.
 * <p>
 * pcap I/O allocates (pcap4j hands out a {@code byte[]} and a timestamp object per frame); it is meant for
 * replay, tests and debug dumps, not for the live data path.
 */
package org.mptcpgw.core.pcap;

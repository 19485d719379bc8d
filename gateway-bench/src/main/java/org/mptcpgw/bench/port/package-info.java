/**
 * End-to-end AF_PACKET port benchmarks driven by {@code scripts/bench-ports.sh}: a fixed UDP generator
 * ({@link org.mptcpgw.bench.port.PortBlaster}) and a port-pair pass-through
 * ({@link org.mptcpgw.bench.port.PortForwarder}), each a separate JVM pinned to its own CPU inside the lab's
 * network namespaces. Results and the reproducing command are in docs/afpacket.md.
 */
package org.mptcpgw.bench.port;

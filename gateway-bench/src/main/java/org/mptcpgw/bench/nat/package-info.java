/**
 * Benchmarks and measurements of the NAT session table: per-packet lookup and {@code onPacket} cost with a million
 * sessions ({@link org.mptcpgw.bench.nat.NatSessionTableBenchmark}) and memory per session
 * ({@link org.mptcpgw.bench.nat.SessionTableFootprint}).
 */
package org.mptcpgw.bench.nat;

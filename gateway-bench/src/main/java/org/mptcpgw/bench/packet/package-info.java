/**
 * JMH benchmarks of the packet codecs: one-pass parsing of Ethernet + IPv4 + TCP + options + MPTCP options.
 * <p>
 * Build and run (2 vCPUs shared: keep runs short):
 * <pre>
 * mvn -B -q -o -pl gateway-bench -am package -DskipTests
 * java -jar gateway-bench/target/benchmarks.jar PacketParserBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 * Agrona's bounds checks are on by default; add
 * {@code -jvmArgsAppend -Dagrona.disable.bounds.checks=true} to measure without them.
 */
package org.mptcpgw.bench.packet;

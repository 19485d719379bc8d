/**
 * The whole in-memory gateway pipeline under load: a rig that builds the real {@code GatewayPipeline} over
 * in-memory ports with pre-established flows and replays a traffic mix through it, the JMH benchmarks that drive
 * it (Mpps per core, bytes per packet) and the plain allocation/GC measurement.
 */
package org.mptcpgw.bench.pipeline;

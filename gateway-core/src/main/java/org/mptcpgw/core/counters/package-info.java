/**
 * Counters: every number the gateway exports lives in an Agrona {@link org.agrona.concurrent.status.CountersManager}
 * over a memory-mapped file, written by exactly one thread (the agent that owns it) and read by anyone: the metrics
 * endpoint at scrape time, {@code mptcp-gateway status} from another process, tests. The catalog of counter types is
 * {@link org.mptcpgw.core.counters.CounterType}.
 */
package org.mptcpgw.core.counters;

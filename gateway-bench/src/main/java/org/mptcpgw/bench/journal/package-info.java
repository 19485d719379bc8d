/**
 * Journal benchmarks: events per second from publisher through ring and journal agent to the Chronicle files, and
 * what publishing costs a forwarding worker. How to run them: {@code docs/journal.md}.
 */
package org.mptcpgw.bench.journal;

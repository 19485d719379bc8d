/**
 * Observability at the edge: Micrometer meters that read the gateway's counters at scrape time (the forwarding
 * threads never call Micrometer), the Prometheus endpoint with /health and /ready, and the terminal status view.
 */
package org.mptcpgw.gateway.metrics;

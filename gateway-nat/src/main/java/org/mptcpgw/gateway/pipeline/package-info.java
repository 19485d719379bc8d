/**
 * The gateway's stage graph: classify, ARP, flow lookup, session creation (slow path), translation, ICMP errors
 * and local traffic, and the per-worker state they share (neighbours, paths, sessions, MPTCP connections).
 * <pre>
 *  rx --&gt; classify --+--&gt; arp ------------------------------------&gt; (answer / learn / bridge)
 *                    +--&gt; bridge (unchanged, lan &lt;-&gt; primary uplink) ---------------------------&gt; tx
 *                    +--&gt; flow --hit--&gt; track --&gt; translate --&gt; tx
 *                           \--miss--&gt; session (slow path: MPTCP tracking, placement, NAT) --/
 *                    +--&gt; icmp-error (RFC 5508) --&gt; tx
 *                    +--&gt; local (probe replies, pings to the gateway)
 *  every stage --&gt; drop (counted by stage and reason)
 * </pre>
 * Start reading at {@link org.mptcpgw.gateway.pipeline.GatewayPipeline}, which builds the graph.
 */
package org.mptcpgw.gateway.pipeline;

/**
 * The forwarding pipeline: small single-purpose {@link org.mptcpgw.core.pipeline.Stage stages} joined into a
 * {@link org.mptcpgw.core.pipeline.StageGraph graph} that runs a vector of frames to completion, VPP style.
 * <pre>
 *   port rx --&gt; classify --&gt; ... --&gt; transmit --&gt; port tx
 *                   \            \
 *                    +-----------+--&gt; drop (counts by stage and reason, releases)
 * </pre>
 * Every frame taken from a port leaves the graph exactly once: transmitted, consumed by the gateway itself
 * (ARP for its addresses, probe replies) or dropped with a named {@link org.mptcpgw.core.pipeline.DropReason}.
 */
package org.mptcpgw.core.pipeline;

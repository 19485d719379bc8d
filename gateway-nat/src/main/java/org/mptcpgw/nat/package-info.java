/**
 * The per-path NAT session table: endpoint-independent mappings (RFC 4787, RFC 5382), sessions with the TCP
 * phases and timers of RFC 5382 REQ-5 and RFC 7857 section 2, filtering (endpoint-independent or
 * address-dependent), port allocation per path and per worker, expiry by a timer wheel, quotas and warm restart.
 * <p>
 * The table never touches packet bytes: the pipeline classifies a packet, asks the table for the session and
 * rewrites the packet itself. Everything here runs on one worker thread (single writer); the metrics thread may
 * read only the snapshot methods that say so.
 * <p>
 * Start reading at {@link org.mptcpgw.nat.NatSessionTable}; the record layout is in
 * {@link org.mptcpgw.nat.SessionDescriptor} and the configuration in {@link org.mptcpgw.nat.NatConfig}.
 * The design is in {@code docs/nat.md}.
 */
package org.mptcpgw.nat;

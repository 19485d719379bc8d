/**
 * Multipath TCP as a middlebox sees it: the MPTCP option holder and parser ({@link
 * org.mptcpgw.core.mptcp.MptcpOptions}, {@link org.mptcpgw.core.mptcp.MptcpOptionParser}), the writer for the
 * options the gateway emits ({@link org.mptcpgw.core.mptcp.MptcpOptionWriter}, {@link
 * org.mptcpgw.core.mptcp.SubflowResetWriter}), the key-derived values ({@link
 * org.mptcpgw.core.mptcp.MptcpCrypto}: tokens, IDSNs, HMACs, DSS checksum) and the table of connections that ties
 * each MP_JOIN to its connection by token ({@link org.mptcpgw.core.mptcp.MptcpConnectionTable}).
 * <p>
 * References: RFC 8684 (MPTCP v1) and RFC 6824 (v0); the Linux kernel's {@code net/mptcp/options.c} for the
 * parsing structure.
 */
package org.mptcpgw.core.mptcp;

/**
 * MPTCP as a middlebox sees it (RFC 8684, RFC 6824): option holders, tokens and IDSNs from keys, and the table of
 * connections that ties each MP_JOIN to its connection by token.
 */
package org.mptcpgw.core.mptcp;

/**
 * Netlink (RFC 3549) and generic netlink messages over Agrona buffers: headers, attributes with alignment and
 * nesting, error and acknowledgement messages, the generic netlink controller (family and multicast group lookup),
 * and a netlink socket over JNR-FFI. Netlink headers and attributes are in the host's byte order; the flyweights
 * say so explicitly on every access.
 */
package org.mptcpgw.hostagent.netlink;

package org.mptcpgw.nat;

/**
 * Which inbound packets may use an existing mapping (RFC 4787 section 5, RFC 5382 REQ-3).
 */
public enum FilteringMode
{
    /**
     * Any remote endpoint may send to the outside endpoint of a mapping (RFC 4787 REQ-8: recommended when
     * application transparency matters most).
     */
    ENDPOINT_INDEPENDENT,

    /**
     * Only remote addresses the inside endpoint has sent to (from any of their ports) may send to the outside
     * endpoint of a mapping (RFC 4787 REQ-8: recommended when stricter filtering matters most).
     */
    ADDRESS_DEPENDENT
}

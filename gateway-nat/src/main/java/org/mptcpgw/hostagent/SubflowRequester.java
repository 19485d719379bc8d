package org.mptcpgw.hostagent;

/**
 * Sends the {@link HostAgent}'s requests to the userspace path manager (see {@link MptcpPmRequestEncoder}): the
 * netlink socket in production ({@link NetlinkSubflowRequester}), a recording fake in tests. The kernel's answer
 * comes back later through {@link HostAgent#onRequestAnswer(int, int, String, long)} with the same sequence number.
 */
public interface SubflowRequester
{
    /**
     * Ask for one more subflow.
     *
     * @param sequence      sequence number of the request (echoed in the kernel's answer).
     * @param token         connection token.
     * @param family        AF_INET or AF_INET6.
     * @param localAddress  local address bytes (network order).
     * @param localId       local address id (non-zero).
     * @param remoteAddress remote address bytes (network order).
     * @param remotePort    remote port.
     * @return 0 when the request was handed to the kernel, otherwise the errno of the failed send.
     */
    int createSubflow(
        int sequence,
        int token,
        int family,
        byte[] localAddress,
        int localId,
        byte[] remoteAddress,
        int remotePort);

    /**
     * Ask whether the kernel still knows a connection, without changing it (the liveness probe).
     *
     * @param sequence      sequence number of the request (echoed in the kernel's answer).
     * @param token         connection token.
     * @param family        AF_INET or AF_INET6.
     * @param localAddress  local address bytes (network order).
     * @param remoteAddress remote address bytes (network order).
     * @return 0 when the request was handed to the kernel, otherwise the errno of the failed send.
     */
    int probeConnection(int sequence, int token, int family, byte[] localAddress, byte[] remoteAddress);
}

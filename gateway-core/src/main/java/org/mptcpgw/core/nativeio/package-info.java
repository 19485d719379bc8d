/**
 * The few Linux C library functions the gateway calls through JNR-FFI, with their constants, plus small
 * helpers built directly on them: {@link org.mptcpgw.core.nativeio.Poller} (idle wait on descriptors),
 * {@link org.mptcpgw.core.nativeio.NetNamespace} (open sockets inside a named network namespace) and
 * {@link org.mptcpgw.core.nativeio.ProcessCapabilities} (which privileges the process holds).
 * <p>
 * Hot-path functions live in {@link org.mptcpgw.core.nativeio.LibCFast}: they take raw addresses as
 * {@code long} and do not save errno, so a call allocates nothing. Everything else, used at setup or on
 * the control plane, is in {@link org.mptcpgw.core.nativeio.LibC} and saves errno for
 * {@link org.mptcpgw.core.nativeio.Native#errno()}.
 */
package org.mptcpgw.core.nativeio;

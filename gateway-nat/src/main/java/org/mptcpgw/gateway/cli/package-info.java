/**
 * The command line ({@code mptcp-gateway}), built with picocli: one class per subcommand.
 */
package org.mptcpgw.gateway.cli;

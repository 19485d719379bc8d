/**
 * Benchmarks.
 */
package org.mptcpgw.bench;

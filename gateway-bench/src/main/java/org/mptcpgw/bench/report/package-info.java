/**
 * The performance report: reads what {@code scripts/bench.sh} measured in a results directory and writes the
 * Markdown report with its goal table and the PNG plots (Java2D, headless).
 */
package org.mptcpgw.bench.report;

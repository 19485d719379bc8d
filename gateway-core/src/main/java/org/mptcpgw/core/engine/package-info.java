/**
 * The engine: duty-cycle agents that receive batches from ports, run them through the stage graph to completion
 * and transmit, plus the plumbing between agents (command queues, idle strategies, threading modes).
 * <p>
 * Start reading at {@link org.mptcpgw.core.engine.ForwardingWorker}.
 */
package org.mptcpgw.core.engine;

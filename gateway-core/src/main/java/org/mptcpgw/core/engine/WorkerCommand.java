package org.mptcpgw.core.engine;

/**
 * A command from the control plane to a worker, executed on the worker's thread between batches, so that the
 * worker stays the single writer of its tables (Aeron's proxies and command queues). Commands may allocate; the
 * forwarding loop that drains them does not.
 */
@FunctionalInterface
public interface WorkerCommand
{
    /**
     * Run the command on the worker thread.
     *
     * @param nowNs time of the current duty cycle.
     */
    void execute(long nowNs);
}

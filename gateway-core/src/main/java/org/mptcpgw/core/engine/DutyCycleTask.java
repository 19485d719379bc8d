package org.mptcpgw.core.engine;

/**
 * Work a worker does once per duty cycle after its batches, bounded by the task itself (e.g. expire at most N
 * sessions from a timer wheel, refresh ARP entries, read ring statistics once a second).
 */
@FunctionalInterface
public interface DutyCycleTask
{
    /**
     * Do a bounded amount of work.
     *
     * @param nowNs time of the current duty cycle.
     * @return amount of work done (0 when idle).
     */
    int doWork(long nowNs);
}

package org.mptcpgw.gateway;

import org.mptcpgw.core.port.Port;

/**
 * Opens the port of one interface for one worker: AF_PACKET rings in production, memory ports in tests.
 */
@FunctionalInterface
public interface PortOpener
{
    /**
     * @param interfaceName interface to open.
     * @param workerIndex   worker that will own the port.
     * @param workerCount   number of workers (several open the same interface in one fanout group).
     * @return the port.
     */
    Port open(String interfaceName, int workerIndex, int workerCount);
}

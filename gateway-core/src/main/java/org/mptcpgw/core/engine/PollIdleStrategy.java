package org.mptcpgw.core.engine;

import org.agrona.concurrent.IdleStrategy;
import org.mptcpgw.core.nativeio.Poller;
import org.mptcpgw.core.port.Port;

/**
 * Idle strategy for a worker that owns AF_PACKET rings: after a short spin and a few yields, wait in {@code poll()}
 * on the rings' descriptors with a small timeout, so an idle gateway burns no CPU and wakes as soon as a frame
 * arrives; under load the worker never reaches the system call (one poll per idle period, never per frame). It
 * never sleeps while a port still has transmit frames the kernel has not taken.
 */
public final class PollIdleStrategy implements IdleStrategy
{
    private static final int SPINS = 200;
    private static final int YIELDS = 20;

    private final Poller poller;
    private final Port[] ports;
    private final int timeoutMs;
    private int idleCount;

    /**
     * @param ports     the worker's ports (their poll descriptors are waited on).
     * @param timeoutMs longest wait, so duty-cycle tasks (timers, commands) still run when no frame arrives.
     */
    public PollIdleStrategy(final Port[] ports, final int timeoutMs)
    {
        this.ports = ports.clone();
        this.timeoutMs = timeoutMs;
        int count = 0;
        for (final Port port : ports)
        {
            count += port.pollDescriptors().length;
        }
        final int[] fds = new int[count];
        int i = 0;
        for (final Port port : ports)
        {
            for (final int fd : port.pollDescriptors())
            {
                fds[i++] = fd;
            }
        }
        this.poller = new Poller(fds);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCount = 0;
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        final int count = ++idleCount;
        if (count <= SPINS)
        {
            Thread.onSpinWait();
        }
        else if (count <= SPINS + YIELDS)
        {
            Thread.yield();
        }
        else if (!transmitPending())
        {
            poller.poll(timeoutMs);
        }
    }

    private boolean transmitPending()
    {
        for (final Port port : ports)
        {
            if (port.pendingTransmit() > 0)
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void reset()
    {
        idleCount = 0;
    }

    @Override
    public String alias()
    {
        return "poll";
    }
}

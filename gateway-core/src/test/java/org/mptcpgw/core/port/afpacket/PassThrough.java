package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.Poller;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.Port;
import org.mptcpgw.core.port.VnetHeader;

/**
 * The tiny forwarding loop of the namespace tests: receive a batch from one port, copy each frame (with its
 * virtio-net header) into the other port's transmit slot, flush, release; both directions; poll when idle.
 */
final class PassThrough implements Runnable
{
    private final Port left;
    private final Port right;
    private final FrameVector vector = new FrameVector(FrameVector.DEFAULT_CAPACITY);
    private final UnsafeBuffer source = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer target = new UnsafeBuffer(0, 0);
    private volatile boolean running = true;
    private volatile long forwarded;
    private volatile long truncatedDrops;
    private volatile long txFullDrops;
    private volatile long tooLongDrops;

    PassThrough(final Port left, final Port right)
    {
        this.left = left;
        this.right = right;
    }

    @Override
    public void run()
    {
        final int[] fds = new int[]{left.pollDescriptors()[0], right.pollDescriptors()[0]};
        try (Poller poller = new Poller(fds))
        {
            while (running)
            {
                if (0 == doWork())
                {
                    poller.poll(10);
                }
            }
        }
    }

    int doWork()
    {
        final int work = forward(left, right, 0) + forward(right, left, 1);
        left.flush();
        right.flush();
        return work;
    }

    private int forward(final Port in, final Port out, final int portIndex)
    {
        vector.clear();
        final int received = in.receive(vector, portIndex, 0);
        if (0 == received)
        {
            return 0;
        }
        final int inVnet = in.vnetHeaderLength();
        final int outVnet = out.vnetHeaderLength();
        long done = 0;
        for (int i = 0; i < received; i++)
        {
            final int length = vector.length(i);
            if (0 != (vector.flags(i) & FrameVector.FLAG_TRUNCATED))
            {
                truncatedDrops++;
                continue;
            }
            final long address = out.claim(length);
            if (0 == address)
            {
                if (length > out.maxFrameLength())
                {
                    tooLongDrops++;
                }
                else
                {
                    txFullDrops++;
                }
                continue;
            }
            if (0 != outVnet && 0 != inVnet)
            {
                source.wrap(vector.address(i) - inVnet, length + inVnet);
                target.wrap(address - outVnet, length + outVnet);
                target.putBytes(0, source, 0, length + inVnet);
            }
            else
            {
                source.wrap(vector.address(i), length);
                target.wrap(address - outVnet, length + outVnet);
                if (0 != outVnet)
                {
                    VnetHeader.writeNone(target, 0);
                }
                target.putBytes(outVnet, source, 0, length);
            }
            out.commit(address, length, vector.flags(i));
            done++;
        }
        out.flush();
        in.releaseReceived();
        forwarded += done;
        return received;
    }

    void stop()
    {
        running = false;
    }

    long forwarded()
    {
        return forwarded;
    }

    long truncatedDrops()
    {
        return truncatedDrops;
    }

    long txFullDrops()
    {
        return txFullDrops;
    }

    long tooLongDrops()
    {
        return tooLongDrops;
    }
}

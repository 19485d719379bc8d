package org.mptcpgw.hostagent.netlink;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.Errno;
import org.mptcpgw.core.nativeio.Poller;

import java.util.concurrent.TimeUnit;

/**
 * Looks a generic netlink family up by name through the controller (CTRL_CMD_GETFAMILY), waiting a bounded time
 * for the answer. Start-up only.
 */
public final class GenericFamilyResolver
{
    /** ENOENT: the controller knows no family of that name. */
    public static final int ENOENT = 2;

    private GenericFamilyResolver()
    {
    }

    /**
     * Resolve a family.
     *
     * @param socket    a NETLINK_GENERIC socket.
     * @param buffer    a native buffer for the request and the answer (4 KiB or more).
     * @param name      family name.
     * @param sequence  sequence number of the request.
     * @param timeoutMs longest wait for the answer.
     * @return the family.
     * @throws NetlinkException if the family is unknown (errno ENOENT), the kernel refuses, or no answer comes.
     */
    public static GenericFamily resolve(
        final NetlinkSocket socket,
        final UnsafeBuffer buffer,
        final String name,
        final int sequence,
        final long timeoutMs)
    {
        final int length = GenericControlCodec.encodeGetFamily(new NetlinkMessageWriter(), buffer, sequence, name);
        final int sendErrno = socket.send(buffer, length);
        if (0 != sendErrno)
        {
            throw new NetlinkException("cannot ask the generic netlink controller for '" + name + "': " +
                Errno.describe(sendErrno), sendErrno);
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final NetlinkMessageIterator messages = new NetlinkMessageIterator();
        final NetlinkErrorDecoder error = new NetlinkErrorDecoder();
        try (Poller poller = new Poller(socket.fd()))
        {
            while (true)
            {
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0)
                {
                    throw new NetlinkException("no answer from the generic netlink controller about '" + name +
                        "' within " + timeoutMs + " ms", 0);
                }
                poller.poll((int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
                final int received = socket.receive(buffer);
                if (received < 0)
                {
                    continue;
                }
                messages.wrap(buffer, 0, Math.min(received, buffer.capacity()));
                while (messages.next())
                {
                    final NetlinkHeaderFlyweight header = messages.header();
                    if (header.sequence() != sequence)
                    {
                        continue;
                    }
                    if (Netlink.NLMSG_ERROR == header.type() &&
                        error.decode(buffer, messages.messageOffset(), messages.messageLength()) &&
                        0 != error.errno())
                    {
                        throw new NetlinkException("generic netlink family '" + name + "': " +
                            Errno.describe(error.errno()), error.errno());
                    }
                    final GenericFamily family =
                        GenericControlCodec.decodeFamily(buffer, messages.messageOffset(), messages.messageLength());
                    if (null != family)
                    {
                        return family;
                    }
                }
            }
        }
    }
}

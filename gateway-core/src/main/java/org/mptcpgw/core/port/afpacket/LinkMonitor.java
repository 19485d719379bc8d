package org.mptcpgw.core.port.afpacket;

import org.agrona.BufferUtil;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LibC;
import org.mptcpgw.core.nativeio.Native;
import org.mptcpgw.core.port.PortStatistics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.mptcpgw.core.nativeio.LinuxConstants.*;

/**
 * Carrier changes from the kernel: a non-blocking rtnetlink socket subscribed to RTMGRP_LINK, polled by a
 * control thread ({@link #poll(LinkMessageDecoder.LinkListener)}, or when {@link #pollDescriptor()} is
 * readable). Every RTM_NEWLINK / RTM_DELLINK of a watched interface sets
 * {@link PortStatistics#carrier(boolean)} from {@link LinkEvent#carrierUp()}.
 * <p>
 * If the kernel had to drop notifications because the socket buffer was full (ENOBUFS), the monitor counts an
 * overrun and asks for a dump of all links, so that the state converges again. Created in the network
 * namespace of the calling thread. Not thread-safe: one control thread polls.
 */
public final class LinkMonitor implements AutoCloseable
{
    /** Receive buffer: large enough for a dump chunk of many interfaces. */
    static final int BUFFER_BYTES = 64 * 1024;
    /** Datagrams read per {@link #poll(LinkMessageDecoder.LinkListener)} at most (bounded work). */
    static final int MAX_DATAGRAMS_PER_POLL = 64;
    /** sizeof(struct sockaddr_nl). */
    static final int SOCKADDR_NL_LENGTH = 12;
    private static final int SOCKET_BUFFER_BYTES = 1024 * 1024;
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final LibC libc = Native.libc();
    private final int fd;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(BUFFER_BYTES));
    private final LinkMessageDecoder decoder = new LinkMessageDecoder();
    private final Int2ObjectHashMap<PortStatistics> watched = new Int2ObjectHashMap<>();
    private final LinkMessageDecoder.LinkListener dispatcher = this::onLink;
    private LinkMessageDecoder.LinkListener listener;
    private int sequence;
    private long overruns;
    private long receiveErrors;
    private long truncatedDatagrams;

    private LinkMonitor(final int fd)
    {
        this.fd = fd;
    }

    /**
     * Open and subscribe.
     *
     * @return the monitor.
     * @throws AfPacketException with a one-line reason.
     */
    public static LinkMonitor open()
    {
        final LibC libc = Native.libc();
        final int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0)
        {
            throw new AfPacketException("cannot open an rtnetlink socket: " + Native.lastErrorText(), Native.errno());
        }
        final LinkMonitor monitor = new LinkMonitor(fd);
        final UnsafeBuffer b = monitor.buffer;
        b.putInt(0, SOCKET_BUFFER_BYTES, HOST);
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, b.addressOffset(), Integer.BYTES);
        b.setMemory(0, SOCKADDR_NL_LENGTH, (byte)0);
        b.putShort(0, (short)AF_NETLINK, HOST);
        b.putInt(8, RTMGRP_LINK, HOST);
        if (libc.bind(fd, b.addressOffset(), SOCKADDR_NL_LENGTH) < 0)
        {
            final int errno = Native.errno();
            final String text = Native.lastErrorText();
            monitor.close();
            throw new AfPacketException("cannot subscribe to link events (RTMGRP_LINK): " + text, errno);
        }
        return monitor;
    }

    /**
     * Feed the carrier state of an interface into a port's statistics.
     *
     * @param ifIndex    interface index.
     * @param statistics statistics of the port on that interface.
     * @return this.
     */
    public LinkMonitor watch(final int ifIndex, final PortStatistics statistics)
    {
        watched.put(ifIndex, statistics);
        return this;
    }

    /**
     * Ask the kernel for an RTM_NEWLINK message of every interface (answers arrive through
     * {@link #poll(LinkMessageDecoder.LinkListener)}).
     *
     * @return true if the request was sent.
     */
    public boolean requestDump()
    {
        final int length = LinkMessageDecoder.NLMSG_HDRLEN + LinkMessageDecoder.IFINFOMSG_LENGTH;
        buffer.setMemory(0, length, (byte)0);
        buffer.putInt(0, length, HOST);
        buffer.putShort(4, (short)RTM_GETLINK, HOST);
        buffer.putShort(6, (short)(NLM_F_REQUEST | NLM_F_DUMP), HOST);
        buffer.putInt(8, ++sequence, HOST);
        buffer.putByte(LinkMessageDecoder.NLMSG_HDRLEN, (byte)AF_UNSPEC);
        return libc.send(fd, buffer.addressOffset(), length, 0) == length;
    }

    /**
     * Read and decode pending notifications without blocking.
     *
     * @param linkListener also told about every link message, or null.
     * @return number of link messages decoded.
     */
    public int poll(final LinkMessageDecoder.LinkListener linkListener)
    {
        listener = linkListener;
        int events = 0;
        for (int i = 0; i < MAX_DATAGRAMS_PER_POLL; i++)
        {
            final long received = libc.recv(fd, buffer.addressOffset(), BUFFER_BYTES, MSG_DONTWAIT | MSG_TRUNC);
            if (received < 0)
            {
                final int errno = Native.errno();
                if (ENOBUFS == errno)
                {
                    overruns++;
                    requestDump();
                    continue;
                }
                if (EAGAIN != errno && EINTR != errno)
                {
                    receiveErrors++;
                }
                break;
            }
            if (received > BUFFER_BYTES)
            {
                truncatedDatagrams++;
                continue;
            }
            events += decoder.decode(buffer, 0, (int)received, dispatcher);
        }
        listener = null;
        return events;
    }

    private void onLink(final LinkEvent event)
    {
        final PortStatistics statistics = watched.get(event.ifIndex());
        if (null != statistics)
        {
            statistics.carrier(event.carrierUp());
        }
        if (null != listener)
        {
            listener.onLink(event);
        }
    }

    /**
     * @return descriptor that becomes readable when notifications are pending.
     */
    public int pollDescriptor()
    {
        return fd;
    }

    /**
     * @return the decoder, for its counters (malformed messages...).
     */
    public LinkMessageDecoder decoder()
    {
        return decoder;
    }

    /**
     * @return times the kernel dropped notifications for this socket (each followed by a dump request).
     */
    public long overruns()
    {
        return overruns;
    }

    /**
     * @return receive errors other than "nothing pending".
     */
    public long receiveErrors()
    {
        return receiveErrors;
    }

    /**
     * @return datagrams longer than the buffer, skipped.
     */
    public long truncatedDatagrams()
    {
        return truncatedDatagrams;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        libc.close(fd);
        BufferUtil.free(buffer);
    }
}

package org.mptcpgw.hostagent;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.Errno;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.nativeio.Poller;
import org.mptcpgw.hostagent.netlink.GenericFamily;
import org.mptcpgw.hostagent.netlink.GenericFamilyResolver;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkException;
import org.mptcpgw.hostagent.netlink.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the host agent on the calling thread: two netlink sockets opened in the calling thread's network namespace
 * (one subscribed to mptcp_pm_events, one for SUBFLOW_CREATE and its answers), a poll loop with a bounded wait
 * (never longer than {@link #MAX_WAIT_MS}, so a stop request is seen quickly), and the agent's deadlines.
 * <pre>
 *   loop: now → agent.doWork(now) → drain events → drain answers → poll(until the next deadline, ≤ 200 ms)
 * </pre>
 * Receive errors are counted (ENOBUFS: events lost) and never end the loop.
 */
public final class HostAgentRunner implements AutoCloseable
{
    /** Longest single wait, which bounds how long a stop request takes to be seen. */
    public static final int MAX_WAIT_MS = 200;
    /** Receive buffer requested for the events socket, so bursts of connections do not overflow it. */
    public static final int EVENTS_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /** How long to wait for the controller's answer at start-up. */
    public static final long RESOLVE_TIMEOUT_MS = 2_000;
    /** How often to log the counters when they changed. */
    public static final long STATUS_INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(HostAgentRunner.class);

    private final NetlinkSocket events;
    private final NetlinkSocket requests;
    private final GenericFamily family;
    private final HostAgent agent;
    private final HostAgentInbox inbox;
    private final HostAgentCounters counters;
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final Poller poller;

    private HostAgentRunner(
        final NetlinkSocket events,
        final NetlinkSocket requests,
        final GenericFamily family,
        final HostAgentSettings settings)
    {
        this.events = events;
        this.requests = requests;
        this.family = family;
        this.counters = new HostAgentCounters();
        this.agent = new HostAgent(settings, new NetlinkSubflowRequester(requests, family.id()), counters);
        this.inbox = new HostAgentInbox(agent, family.id());
        this.poller = new Poller(events.fd(), requests.fd());
    }

    /**
     * Open the sockets in the calling thread's network namespace, look up mptcp_pm and subscribe to its events.
     *
     * @param settings what the agent does.
     * @return a runner ready for {@link #run(BooleanSupplier)}.
     * @throws NetlinkException with a one-line reason when MPTCP's netlink family is missing or the caller lacks
     *                          CAP_NET_ADMIN.
     */
    public static HostAgentRunner open(final HostAgentSettings settings)
    {
        NetlinkSocket events = null;
        NetlinkSocket requests = null;
        try
        {
            requests = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
            // Errors carry the kernel's text (extended ack) and only the header of the failed request.
            requests.option(Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            requests.option(Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
            final GenericFamily family;
            try
            {
                family = GenericFamilyResolver.resolve(requests, scratch, MptcpPm.FAMILY_NAME, 1, RESOLVE_TIMEOUT_MS);
            }
            catch (final NetlinkException ex)
            {
                if (GenericFamilyResolver.ENOENT == ex.errno())
                {
                    throw new NetlinkException("the kernel has no '" + MptcpPm.FAMILY_NAME + "' generic netlink " +
                        "family (MPTCP not built in, or older than Linux 5.19)", ex.errno());
                }
                throw ex;
            }
            finally
            {
                BufferUtil.free(scratch);
            }
            final int group = family.multicastGroup(MptcpPm.EVENTS_GROUP);
            if (group <= 0)
            {
                throw new NetlinkException("the '" + MptcpPm.FAMILY_NAME + "' family has no '" + MptcpPm.EVENTS_GROUP +
                    "' multicast group: " + family.multicastGroups().keySet(), 0);
            }
            events = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
            events.receiveBufferSize(EVENTS_SOCKET_BUFFER_BYTES);
            try
            {
                events.joinGroup(group);
            }
            catch (final NetlinkException ex)
            {
                if (LinuxConstants.EPERM == ex.errno())
                {
                    throw new NetlinkException("not allowed to subscribe to MPTCP path-manager events: the agent " +
                        "needs CAP_NET_ADMIN (run it as root)", ex.errno());
                }
                throw ex;
            }
            LOG.info("mptcp_pm family id {} version {}, events group {}", family.id(), family.version(), group);
            return new HostAgentRunner(events, requests, family, settings);
        }
        catch (final RuntimeException ex)
        {
            if (null != events)
            {
                events.close();
            }
            if (null != requests)
            {
                requests.close();
            }
            throw ex;
        }
    }

    /**
     * Run until {@code stop} says so.
     *
     * @param stop polled at least every {@link #MAX_WAIT_MS}.
     */
    public void run(final BooleanSupplier stop)
    {
        long nextStatusNs = System.nanoTime() + STATUS_INTERVAL_NS;
        String lastStatus = "";
        while (!stop.getAsBoolean())
        {
            final long nowNs = System.nanoTime();
            agent.doWork(nowNs);
            drainEvents(nowNs);
            drainAnswers(nowNs);
            agent.doWork(System.nanoTime());
            if (nowNs >= nextStatusNs)
            {
                nextStatusNs = nowNs + STATUS_INTERVAL_NS;
                final String status = counters.format();
                if (!status.equals(lastStatus))
                {
                    LOG.info("tracking {} connection(s); {}", agent.connectionCount(), status);
                    lastStatus = status;
                }
            }
            poller.poll(waitMs(System.nanoTime()));
        }
    }

    private int waitMs(final long nowNs)
    {
        final long deadlineNs = agent.nextDeadlineNs();
        if (Long.MAX_VALUE == deadlineNs)
        {
            return MAX_WAIT_MS;
        }
        final long leftNs = deadlineNs - nowNs;
        if (leftNs <= 0)
        {
            return 0;
        }
        // Round up, so the loop does not wake a little early and spin until the deadline.
        return (int)Math.min(MAX_WAIT_MS, (leftNs + 999_999) / 1_000_000);
    }

    private void drainEvents(final long nowNs)
    {
        while (true)
        {
            final int received = events.receive(receiveBuffer);
            if (received >= 0)
            {
                if (received > receiveBuffer.capacity())
                {
                    // Truncated by the kernel: the length fields inside cannot be trusted past the buffer.
                    counters.increment(HostAgentCounter.EVENTS_RECEIVED);
                    counters.increment(HostAgentCounter.EVENTS_MALFORMED);
                    continue;
                }
                inbox.onEventDatagram(receiveBuffer, received, nowNs);
            }
            else if (-LinuxConstants.ENOBUFS == received)
            {
                counters.increment(HostAgentCounter.EVENTS_LOST);
                LOG.warn("the kernel dropped MPTCP events (socket buffer full); connections opened meanwhile may " +
                    "not get extra subflows");
            }
            else if (-LinuxConstants.EINTR != received)
            {
                if (-LinuxConstants.EAGAIN != received)
                {
                    LOG.warn("receiving MPTCP events failed: {}", Errno.describe(-received));
                }
                return;
            }
        }
    }

    private void drainAnswers(final long nowNs)
    {
        while (true)
        {
            final int received = requests.receive(receiveBuffer);
            if (received >= 0)
            {
                inbox.onAnswerDatagram(receiveBuffer, Math.min(received, receiveBuffer.capacity()), nowNs);
            }
            else if (-LinuxConstants.EINTR != received)
            {
                if (-LinuxConstants.EAGAIN != received)
                {
                    LOG.warn("receiving answers to SUBFLOW_CREATE failed: {}", Errno.describe(-received));
                    counters.increment(HostAgentCounter.ANSWERS_UNMATCHED);
                }
                return;
            }
        }
    }

    /**
     * @return the agent's counters (read them on the running thread, or after {@link #run} returned).
     */
    public HostAgentCounters counters()
    {
        return counters;
    }

    /**
     * @return the mptcp_pm family as the kernel described it.
     */
    public GenericFamily family()
    {
        return family;
    }

    /**
     * Close the sockets.
     */
    @Override
    public void close()
    {
        poller.close();
        events.close();
        requests.close();
        BufferUtil.free(receiveBuffer);
    }
}

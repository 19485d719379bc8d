package org.mptcpgw.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shared fixture values: documentation addresses (RFC 5737) only, distinctive ports, a fake clock origin.
 */
final class NatFixtures
{
    static final int INSIDE_HOST_A = 0xC0000264;     // 192.0.2.100
    static final int INSIDE_HOST_B = 0xC0000265;     // 192.0.2.101
    static final int REMOTE_X = 0xC6336407;          // 198.51.100.7
    static final int REMOTE_Y = 0xCB00710B;          // 203.0.113.11
    static final int REMOTE_Z = 0xCB00712A;          // 203.0.113.42
    static final int OUTSIDE_PATH0 = 0xC6336401;     // 198.51.100.1
    static final int OUTSIDE_PATH0_ALT = 0xC6336402; // 198.51.100.2
    static final int OUTSIDE_PATH1 = 0xCB007101;     // 203.0.113.1

    static final int INSIDE_PORT = 0xBEEF;           // 48879
    static final int INSIDE_PORT_2 = 0xCAFE;         // 51966
    static final int REMOTE_PORT = 0x01BB;           // 443
    static final int REMOTE_PORT_2 = 0x1F90;         // 8080

    static final long T0_NS = 0x0000_0100_0000_0000L;
    static final long TICK_NS = NatConfig.DEFAULT_TIMER_TICK_NS;
    /** Upper bound of how late an expiry may be when nothing is bursty: the tick it is due in plus one. */
    static final long LATE_NS = 2 * TICK_NS;
    static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    static final long MINUTE_NS = TimeUnit.MINUTES.toNanos(1);

    static final long SEED = 0x5EED_C0DEL;

    private NatFixtures()
    {
    }

    static NatConfig.Builder twoPaths()
    {
        return NatConfig.builder()
            .randomSeed(SEED)
            .sessionCapacity(1024)
            .natAddresses(0, OUTSIDE_PATH0)
            .natAddresses(1, OUTSIDE_PATH1);
    }

    /**
     * Poll until the table has nothing left to do at that time (bounded).
     */
    static void expire(final NatSessionTable table, final long nowNs)
    {
        for (int i = 0; i < 100_000; i++)
        {
            if (0 == table.poll(nowNs, 1 << 16))
            {
                return;
            }
        }
        throw new AssertionError("poll did not settle");
    }

    /**
     * Listener that records events as strings, reading fields during the callback.
     */
    static final class RecordingListener implements SessionListener
    {
        final List<String> events = new ArrayList<>();

        public void onSessionCreated(final NatSessionTable table, final int session)
        {
            events.add("created " + session + " " + table.insidePort(session) + "->" + table.outsidePort(session));
        }

        public void onSessionEnded(final NatSessionTable table, final int session, final SessionEndReason reason)
        {
            events.add("ended " + session + " " + reason + " " + table.insidePort(session) + "->" +
                table.outsidePort(session) + " live=" + table.isLive(session));
        }

        public void onSessionRestored(final NatSessionTable table, final int session)
        {
            events.add("restored " + session + " " + table.insidePort(session) + "->" + table.outsidePort(session));
        }
    }
}

package org.mptcpgw.gateway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mptcpgw.gateway.journal.TestJournal.ip;

class MptcpJournalListenerTest
{
    private static final long KEY_A = 0x1111_2222_3333_4444L;
    private static final long KEY_B = 0x5555_6666_7777_8888L;
    private static final int TOKEN_B = 0x7E57_7E57;
    private static final int HOST = ip("192.0.2.50");
    private static final int SERVER = ip("203.0.113.50");
    private static final long SESSION = SessionIds.encode(0, 0x51, 3);

    @TempDir
    Path dir;

    @Test
    void shouldJournalTrackedAndEndedConnections()
    {
        final long[] nowNs = {TestJournal.T0_NS};
        final List<String> passedOn = new ArrayList<>();
        try (TestJournal journal = new TestJournal(dir).start())
        {
            final MptcpJournalListener listener = new MptcpJournalListener(journal.publisher, () -> nowNs[0],
                new MptcpConnectionTable.Listener()
                {
                    @Override
                    public void onTracked(final MptcpConnectionTable table, final int conn)
                    {
                        passedOn.add("tracked");
                    }

                    @Override
                    public void onSubflowAdded(final MptcpConnectionTable table, final int conn, final int path)
                    {
                        passedOn.add("subflow " + path);
                    }

                    @Override
                    public void onEnded(final MptcpConnectionTable table, final int conn, final int cause)
                    {
                        passedOn.add("ended " + MptcpConnectionTable.CAUSE_LABELS[cause]);
                    }
                });
            final MptcpConnectionTable table = new MptcpConnectionTable(16, 3, listener);
            final int conn = table.onCapableSyn(0, KEY_A, HOST, 51000, SERVER, 443, 1, nowNs[0]);
            nowNs[0] += 1_000;
            listener.initialSession(SESSION);
            table.onCapableSynAck(conn, 0, KEY_B, TOKEN_B, 0x0A0A_0A0A);
            table.addSubflow(conn, 2);
            nowNs[0] += 1_000;
            table.onFastClose(conn);
            final int fallback = table.onCapableSyn(1, 0, HOST, 51001, SERVER, 443, 0, nowNs[0]);
            table.onFallback(fallback);
            journal.drain();
        }
        assertEquals(List.of("tracked", "subflow 2", "ended fastclose", "ended fallback"), passedOn);

        final List<String> records = new ArrayList<>();
        new JournalScanner().scan(dir, new JournalScanner.Handler()
        {
            @Override
            public void onMptcpTracked(final MptcpTrackedFlyweight r)
            {
                assertEquals(TestJournal.T0_NS + 1_000, r.timestampNs());
                assertEquals(0, r.mptcpVersion());
                assertEquals(TOKEN_B, r.serverToken());
                assertEquals(0x0A0A_0A0A, r.hostToken());
                assertEquals(KEY_A, r.hostKey());
                assertEquals(KEY_B, r.serverKey());
                assertEquals(HOST, r.hostAddress());
                assertEquals(51000, r.hostPort());
                assertEquals(SERVER, r.serverAddress());
                assertEquals(443, r.serverPort());
                assertEquals(1, r.initialPath());
                assertEquals(SESSION, r.initialSessionId());
                records.add("tracked");
            }

            @Override
            public void onMptcpEnded(final MptcpEndedFlyweight r)
            {
                assertEquals(TestJournal.T0_NS + 2_000, r.timestampNs());
                assertEquals(TOKEN_B, r.serverToken());
                assertEquals(HOST, r.hostAddress());
                records.add("ended " + MptcpEndedFlyweight.causeLabel(r.cause()));
            }
        });
        assertEquals(List.of("tracked", "ended fastclose"), records, "a fallback was never tracked: not journaled");
    }
}

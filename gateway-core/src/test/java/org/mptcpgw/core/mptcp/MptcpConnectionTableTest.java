package org.mptcpgw.core.mptcp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MptcpConnectionTableTest
{
    static final int HOST = 0xC0000202;
    static final int SERVER = 0xCB007164;
    static final int TOKEN_B = 0xE47F0142;
    static final int TOKEN_A = 0xAF9706EB;
    static final long KEY_A = 0x9C9EABD1E46A33B2L;
    static final long KEY_B = 0x967D2770B6960552L;

    final List<String> events = new ArrayList<>();
    MptcpConnectionTable table;

    @BeforeEach
    void setUp()
    {
        table = new MptcpConnectionTable(4, 2, new MptcpConnectionTable.Listener()
        {
            public void onTracked(final MptcpConnectionTable t, final int conn)
            {
                events.add("tracked " + Integer.toHexString(t.serverToken(conn)));
            }

            public void onSubflowAdded(final MptcpConnectionTable t, final int conn, final int path)
            {
                events.add("subflow " + path);
            }

            public void onEnded(final MptcpConnectionTable t, final int conn, final int cause)
            {
                events.add("ended " + MptcpConnectionTable.CAUSE_LABELS[cause]);
            }
        });
    }

    @Test
    void shouldTrackV0ConnectionAndFindJoinByServerToken()
    {
        final int c = table.onCapableSyn(0, KEY_A, HOST, 40000, SERVER, 22, 0, 1L);
        assertEquals(MptcpConnectionTable.NONE, table.lookupToken(TOKEN_B));
        table.onCapableSynAck(c, 0, KEY_B, TOKEN_B, TOKEN_A);
        assertEquals(c, table.lookupToken(TOKEN_B));
        assertEquals(c, table.lookupToken(TOKEN_A));
        assertEquals(1, table.subflowsOnPath(c, 0));
        table.addSubflow(c, 1);
        assertEquals(1, table.subflowsOnPath(c, 1));
        assertEquals(2, table.openSubflows(c));
        assertEquals(List.of("tracked e47f0142", "subflow 1"), events);
    }

    @Test
    void shouldIndexV1HostTokenFromThirdAck()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        assertEquals(MptcpConnectionTable.NONE, table.lookupToken(TOKEN_A));
        table.onCapableAck(c, KEY_A, TOKEN_A);
        assertEquals(c, table.lookupToken(TOKEN_A));
        assertEquals(KEY_A, table.hostKey(c));
    }

    @Test
    void shouldFreeOnFallback()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onFallback(c);
        assertEquals(MptcpConnectionTable.FREE, table.state(c));
        assertEquals(0, table.usedCount());
        assertEquals(List.of("ended fallback"), events);
    }

    @Test
    void shouldEndWhenLastOpenSubflowClosesAndFreeWhenSessionsGone()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        table.addSubflow(c, 1);
        table.subflowClosed(c, 1);
        assertEquals(MptcpConnectionTable.ESTABLISHED, table.state(c));
        assertEquals(0, table.subflowsOnPath(c, 1), "a closed subflow no longer counts for placement");
        assertEquals(1, table.liveSubflowsOnPath(c, 1), "while its session lingers");
        table.subflowClosed(c, 0);
        assertEquals(MptcpConnectionTable.ENDED, table.state(c));
        assertEquals(MptcpConnectionTable.NONE, table.lookupToken(TOKEN_B));
        assertEquals(0, table.trackedCount());
        table.subflowRemoved(c, 0, true);
        assertEquals(MptcpConnectionTable.ENDED, table.state(c));
        table.subflowRemoved(c, 1, true);
        assertEquals(MptcpConnectionTable.FREE, table.state(c));
        assertEquals(List.of("tracked e47f0142", "subflow 1", "ended closed"), events);
    }

    @Test
    void shouldEndOnFastCloseAndOnIdleRemoval()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        table.onFastClose(c);
        assertEquals(MptcpConnectionTable.NONE, table.lookupToken(TOKEN_B));
        final int d = table.onCapableSyn(1, 0, HOST, 40001, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(d, 1, KEY_A, TOKEN_A, 0);
        table.subflowRemoved(d, 0, false);
        assertEquals(MptcpConnectionTable.FREE, table.state(d));
        assertEquals(List.of("tracked e47f0142", "ended fastclose", "tracked af9706eb", "ended idle"), events);
    }

    @Test
    void shouldRefuseWhenFullAndNeverGrow()
    {
        for (int i = 0; i < 4; i++)
        {
            table.onCapableSyn(1, 0, HOST, 40000 + i, SERVER, 5201, 0, 1L);
        }
        assertEquals(MptcpConnectionTable.NONE, table.onCapableSyn(1, 0, HOST, 50000, SERVER, 5201, 0, 1L));
        assertEquals(4, table.usedCount());
    }

    @Test
    void shouldLetNewerConnectionWinTokenCollision()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        final int d = table.onCapableSyn(1, 0, HOST + 1, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(d, 1, KEY_B, TOKEN_B, 0);
        assertEquals(d, table.lookupToken(TOKEN_B));
        assertEquals(1, table.tokenCollisions());
        assertEquals(MptcpConnectionTable.ENDED, table.state(c));
    }

    @Test
    void shouldIgnoreRetransmittedSynAck()
    {
        final int c = table.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 1L);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        table.onCapableSynAck(c, 1, KEY_B, TOKEN_B, 0);
        assertEquals(1, table.trackedCount());
        assertEquals(List.of("tracked e47f0142"), events);
    }
}

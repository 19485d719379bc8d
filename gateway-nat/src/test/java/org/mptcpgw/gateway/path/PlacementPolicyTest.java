package org.mptcpgw.gateway.path;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.mptcp.MptcpConnectionTable;
import org.mptcpgw.gateway.config.PathConfig;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementPolicyTest
{
    static final int HOST = 0xC0000202;
    static final int HOST2 = 0xC0000203;
    static final int SERVER = 0xCB007164;

    static PathConfig path(final int index, final String name, final PathConfig.Role role, final int weight,
        final int... sources)
    {
        return new PathConfig(index, name, "wan" + (index + 1), role,
            PathConfig.Role.PRIMARY == role ? PathConfig.Mode.PASSTHROUGH : PathConfig.Mode.NAT,
            0xC6336402 + index, 0xC6336401 + index, 0, weight, 0, sources, 0);
    }

    final MptcpConnectionTable connections = new MptcpConnectionTable(16, 3, new MptcpConnectionTable.Listener()
    {
        public void onTracked(final MptcpConnectionTable t, final int conn)
        {
        }

        public void onSubflowAdded(final MptcpConnectionTable t, final int conn, final int path)
        {
        }

        public void onEnded(final MptcpConnectionTable t, final int conn, final int cause)
        {
        }
    });

    PathTable twoPaths()
    {
        return new PathTable(List.of(
            path(0, "isp1", PathConfig.Role.PRIMARY, 1),
            path(1, "isp2", PathConfig.Role.SECONDARY, 1)));
    }

    int place(final PlacementPolicy policy, final PathTable paths, final int conn, final int hash)
    {
        final int p = policy.placeJoin(connections, conn, false, HOST, hash);
        connections.addSubflow(conn, p);
        paths.addSubflowLoad(p, 1);
        return p;
    }

    @Test
    void shouldKeepInitialSubflowOnPrimaryAndPutJoinsOnDistinctPaths()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int initial = policy.placeInitialSubflow(HOST, 0x1234);
        assertEquals(0, initial);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, initial, 0);
        paths.addSubflowLoad(initial, 1);
        assertEquals(1, place(policy, paths, conn, 0x55));
        final int third = place(policy, paths, conn, 0x66);
        final int fourth = place(policy, paths, conn, 0x77);
        assertNotEquals(third, fourth);
        assertEquals(2, connections.subflowsOnPath(conn, 0));
        assertEquals(2, connections.subflowsOnPath(conn, 1));
    }

    @Test
    void shouldGiveAJoinADegradedPathOfItsOwnRatherThanDoubleUpButKeepNewConnectionsOnUpPaths()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, true, false, false);
        paths.state(1, PathTable.DEGRADED);
        assertEquals(0, policy.placeInitialSubflow(HOST, 0x1234), "initial subflows avoid the degraded path");
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        connections.addSubflow(conn, 0);
        assertEquals(1, policy.placeJoin(connections, conn, false, HOST, 0x55),
            "a subflow of its own on the degraded path beats a second one on the up path");
        assertTrue(!policy.doublesWhilePathDown(connections, conn, 1));
        paths.state(1, PathTable.DOWN);
        assertEquals(0, policy.placeJoin(connections, conn, false, HOST, 0x55));
        assertTrue(policy.doublesWhilePathDown(connections, conn, 0), "doubling up only because isp2 is down");
    }

    @Test
    void shouldBalanceByWeightWhenConnectionHasSubflowsEverywhere()
    {
        final PathTable paths = new PathTable(List.of(
            path(0, "isp1", PathConfig.Role.PRIMARY, 1),
            path(1, "isp2", PathConfig.Role.SECONDARY, 3)));
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        paths.addSubflowLoad(0, 1);
        int onTwo = 0;
        for (int i = 0; i < 7; i++)
        {
            if (1 == place(policy, paths, conn, i))
            {
                onTwo++;
            }
        }
        // 8 subflows at weights 1:3 -> 2 on isp1, 6 on isp2.
        assertEquals(6, onTwo);
    }

    @Test
    void shouldAvoidDownAndStrippingPathsForSubflows()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        paths.state(1, PathTable.DOWN);
        assertEquals(0, policy.placeJoin(connections, conn, false, HOST, 1));
        paths.state(1, PathTable.UP);
        paths.stripsMptcp(1, true);
        assertEquals(0, policy.placeJoin(connections, conn, false, HOST, 1));
        // Plain flows may still use a path that strips MPTCP options.
        final PlacementPolicy spread = new PlacementPolicy(paths, false, true, false);
        boolean usedStripping = false;
        for (int h = 0; h < 64; h++)
        {
            usedStripping |= 1 == spread.placePlain(HOST, h);
        }
        assertTrue(usedStripping);
    }

    @Test
    void shouldMovePlainFlowsAndInitialSubflowsOffADeadPrimary()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        assertEquals(0, policy.placePlain(HOST, 9));
        paths.state(0, PathTable.DOWN);
        assertEquals(1, policy.placePlain(HOST, 9));
        assertEquals(1, policy.placeInitialSubflow(HOST, 9));
        paths.state(1, PathTable.DOWN);
        assertEquals(PlacementPolicy.NO_PATH, policy.placePlain(HOST, 9));
    }

    @Test
    void shouldUseBackupOnlyWhenNeededOrAskedFor()
    {
        final PathTable paths = new PathTable(List.of(
            path(0, "isp1", PathConfig.Role.PRIMARY, 1),
            path(1, "isp2", PathConfig.Role.SECONDARY, 1),
            path(2, "lte", PathConfig.Role.BACKUP, 1)));
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        connections.addSubflow(conn, 1);
        assertNotEquals(2, policy.placeJoin(connections, conn, false, HOST, 3));
        assertEquals(2, policy.placeJoin(connections, conn, true, HOST, 3));
        paths.state(0, PathTable.DOWN);
        paths.state(1, PathTable.DOWN);
        assertEquals(2, policy.placeJoin(connections, conn, false, HOST, 3));
        assertEquals(2, policy.placePlain(HOST, 3));
    }

    @Test
    void shouldPreferUpOverDegradedAmongPathsTheConnectionUsesAlike()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        connections.addSubflow(conn, 1);
        paths.state(1, PathTable.DEGRADED);
        assertEquals(0, policy.placeJoin(connections, conn, false, HOST, 3));
        paths.state(0, PathTable.DOWN);
        assertEquals(1, policy.placeJoin(connections, conn, false, HOST, 3));
    }

    @Test
    void shouldPinSourcesInSection21Mode()
    {
        final PathTable paths = new PathTable(List.of(
            path(0, "isp1", PathConfig.Role.PRIMARY, 1, HOST, 32),
            path(1, "isp2", PathConfig.Role.SECONDARY, 1, HOST2, 32)));
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int conn = connections.onCapableSyn(1, 0, HOST, 40000, SERVER, 5201, 0, 0);
        assertEquals(0, policy.placeInitialSubflow(HOST, 1));
        assertEquals(1, policy.placeJoin(connections, conn, false, HOST2, 1));
        assertEquals(1, policy.placePlain(HOST2, 77));
        assertEquals(0, policy.placePlain(HOST, 77));
        // A pinned path that is down does not strand its host: the flow goes where unpinned flows go.
        paths.state(1, PathTable.DOWN);
        assertEquals(0, policy.placePlain(HOST2, 77));
    }

    @Test
    void shouldSpreadUnknownTokenJoinsByHashOverUsablePaths()
    {
        final PathTable paths = twoPaths();
        final PlacementPolicy policy = new PlacementPolicy(paths, false, false, false);
        final int[] hits = new int[2];
        for (int h = 0; h < 1000; h++)
        {
            hits[policy.placeJoin(connections, MptcpConnectionTable.NONE, false, HOST, h)]++;
        }
        assertTrue(hits[0] > 400 && hits[1] > 400, hits[0] + "/" + hits[1]);
        assertEquals(policy.placeJoin(connections, MptcpConnectionTable.NONE, false, HOST, 42),
            policy.placeJoin(connections, MptcpConnectionTable.NONE, false, HOST, 42));
    }
}

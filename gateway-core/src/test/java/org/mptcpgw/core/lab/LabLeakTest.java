package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Proves the harness leaks nothing: deliberately failing lab test classes run through the JUnit Platform test kit,
 * and afterwards none of their namespaces, processes or state remain.
 */
@RequiresRoot
@Tag("lab")
class LabLeakTest
{
    private static final String PIDS_ENTRY = "lab.pids";
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicBoolean LAUNCHED = new AtomicBoolean();

    static boolean launchedByLeakTest()
    {
        return LAUNCHED.get();
    }

    @Test
    void shouldTakeLabDownWhenTheTestBodyFails() throws InterruptedException
    {
        final EngineExecutionResults results = launch(FailingTestBody.class);
        assertEquals(1, results.testEvents().failed().count(), "the deliberately failing test must fail");
        assertNoLeak(entries(results, LabExtension.LAB_ID_ENTRY), entries(results, PIDS_ENTRY));
    }

    @Test
    void shouldTakeLabDownWhenClassSetupFailsAfterUp() throws InterruptedException
    {
        final EngineExecutionResults results = launch(FailingClassSetup.class);
        assertEquals(0, results.testEvents().started().count(), "no test may run after a failed class setup");
        assertTrue(results.containerEvents().failed().count() >= 1, "the class setup must fail");
        assertNoLeak(entries(results, LabExtension.LAB_ID_ENTRY), entries(results, PIDS_ENTRY));
    }

    @Test
    void shouldTakeLabDownWhenUpFailsHalfway() throws InterruptedException
    {
        final EngineExecutionResults results = launch(FailingLabUp.class);
        assertEquals(0, results.testEvents().started().count(), "no test may run when the lab cannot come up");
        assertTrue(results.containerEvents().failed().count() >= 1, "the failed up must fail the class");
        assertNoLeak(entries(results, LabExtension.LAB_ID_ENTRY), List.of());
    }

    @Test
    void shouldTakeEachPerTestLabDownWhenItsTestFails() throws InterruptedException
    {
        final EngineExecutionResults results = launch(FailingPerTestLabs.class);
        assertEquals(2, results.testEvents().failed().count(), "both deliberately failing tests must fail");
        final List<String> ids = entries(results, LabExtension.LAB_ID_ENTRY);
        assertEquals(2, ids.size(), "one lab per test");
        assertFalse(ids.get(0).equals(ids.get(1)), "each test gets its own lab");
        assertNoLeak(ids, entries(results, PIDS_ENTRY));
    }

    @Test
    void shouldRemovePartialLabWhenScriptFailsHalfway()
    {
        final Lab lab = Lab.create().environment("LAB_TEST_FAIL_AT", "server");
        try
        {
            final LabException failure = assertThrows(LabException.class, () -> lab.up(LabMode.INLINE));
            assertTrue(failure.getMessage().contains("failing on purpose at step 'server'"), failure.getMessage());
            // lab.sh's own trap removed the namespaces and the iperf3 server before Lab.down() is involved.
            assertEquals(List.of(), LabProbe.namespacesOf(lab.id()));
            assertEquals(List.of(), LabProbe.processesMentioning(lab.id()));
            assertFalse(LabProbe.stateDirExists(lab.id()));
        }
        finally
        {
            lab.down();
        }
    }

    private static EngineExecutionResults launch(final Class<?> testClass)
    {
        LAUNCHED.set(true);
        try
        {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        }
        finally
        {
            LAUNCHED.set(false);
        }
    }

    private static List<String> entries(final EngineExecutionResults results, final String key)
    {
        final List<String> values = new ArrayList<>();
        results.allEvents().reportingEntryPublished().stream()
            .map(Event::getPayload)
            .forEach(payload -> payload.filter(ReportEntry.class::isInstance).map(ReportEntry.class::cast)
                .map(entry -> entry.getKeyValuePairs().get(key))
                .ifPresent(values::add));
        values.removeIf(value -> value == null);
        return values;
    }

    private static void assertNoLeak(final List<String> labIds, final List<String> pidLists)
        throws InterruptedException
    {
        assertFalse(labIds.isEmpty(), "the extension must have published the lab id");
        final List<Long> pids = new ArrayList<>();
        for (final String pidList : pidLists)
        {
            for (final String pid : pidList.split(","))
            {
                pids.add(Long.parseLong(pid));
            }
        }
        for (final String id : labIds)
        {
            assertEquals(List.of(), LabProbe.namespacesOf(id), "namespaces of lab " + id);
            assertEquals(List.of(), LabProbe.processesMentioning(id), "processes of lab " + id);
            assertFalse(LabProbe.stateDirExists(id), "state directory of lab " + id);
        }
        assertEquals(List.of(), LabProbe.awaitGone(pids, GONE_TIMEOUT), "processes that ran in the labs");
    }

    /** Spawns a sleeper in the server and publishes the pids of everything running in the lab's namespaces. */
    private static void spawnAndPublish(final Lab lab, final TestReporter reporter)
    {
        lab.spawn(LabNode.SERVER, "sleep", "300");
        lab.spawn(LabNode.HOST, "sleep", "301");
        final List<Long> pids = LabProbe.pidsIn(lab);
        // The iperf3 server plus the two sleepers; fewer means the probe cannot see what it must check.
        assertTrue(pids.size() >= 3, "pids in the lab: " + pids);
        final StringBuilder joined = new StringBuilder();
        for (final Long pid : pids)
        {
            joined.append(joined.length() == 0 ? "" : ",").append(pid);
        }
        reporter.publishEntry(Map.of(PIDS_ENTRY, joined.toString()));
    }

    @LabTest
    @EnabledIf("org.mptcpgw.core.lab.LabLeakTest#launchedByLeakTest")
    static class FailingTestBody
    {
        @Test
        void shouldFailOnPurpose(final Lab lab, final TestReporter reporter)
        {
            assertTrue(lab.isUp());
            spawnAndPublish(lab, reporter);
            fail("failing on purpose: the lab must still be taken down");
        }
    }

    @LabTest
    @EnabledIf("org.mptcpgw.core.lab.LabLeakTest#launchedByLeakTest")
    static class FailingClassSetup
    {
        @BeforeAll
        static void setUpFailsHalfway(final Lab lab, final TestReporter reporter)
        {
            spawnAndPublish(lab, reporter);
            throw new IllegalStateException("class setup failing on purpose after the lab came up");
        }

        @Test
        void shouldNeverRun()
        {
            fail("must not run after a failed class setup");
        }
    }

    @LabTest(environment = "LAB_TEST_FAIL_AT=server")
    @EnabledIf("org.mptcpgw.core.lab.LabLeakTest#launchedByLeakTest")
    static class FailingLabUp
    {
        @Test
        void shouldNeverRun()
        {
            fail("must not run when the lab did not come up");
        }
    }

    @LabTest(perTest = true)
    @EnabledIf("org.mptcpgw.core.lab.LabLeakTest#launchedByLeakTest")
    static class FailingPerTestLabs
    {
        private Lab lab;

        @BeforeEach
        void setUp(final Lab lab)
        {
            this.lab = lab;
        }

        @AfterEach
        void tearDown()
        {
            assertTrue(lab.isUp(), "the per-test lab is still up in @AfterEach");
        }

        @Test
        void shouldFailOnPurposeFirst(final TestReporter reporter)
        {
            spawnAndPublish(lab, reporter);
            fail("failing on purpose (1)");
        }

        @Test
        void shouldFailOnPurposeSecond(final TestReporter reporter)
        {
            spawnAndPublish(lab, reporter);
            fail("failing on purpose (2)");
        }
    }
}

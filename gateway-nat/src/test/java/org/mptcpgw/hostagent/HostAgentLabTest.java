package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.lab.ExecResult;
import org.mptcpgw.core.lab.Lab;
import org.mptcpgw.core.lab.LabCounters;
import org.mptcpgw.core.lab.LabMode;
import org.mptcpgw.core.lab.LabNode;
import org.mptcpgw.core.lab.LabTest;

/**
 * The agent against the real kernel: the lab in router mode (the kernel gateway steers every MP_JOIN to isp2)
 * without the server's signal port, the agent started from this build inside the host namespace with
 * --configure-host --subflows 2. One MPTCP transfer must get 1 + 2 subflows per connection, a subflow destroyed with
 * `ss -K` must come back (a new source port) within the backoff, and the agent must stop cleanly on SIGTERM.
 */
@LabTest(mode = LabMode.ROUTER, options = {"--no-signal-port"})
class HostAgentLabTest
{
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern SOCKET = Pattern.compile("^(tcp|mptcp)\\s+ESTAB\\s+\\S+\\s+\\S+\\s+\\S+:(\\d+)\\s+" +
        Pattern.quote(Lab.SERVICE_ADDRESS) + ":5201\\b");
    private static final Pattern JOIN_FLAGS = Pattern.compile("tcp-ulp-mptcp flags:J");

    private Process agent;
    private Path agentLog;

    @AfterEach
    void stopAgent() throws IOException
    {
        if (null != agent && agent.isAlive())
        {
            agent.destroyForcibly();
        }
        if (null != agentLog)
        {
            Files.deleteIfExists(agentLog);
        }
    }

    @Test
    void shouldKeepTwoExtraSubflowsPerConnectionAndRecreateADestroyedOne(final Lab lab) throws Exception
    {
        startAgent(lab, "--configure-host", "--subflows", "2");
        assertEquals("userspace", lab.exec(LabNode.HOST, STEP_TIMEOUT, "sysctl", "-n", "net.mptcp.path_manager")
            .stdout().trim(), "--configure-host selects the userspace path manager");

        final LabCounters before = lab.counters();
        // Longer than the test needs; the lab's teardown ends it.
        lab.spawn(LabNode.HOST, "timeout", "60", "mptcpize", "run", "iperf3", "-c", Lab.SERVICE_ADDRESS, "-p", "5201",
            "-t", "40");

        // iperf3 opens two MPTCP connections (control and data): 2 joins each.
        final List<Integer> joins = waitForJoins(lab, n -> n.size() >= 4, "4 joined subflows");
        assertEquals(4, joins.size(), "exactly N = 2 extra subflows per connection: " + joins);

        final int victim = joins.get(0);
        final ExecResult kill = lab.exec(LabNode.HOST, STEP_TIMEOUT, "ss", "-K", "-tn",
            "dst " + Lab.SERVICE_ADDRESS + " and sport = :" + victim);
        assertTrue(kill.succeeded(), kill::toString);
        final long killedNs = System.nanoTime();

        final List<Integer> after = waitForJoins(lab, n -> n.size() >= 4 && !n.contains(victim),
            "the destroyed subflow to be re-created");
        final long recreatedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);
        assertFalse(after.contains(victim));
        assertTrue(recreatedMs < 5_000, "re-created after the 250 ms backoff, not much later: " + recreatedMs + " ms");

        // The joins are steered to isp2 by the kernel gateway: isp2 carries traffic.
        final LabCounters carried = lab.counters().minus(before);
        assertTrue(carried.isp2().totalBytes() > 1_000_000L, carried::toString);

        agent.destroy();
        assertTrue(agent.waitFor(20, TimeUnit.SECONDS), "the agent stops on SIGTERM");
        final String log = Files.readString(agentLog);
        assertTrue(log.contains("host-agent: stopped;"), log);
        assertTrue(log.contains("subflows_lost=1"), log);
        assertTrue(log.contains("re-creating in 250 ms"), log);
    }

    private void startAgent(final Lab lab, final String... arguments) throws IOException, InterruptedException
    {
        agentLog = Files.createTempFile("mgw-host-agent-" + lab.id() + "-", ".log");
        final List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" >" + agentLog + " 2>&1",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle"))
            {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"),
            "org.mptcpgw.gateway.cli.Main", "host-agent"));
        command.addAll(List.of(arguments));
        agent = lab.spawn(LabNode.HOST, command.toArray(new String[0]));
        final long deadlineNs = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadlineNs)
        {
            final String log = Files.readString(agentLog);
            if (log.contains("host-agent: running"))
            {
                return;
            }
            if (!agent.isAlive())
            {
                fail("the agent exited: " + log);
            }
            Thread.sleep(100);
        }
        fail("the agent did not start within " + STEP_TIMEOUT + ": " + Files.readString(agentLog));
    }

    /** Local ports of the established joined subflows (ss flags J) to the service, polled every 100 ms. */
    private static List<Integer> waitForJoins(final Lab lab, final Predicate<List<Integer>> done, final String what)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + STEP_TIMEOUT.toNanos();
        List<Integer> joins = List.of();
        String last = "";
        while (System.nanoTime() < deadlineNs)
        {
            final ExecResult ss = lab.exec(LabNode.HOST, STEP_TIMEOUT, "ss", "-HtniM", "dst " + Lab.SERVICE_ADDRESS);
            last = ss.stdout();
            joins = joinedPorts(last);
            if (done.test(joins))
            {
                return joins;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what + "; last joins " + joins + " in:\n" + last);
        return joins;
    }

    static List<Integer> joinedPorts(final String ssOutput)
    {
        final List<Integer> ports = new ArrayList<>();
        final String[] lines = ssOutput.split("\n");
        for (int i = 0; i < lines.length; i++)
        {
            final Matcher socket = SOCKET.matcher(lines[i]);
            if (socket.find() && "tcp".equals(socket.group(1)) && i + 1 < lines.length &&
                JOIN_FLAGS.matcher(lines[i + 1]).find())
            {
                ports.add(Integer.parseInt(socket.group(2)));
            }
        }
        return ports;
    }
}

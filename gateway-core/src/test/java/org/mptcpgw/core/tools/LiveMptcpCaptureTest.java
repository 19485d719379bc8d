package org.mptcpgw.core.tools;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.mptcp.MptcpCrypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Records real Linux MPTCP (v1) between two network namespaces and checks the decoder against tshark and the
 * crypto against the kernel.
 * <pre>
 *  mgwc-XXXXXX (client)                              mgws-XXXXXX (server)
 *  192.0.2.2, 192.0.2.3 [subflow endpoint id 5] cXXXXXX ==veth== sXXXXXX 192.0.2.1, 192.0.2.11 [signal id 7]
 *  tcpdump -i cXXXXXX (offloads off: full checksums, MTU-sized frames)
 * </pre>
 * Connection 1: MP_CAPABLE, MP_JOIN from the second client address, ADD_ADDR of the server's signal address (and
 * its echo, and the join to it), echoed data (DSS), MP_PRIO (the client endpoint becomes backup), REMOVE_ADDR
 * (the server endpoint is deleted), then shutdown on both sides (DATA_FIN). Connection 2: the client aborts
 * with SO_LINGER 0 while the server has unread data, which makes the kernel send MP_FASTCLOSE and MP_TCPRST in
 * RSTs.
 * <p>
 * Needs root (skipped otherwise) and tshark (skipped if missing; CI installs it). Every wait is bounded; the
 * namespaces (random suffix) and processes are removed in a finally block. Set the system property
 * {@code mptcpgw.lab.capture.out} to keep the recording (that is how {@code lab-mptcp-v1.pcap} was made).
 */
class LiveMptcpCaptureTest
{
    private static final long STEP_TIMEOUT_MS = 20_000;
    private static final int CLIENT_ENDPOINT_ID = 5;
    private static final int SERVER_ENDPOINT_ID = 7;

    private final List<Process> processes = new ArrayList<>();

    @Test
    void shouldRecordRealMptcpThatTheDecoderReadsLikeTsharkAndTheKernel() throws Exception
    {
        assumeTrue(isRoot(), "needs root to create network namespaces: skipped");
        assumeTrue(TsharkComparison.tsharkAvailable(), "tshark is not installed (CI installs it): skipped");
        for (final String tool : new String[]{"/usr/sbin/ip", "/usr/bin/tcpdump", "/usr/sbin/ethtool",
            "/usr/bin/python3"})
        {
            assumeTrue(Files.isExecutable(Paths.get(tool)) || Files.isExecutable(Paths.get(tool.replace("/usr", ""))),
                tool + " missing: skipped");
        }
        final String suffix = suffix();
        final String client = "mgwc-" + suffix;
        final String server = "mgws-" + suffix;
        final Path dir = Files.createTempDirectory("mptcp-lab-");
        final Path pcap = dir.resolve("lab.pcap");
        try
        {
            setUp(client, server, "c" + suffix, "s" + suffix);
            record(client, server, "c" + suffix, dir, pcap);
            verify(pcap);
            final String keep = System.getProperty("mptcpgw.lab.capture.out");
            if (null != keep && !keep.isEmpty())
            {
                Files.copy(pcap, Paths.get(keep), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            for (final Process p : processes)
            {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            quietly("ip", "netns", "del", client);
            quietly("ip", "netns", "del", server);
            try (var files = Files.list(dir))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private void setUp(final String client, final String server, final String clientLink, final String serverLink)
        throws Exception
    {
        run("ip", "netns", "add", client);
        run("ip", "netns", "add", server);
        run("ip", "-n", client, "link", "set", "lo", "up");
        run("ip", "-n", server, "link", "set", "lo", "up");
        run("ip", "link", "add", clientLink, "netns", client, "address", "02:00:00:00:00:01", "type", "veth",
            "peer", "name", serverLink, "netns", server, "address", "02:00:00:00:00:02");
        run("ip", "-n", client, "link", "set", clientLink, "up");
        run("ip", "-n", server, "link", "set", serverLink, "up");
        // Offloads off: the recording then has complete checksums and no GSO super-frames.
        run("ip", "netns", "exec", client, "ethtool", "-K", clientLink, "tso", "off", "gso", "off", "gro", "off",
            "tx", "off");
        run("ip", "netns", "exec", server, "ethtool", "-K", serverLink, "tso", "off", "gso", "off", "gro", "off",
            "tx", "off");
        run("ip", "-n", client, "addr", "add", "192.0.2.2/24", "dev", clientLink);
        run("ip", "-n", client, "addr", "add", "192.0.2.3/24", "dev", clientLink);
        run("ip", "-n", server, "addr", "add", "192.0.2.1/24", "dev", serverLink);
        run("ip", "-n", server, "addr", "add", "192.0.2.11/24", "dev", serverLink);
        run("ip", "netns", "exec", client, "sysctl", "-qw", "net.mptcp.enabled=1");
        run("ip", "netns", "exec", server, "sysctl", "-qw", "net.mptcp.enabled=1");
        run("ip", "-n", client, "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "2");
        run("ip", "-n", server, "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "2");
        run("ip", "-n", client, "mptcp", "endpoint", "add", "192.0.2.3", "dev", clientLink,
            "id", Integer.toString(CLIENT_ENDPOINT_ID), "subflow");
        run("ip", "-n", server, "mptcp", "endpoint", "add", "192.0.2.11", "dev", serverLink,
            "id", Integer.toString(SERVER_ENDPOINT_ID), "signal");
    }

    private void record(
        final String client, final String server, final String clientLink, final Path dir, final Path pcap)
        throws Exception
    {
        final Path serverScript = copyResource("lab/mptcp_server.py", dir);
        final Path clientScript = copyResource("lab/mptcp_client.py", dir);
        final Path tcpdumpErr = dir.resolve("tcpdump.err");
        final Process tcpdump = start(new ProcessBuilder("ip", "netns", "exec", client, "tcpdump", "-l", "-U", "-n",
            "-i", clientLink, "-w", pcap.toString(), "tcp").redirectError(tcpdumpErr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD));
        waitForText(tcpdumpErr, "listening on");

        final Path serverOut = dir.resolve("server.out");
        final Process serverProcess = start(new ProcessBuilder("ip", "netns", "exec", server, "/usr/bin/python3",
            serverScript.toString()).redirectErrorStream(true).redirectOutput(serverOut.toFile()));
        waitForText(serverOut, "listening");

        final Path clientOut = dir.resolve("client.out");
        final Process clientProcess = start(new ProcessBuilder("ip", "netns", "exec", client, "/usr/bin/python3",
            clientScript.toString(), "192.0.2.1").redirectErrorStream(true).redirectOutput(clientOut.toFile()));
        waitForText(clientOut, "echoed");

        // MP_PRIO: the client's second address becomes a backup path; REMOVE_ADDR: the server withdraws its own.
        run("ip", "-n", client, "mptcp", "endpoint", "change", "id", Integer.toString(CLIENT_ENDPOINT_ID),
            "backup");
        Thread.sleep(300);
        run("ip", "-n", server, "mptcp", "endpoint", "delete", "id", Integer.toString(SERVER_ENDPOINT_ID));
        Thread.sleep(300);
        try (OutputStream stdin = clientProcess.getOutputStream())
        {
            stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(clientProcess.waitFor(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS), "client did not finish");
        assertTrue(serverProcess.waitFor(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS), "server did not finish");
        final String clientLog = Files.readString(clientOut);
        assertTrue(clientLog.contains("closed") && clientLog.contains("aborted"), clientLog);
        assertTrue(Files.readString(serverOut).contains("done"), Files.readString(serverOut));
        Thread.sleep(300);
        tcpdump.destroy();
        assertTrue(tcpdump.waitFor(10, TimeUnit.SECONDS), "tcpdump did not stop");
    }

    private static void verify(final Path pcap) throws Exception
    {
        final TsharkComparison.Result result = TsharkComparison.compare(pcap);
        assertEquals(List.of(), result.mismatches);
        assertTrue(result.frames > 50, result.toString());

        final List<Map<String, Object>> frames = TsharkComparison.decode(pcap);
        final TreeSet<Integer> subtypes = new TreeSet<>();
        boolean dataFin = false;
        for (final Map<String, Object> frame : frames)
        {
            assertEquals("OK", frame.get("status"));
            for (final Map<String, Object> o : options(frame))
            {
                subtypes.add(((BigInteger)o.get("subtypeId")).intValue());
                dataFin |= Boolean.TRUE.equals(o.get("dataFin"));
                assertEquals(Boolean.TRUE, o.get("valid"), o.toString());
            }
        }
        // Everything but MP_FAIL (which needs a corrupted payload under a checksum) comes from the real kernel.
        assertEquals(new TreeSet<>(Arrays.asList(0, 1, 2, 3, 4, 5, 7, 8)), subtypes);
        assertTrue(dataFin, "no DATA_FIN");
        verifyCryptoAgainstTheKernel(frames);
    }

    private static void verifyCryptoAgainstTheKernel(final List<Map<String, Object>> frames)
    {
        final MptcpCrypto crypto = new MptcpCrypto();
        // Connection 1: the first MP_CAPABLE third ACK carries the client's key A and the server's key B.
        Map<String, Object> third = null;
        for (final Map<String, Object> f : frames)
        {
            final Map<String, Object> mpc = option(f, "MP_CAPABLE");
            if (null != mpc && null != mpc.get("receiverKey"))
            {
                third = f;
                break;
            }
        }
        assertTrue(null != third, "no MP_CAPABLE with two keys");
        final long keyA = hex(option(third, "MP_CAPABLE").get("senderKey"));
        final long keyB = hex(option(third, "MP_CAPABLE").get("receiverKey"));
        final int tokenB = crypto.token(keyB, MptcpCrypto.VERSION_1);
        final long idsnA = crypto.idsn(keyA, MptcpCrypto.VERSION_1);
        final int clientPort = ((BigInteger)third.get("srcPort")).intValue();

        int joinsChecked = 0;
        boolean addAddrChecked = false;
        boolean firstDsnChecked = false;
        for (final Map<String, Object> f : frames)
        {
            final Map<String, Object> join = option(f, "MP_JOIN");
            if (null != join && null != join.get("token") && tokenB == (int)hex(join.get("token")))
            {
                // A join of connection 1: find its SYN/ACK and ACK by the subflow's ports.
                final int port = ((BigInteger)f.get("srcPort")).intValue();
                final long nonceA = hex(join.get("nonce"));
                final Map<String, Object> synAck = joinOf(frames, port, false);
                final Map<String, Object> ack = joinOf(frames, port, true);
                final long nonceB = hex(synAck.get("nonce"));
                assertEquals(crypto.joinSynAckHmac(MptcpCrypto.VERSION_1, keyB, keyA, (int)nonceB, (int)nonceA),
                    hex(synAck.get("truncatedHmac")));
                assertArrayEquals(crypto.joinAckHmac(MptcpCrypto.VERSION_1, keyA, keyB, (int)nonceA, (int)nonceB,
                    new byte[20]), org.mptcpgw.core.packet.FrameBuilder.hex((String)ack.get("hmac")));
                joinsChecked++;
            }
            final Map<String, Object> addAddr = option(f, "ADD_ADDR");
            if (null != addAddr && !addAddrChecked && null != addAddr.get("hmac"))
            {
                // RFC 8684 section 3.4.1 (rightmost 64 bits), as today's kernels send it.
                final byte[] address = {(byte)192, 0, 2, 11};
                assertEquals(crypto.addAddrHmac(keyB, keyA, ((BigInteger)addAddr.get("addressId")).intValue(),
                    address, 0), hex(addAddr.get("hmac")));
                addAddrChecked = true;
            }
            final Map<String, Object> dss = option(f, "DSS");
            if (null != dss && !firstDsnChecked && null != dss.get("dsn") &&
                clientPort == ((BigInteger)f.get("srcPort")).intValue())
            {
                // The client's first mapping starts at IDSN_A + 1 (RFC 8684 section 3.3.1).
                assertEquals(Long.toUnsignedString(idsnA + 1), dss.get("dsn").toString());
                firstDsnChecked = true;
            }
        }
        assertEquals(2, joinsChecked, "joins of connection 1 (second address and announced address)");
        assertTrue(addAddrChecked, "no ADD_ADDR with HMAC");
        assertTrue(firstDsnChecked, "no client DSS mapping");
    }

    private static Map<String, Object> joinOf(final List<Map<String, Object>> frames, final int clientPort,
        final boolean fromClient)
    {
        for (final Map<String, Object> f : frames)
        {
            final Map<String, Object> join = option(f, "MP_JOIN");
            final BigInteger port = (BigInteger)f.get(fromClient ? "srcPort" : "dstPort");
            if (null != join && null != port && clientPort == port.intValue() &&
                (fromClient ? null != join.get("hmac") : null != join.get("truncatedHmac")))
            {
                return join;
            }
        }
        throw new AssertionError("no MP_JOIN " + (fromClient ? "ACK" : "SYN/ACK") + " for port " + clientPort);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> options(final Map<String, Object> frame)
    {
        final Object o = frame.get("mptcp");
        return null == o ? List.of() : (List<Map<String, Object>>)o;
    }

    private static Map<String, Object> option(final Map<String, Object> frame, final String subtype)
    {
        for (final Map<String, Object> o : options(frame))
        {
            if (subtype.equals(o.get("subtype")))
            {
                return o;
            }
        }
        return null;
    }

    private static long hex(final Object value)
    {
        return Long.parseUnsignedLong(((String)value).substring(2), 16);
    }

    private Process start(final ProcessBuilder builder) throws IOException
    {
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static Path copyResource(final String name, final Path dir) throws IOException
    {
        final Path target = dir.resolve(Paths.get(name).getFileName());
        try (InputStream in = LiveMptcpCaptureTest.class.getClassLoader().getResourceAsStream(name))
        {
            assertTrue(null != in, name);
            Files.copy(in, target);
        }
        return target;
    }

    private static void waitForText(final Path file, final String text) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0)
        {
            if (Files.exists(file) && Files.readString(file).contains(text))
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for '" + text + "' in " + file + ": " +
            (Files.exists(file) ? Files.readString(file) : "(missing)"));
    }

    private static void run(final String... command) throws Exception
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] out;
        try (InputStream in = p.getInputStream())
        {
            out = in.readAllBytes();
        }
        if (!p.waitFor(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
    }

    private static void quietly(final String... command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                p.destroyForcibly();
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // Cleanup is best effort; a leftover namespace has a unique name and cannot collide.
        }
    }

    private static boolean isRoot()
    {
        try
        {
            final Process p = new ProcessBuilder("id", "-u").start();
            final String uid;
            try (InputStream in = p.getInputStream())
            {
                uid = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            return p.waitFor(5, TimeUnit.SECONDS) && "0".equals(uid);
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }

    private static String suffix()
    {
        final byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return String.format("%02x%02x%02x", b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF);
    }
}

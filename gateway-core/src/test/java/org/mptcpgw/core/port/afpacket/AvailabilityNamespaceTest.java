package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.NetNamespace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("root")
class AvailabilityNamespaceTest
{
    private PassThroughLab lab;

    @BeforeEach
    void setUp()
    {
        PassThroughLab.assumeRoot();
        lab = new PassThroughLab();
        lab.passThrough();
    }

    @AfterEach
    void tearDown()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @Test
    void shouldNameMissingInterface()
    {
        final AfPacketException ex = assertThrows(AfPacketException.class,
            () -> NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketPort.open("nope0")));

        assertEquals("interface 'nope0' not found in this network namespace: list interfaces with `ip link`",
            ex.getMessage());
        assertEquals(ex.getMessage(),
            NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketAvailability.firstProblem(List.of("m0", "nope0"))));
    }

    @Test
    void shouldReportInterfaceDownAndThenNothing()
    {
        assertNull(NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketAvailability.firstProblem(List.of("m0"))));

        lab.run("ip", "-n", lab.ns("m"), "link", "set", "m1", "down");

        assertEquals("interface 'm1' is down: bring it up with `ip link set m1 up`",
            NetNamespace.supplyInside(lab.ns("m"), () -> AfPacketAvailability.firstProblem(List.of("m0", "m1"))));
    }

    @Test
    void shouldNameMissingPrivilegeWhenRunAsNobody() throws IOException
    {
        final PassThroughLab.Result result = probe("lo", false, "setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all");

        assertEquals(0, result.status, result.output);
        assertTrue(result.output.contains("check: " + AfPacketAvailability.NEEDS_CAP_NET_RAW), result.output);
        assertTrue(result.output.contains("open: " + AfPacketAvailability.NEEDS_CAP_NET_RAW), result.output);
    }

    @Test
    void shouldNameTheRingThatCannotBeMappedWithErrnoAndHints() throws IOException
    {
        final PassThroughLab.Result result = probe("m0", true, "prlimit", "--memlock=65536:65536", "setpriv",
            "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock");

        assertEquals(0, result.status, result.output);
        assertTrue(result.output.contains("check: null"), result.output);
        assertTrue(result.output.contains("open: cannot map the transmit ring of 'm0' (32 blocks x 65536 bytes, " +
            "1024 frames x 2048 bytes): Resource temporarily unavailable (EAGAIN): lower the block size/count or " +
            "raise `ulimit -l` (see docs/afpacket.md)"), result.output);
    }

    /**
     * Run {@link OpenPortProbe} in namespace m under a privilege-dropping command prefix.
     */
    private PassThroughLab.Result probe(final String interfaceName, final boolean lock, final String... prefix)
        throws IOException
    {
        final Path dir = Files.createTempDirectory("mgwt-cp-");
        try
        {
            final List<String> command = new ArrayList<>(List.of(lab.inNsCommand("m")));
            command.addAll(List.of(prefix));
            command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir,
                "-cp", readableClasspath(dir), OpenPortProbe.class.getName(), interfaceName));
            if (lock)
            {
                command.add("--lock");
            }
            return PassThroughLab.exec(PassThroughLab.COMMAND_TIMEOUT_S, command.toArray(new String[0]));
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * The test class path lives under directories user nobody may not be able to enter (/root, or a clone under a
     * 0700 temporary directory): copy every jar and class directory into one that nobody can read.
     */
    private static String readableClasspath(final Path dir) throws IOException
    {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> entries = new ArrayList<>();
        int i = 0;
        for (final String entry : classpath.split(File.pathSeparator))
        {
            final Path path = Paths.get(entry);
            if (Files.isRegularFile(path))
            {
                final Path copy = dir.resolve(i++ + "-" + path.getFileName());
                Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            }
            else if (Files.isDirectory(path))
            {
                final Path copy = dir.resolve(i++ + "-classes");
                try (Stream<Path> tree = Files.walk(path))
                {
                    for (final Path source : (Iterable<Path>)tree::iterator)
                    {
                        Files.copy(source, copy.resolve(path.relativize(source).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                entries.add(copy.toString());
            }
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.forEach(p ->
            {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p))
                {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
        dir.toFile().setWritable(true, false);
        return String.join(File.pathSeparator, entries);
    }
}

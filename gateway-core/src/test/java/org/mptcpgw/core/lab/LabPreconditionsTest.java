package org.mptcpgw.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabPreconditionsTest
{
    // CapEff of root (all 41 capabilities of a 6.x kernel) and of an unprivileged user.
    private static final String ROOT_STATUS = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n";
    private static final String NOBODY_STATUS =
        "Name:\tjava\nUid:\t65534\t65534\t65534\t65534\nCapEff:\t0000000000000000\n";
    // CAP_NET_ADMIN (bit 12) without CAP_SYS_ADMIN (bit 21): cannot create namespaces.
    private static final String NET_ADMIN_ONLY_STATUS = "CapEff:\t0000000000001000\n";
    // CAP_NET_ADMIN and CAP_SYS_ADMIN only.
    private static final String NET_AND_SYS_ADMIN_STATUS = "CapEff:\t0000000000201000\n";

    @Test
    void shouldAcceptRoot()
    {
        assertEquals(Optional.empty(), LabPreconditions.rootMissingReason(ROOT_STATUS));
    }

    @Test
    void shouldAcceptJustTheTwoCapabilities()
    {
        assertEquals(Optional.empty(), LabPreconditions.rootMissingReason(NET_AND_SYS_ADMIN_STATUS));
    }

    @Test
    void shouldExplainWhatToDoWhenUnprivileged()
    {
        assertEquals(Optional.of("needs root (CAP_NET_ADMIN) to create network namespaces; run as root"),
            LabPreconditions.rootMissingReason(NOBODY_STATUS));
    }

    @Test
    void shouldRequireSysAdminToo()
    {
        assertTrue(LabPreconditions.rootMissingReason(NET_ADMIN_ONLY_STATUS).isPresent());
    }

    @Test
    void shouldRefuseStatusWithoutCapabilities()
    {
        assertTrue(LabPreconditions.rootMissingReason("Name:\tjava\n").orElseThrow().startsWith("needs root"));
    }

    @Test
    void shouldNameMissingToolsAndTheirPackages(@TempDir final Path dir) throws IOException
    {
        final Optional<String> reason = LabPreconditions.missingToolsReason(dir.toString());
        assertTrue(reason.isPresent());
        assertTrue(reason.get().startsWith("missing tools bash, ip, tc, ss, nft, iperf3, mptcpize, jq"), reason.get());
        assertTrue(reason.get().contains("apt-get install -y bash iproute2 nftables iperf3 mptcpize jq"), reason.get());
    }

    @Test
    void shouldNameTheSingleMissingTool(@TempDir final Path dir) throws IOException
    {
        for (final String tool : new String[] { "bash", "ip", "tc", "ss", "nft", "iperf3", "jq", "ping", "timeout",
            "sysctl" })
        {
            executable(dir.resolve(tool));
        }
        assertEquals(Optional.of("missing tool mptcpize: apt-get install -y mptcpize"),
            LabPreconditions.missingToolsReason(dir.toString()));
        executable(dir.resolve("mptcpize"));
        assertEquals(Optional.empty(), LabPreconditions.missingToolsReason(dir.toString()));
    }

    @Test
    void shouldIgnoreNonExecutableFiles(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("jq"), "#!/bin/sh\n");
        assertEquals(Optional.empty(), LabPreconditions.findExecutable("jq", dir.toString()));
        executable(dir.resolve("jq"));
        assertEquals(Optional.of(dir.resolve("jq")), LabPreconditions.findExecutable("jq", "/nonexistent:" + dir));
    }

    @Test
    void shouldAddSbinDirectoriesToPath()
    {
        assertEquals("/usr/bin:/usr/local/sbin:/usr/sbin:/sbin", LabPreconditions.searchPath("/usr/bin"));
        assertTrue(LabPreconditions.searchPath(null).contains("/usr/sbin"));
    }

    private static void executable(final Path path) throws IOException
    {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

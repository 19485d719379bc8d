package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MptcpHostSettingsTest
{
    @TempDir
    Path sysctl;

    private void write(final String name, final String value) throws IOException
    {
        Files.writeString(sysctl.resolve(name), value + "\n");
    }

    @Test
    void shouldAcceptAHostWithTheUserspacePathManager() throws IOException
    {
        write("enabled", "1");
        write("path_manager", "userspace");
        write("pm_type", "1");

        assertEquals(List.of(), new MptcpHostSettings(sysctl).problems());
    }

    @Test
    void shouldSayWhatIsWrongAndHowToFixIt() throws IOException
    {
        write("enabled", "0");
        write("path_manager", "kernel");

        final List<String> problems = new MptcpHostSettings(sysctl).problems();

        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("sysctl -w net.mptcp.enabled=1"), problems::toString);
        assertTrue(problems.get(1).contains("net.mptcp.path_manager=kernel"), problems::toString);
        assertTrue(problems.get(1).contains("--configure-host"), problems::toString);
    }

    @Test
    void shouldUsePmTypeOnOlderKernels() throws IOException
    {
        write("enabled", "1");
        write("pm_type", "0");

        final MptcpHostSettings settings = new MptcpHostSettings(sysctl);
        assertTrue(settings.problems().get(0).contains("net.mptcp.pm_type=0"));

        assertEquals(List.of("set net.mptcp.pm_type=1 (was 0)"), settings.configure());
        assertEquals(List.of(), settings.problems());
    }

    @Test
    void shouldConfigureOnlyWhatNeedsChanging() throws IOException
    {
        write("enabled", "1");
        write("path_manager", "kernel");
        write("pm_type", "0");

        final MptcpHostSettings settings = new MptcpHostSettings(sysctl);
        assertEquals(List.of("set net.mptcp.path_manager=userspace (was kernel)"), settings.configure());
        assertEquals("userspace", Files.readString(sysctl.resolve("path_manager")).trim());
        assertEquals(List.of(), settings.configure());
    }

    @Test
    void shouldReportKernelsWithoutMptcpOrWithoutAUserspacePathManager() throws IOException
    {
        final MptcpHostSettings missing = new MptcpHostSettings(sysctl.resolve("absent"));
        assertTrue(missing.problems().get(0).contains("no MPTCP"));
        assertThrows(IllegalStateException.class, missing::configure);

        write("enabled", "1");
        assertTrue(new MptcpHostSettings(sysctl).problems().get(0).contains("no userspace MPTCP path manager"));
    }
}

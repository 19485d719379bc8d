package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelIsolationTest
{
    @Test
    void shouldReplaceTheTableWithOneDropChainPerInterface()
    {
        assertEquals(
            "table netdev mptcp_gateway\n" +
            "delete table netdev mptcp_gateway\n" +
            "table netdev mptcp_gateway {\n" +
            "    chain ingress_0 {\n" +
            "        type filter hook ingress device \"g0\" priority -500; policy drop;\n" +
            "        counter drop\n" +
            "    }\n" +
            "    chain ingress_1 {\n" +
            "        type filter hook ingress device \"eth1.100\" priority -500; policy drop;\n" +
            "        counter drop\n" +
            "    }\n" +
            "}\n",
            KernelIsolation.nftScript(List.of("g0", "eth1.100")));
    }

    @Test
    void shouldRefuseNamesThatCouldInjectIntoTheScript()
    {
        assertThrows(IllegalArgumentException.class, () -> KernelIsolation.nftScript(List.of("g0\" }")));
        assertThrows(IllegalArgumentException.class, () -> KernelIsolation.nftScript(List.of("g0; flush ruleset")));
        assertThrows(IllegalArgumentException.class, () -> KernelIsolation.nftScript(List.of("sixteen-chars-xx")));
    }

    @Test
    void shouldFindNftOnThePathOrReportItMissing(@TempDir final Path dir) throws IOException
    {
        assertNull(KernelIsolation.findNft(null, new String[0]));
        assertNull(KernelIsolation.findNft(dir.toString(), new String[]{dir.resolve("nope").toString()}));

        final Path nft = Files.createFile(dir.resolve("nft"));
        nft.toFile().setExecutable(true);

        assertEquals(nft.toString(), KernelIsolation.findNft("/nonexistent:" + dir, new String[0]));
        assertEquals("nft not found: install the nftables package (apt-get install nftables); " +
            "the gateway mutes the kernel on its interfaces with an nftables netdev table",
            KernelIsolation.NFT_MISSING);
    }
}

package org.mptcpgw.gateway.cli;

import org.mptcpgw.core.tools.PcapDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway decode FILE.pcap}: one JSON object per frame with every MPTCP option decoded and the token
 * and IDSN of any key: an operator's debugging tool and the tests' oracle (it agrees with tshark).
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Print every frame of a capture as JSON, MPTCP options decoded, tokens computed.")
public final class DecodeCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE.pcap", description = "Capture (Ethernet, Linux cooked or raw IP).")
    private Path file;

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call() throws IOException
    {
        if (!Files.isReadable(file))
        {
            throw new StartupException("cannot read " + file + ": no such file or no permission");
        }
        new PcapDecoder().decode(file, System.out);
        System.out.flush();
        return Main.EXIT_OK;
    }
}

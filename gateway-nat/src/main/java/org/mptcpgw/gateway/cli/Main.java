package org.mptcpgw.gateway.cli;

import org.mptcpgw.gateway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * Entry point of the {@code mptcp-gateway} launcher.
 */
@Command(
    name = "mptcp-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Userspace gateway that spreads the subflows of single-homed MPTCP hosts over several uplinks.",
    subcommands = {
        RunCommand.class,
        CheckConfigCommand.class,
        StatusCommand.class,
        ReloadCommand.class,
        DecodeCommand.class,
        ReplayCommand.class,
        NatLogCommand.class,
        HostAgentCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable
{
    /** Exit code for success. */
    public static final int EXIT_OK = 0;
    /** Exit code for an unexpected failure (a bug, or an I/O error at run time). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a configuration or usage error. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code for an environment that does not allow the command (privilege, interface, tool). */
    public static final int EXIT_ENVIRONMENT = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Print usage when no subcommand is given.
     */
    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Run a command line and return its exit code (tests call this).
     *
     * @param args command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return exit code.
     */
    public static int execute(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args2) ->
        {
            // One line, not the whole usage: say what is wrong and where help is.
            final CommandLine failed = ex.getCommandLine();
            err.println(failed.getCommandName() + ": " + ex.getMessage() + " (see " +
                failed.getCommandSpec().qualifiedName() + " --help)");
            return EXIT_CONFIG;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ConfigException)
            {
                err.println("mptcp-gateway: configuration error: " + ex.getMessage());
                return EXIT_CONFIG;
            }
            if (ex instanceof StartupException)
            {
                err.println("mptcp-gateway: cannot start: " + ex.getMessage());
                return EXIT_ENVIRONMENT;
            }
            err.println("mptcp-gateway: unexpected error: " + ex);
            ex.printStackTrace(err);
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /**
     * The version from the build.
     */
    public static final class Version implements CommandLine.IVersionProvider
    {
        /**
         * @return the project version, read from a resource the build filters.
         */
        public static String projectVersion()
        {
            final Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/org/mptcpgw/gateway/version.properties"))
            {
                if (null != in)
                {
                    properties.load(in);
                }
            }
            catch (final IOException ignore)
            {
                // the version line then says "unknown"; nothing else depends on it
            }
            return properties.getProperty("version", "unknown");
        }

        /**
         * {@inheritDoc}
         */
        @Override
        public String[] getVersion()
        {
            return new String[]{"mptcp-gateway " + projectVersion() + " (Java " + Runtime.version() + ")"};
        }
    }
}

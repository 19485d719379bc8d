package org.mptcpgw.gateway.cli;

import org.mptcpgw.gateway.config.ConfigException;
import org.mptcpgw.gateway.config.ConfigKey;
import org.mptcpgw.gateway.config.GatewayConfig;
import org.mptcpgw.gateway.config.ValueType;
import org.mptcpgw.gateway.journal.NatLogQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mptcp-gateway nat-log}: who held an outside address and port at a time, or what an inside host did, from
 * the journal. Exit code 0 when sessions matched, 1 when none did, 2 on a bad argument (one line on stderr).
 * <p>
 * Every option takes its value as text and is checked here, and unknown arguments are collected rather than
 * rejected by the parser, so that every usage error is one line (the parser's own errors print the whole usage;
 * this is also why the option list shows values as optional, {@code --at[=TIME]}, while the synopsis does not).
 */
@Command(name = "nat-log", mixinStandardHelpOptions = true,
    customSynopsis = {
        "mptcp-gateway nat-log [--dir DIR | -c FILE] [--outside ADDR[:PORT]] [--inside ADDR[:PORT]]",
        "                      [--protocol tcp|udp|icmp] [--at TIME | --from TIME --to TIME] [--json]"},
    description = {
        "Show the NAT sessions that held an outside address and port at a time (or during a time range), or the " +
            "sessions of an inside host, from the journal.",
        "Times are ISO-8601 with a zone (2026-11-29T15:04:05Z, 2026-11-29T16:04:05+01:00) or epoch seconds.",
        "Exit code: 0 sessions found, 1 none matched, 2 bad arguments."},
    footer = "Example: mptcp-gateway nat-log --dir /var/lib/mptcp-gateway/journal " +
        "--outside 198.51.100.2:40001 --at 2026-11-29T15:04:05Z")
public final class NatLogCommand implements Callable<Integer>
{
    private static final String PREFIX = "mptcp-gateway nat-log: ";

    @Option(names = "--dir", arity = "0..1", fallbackValue = "", paramLabel = "DIR",
        description = "Journal directory (default: journal.dir of --config, else /var/lib/mptcp-gateway/journal).")
    private String dir;

    @Option(names = {"-c", "--config"}, arity = "0..1", fallbackValue = "", paramLabel = "FILE",
        description = "Configuration file to take journal.dir from.")
    private String configFile;

    @Option(names = "--outside", arity = "0..1", fallbackValue = "", paramLabel = "ADDR[:PORT]",
        description = "Outside (translated) address, and port or ICMP echo identifier.")
    private String outside;

    @Option(names = "--inside", arity = "0..1", fallbackValue = "", paramLabel = "ADDR[:PORT]",
        description = "Inside (LAN host) address, and port.")
    private String inside;

    @Option(names = "--protocol", arity = "0..1", fallbackValue = "", paramLabel = "tcp|udp|icmp",
        description = "Only sessions of this protocol.")
    private String protocol;

    @Option(names = "--at", arity = "0..1", fallbackValue = "", paramLabel = "TIME",
        description = "Sessions that held their mapping at this instant.")
    private String at;

    @Option(names = "--from", arity = "0..1", fallbackValue = "", paramLabel = "TIME",
        description = "Sessions that held their mapping at or after this time.")
    private String from;

    @Option(names = "--to", arity = "0..1", fallbackValue = "", paramLabel = "TIME",
        description = "Sessions that held their mapping before this time.")
    private String to;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    private boolean json;

    @CommandLine.Unmatched
    private List<String> unmatched = new ArrayList<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * A usage error, reported as one line with exit code 2.
     */
    static final class UsageError extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageError(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try
        {
            final Path journalDir = journalDir();
            final NatLogQuery query = query();
            quietChronicleLogging();
            final NatLogQuery.Result result = query.run(journalDir);
            for (final NatLogQuery.Entry entry : result.entries())
            {
                out.println(json ? entry.json() : entry.text());
            }
            out.flush();
            if (result.unknown() + result.malformed() > 0)
            {
                err.println(PREFIX + "skipped " + (result.unknown() + result.malformed()) +
                    " unreadable journal records");
            }
            if (result.entries().isEmpty())
            {
                err.println(PREFIX + "no session matched (" + result.records() + " journal records read)");
                err.flush();
                return Main.EXIT_FAILURE;
            }
            return Main.EXIT_OK;
        }
        catch (final UsageError ex)
        {
            err.println(PREFIX + ex.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        }
    }

    private Path journalDir()
    {
        if (!unmatched.isEmpty())
        {
            throw new UsageError("unknown argument '" + unmatched.get(0) + "' (see --help)");
        }
        final String text;
        if (null != dir)
        {
            text = require("--dir", dir);
        }
        else if (null != configFile)
        {
            try
            {
                text = GatewayConfig.load(Path.of(require("--config", configFile))).string("journal.dir");
            }
            catch (final ConfigException ex)
            {
                throw new UsageError("configuration: " + ex.getMessage());
            }
        }
        else
        {
            text = ConfigKey.find("journal.dir").defaultValue();
        }
        final Path path = Path.of(text);
        if (!Files.isDirectory(path))
        {
            throw new UsageError("no journal directory " + path);
        }
        if (!Files.isRegularFile(path.resolve("metadata.cq4t")))
        {
            throw new UsageError(path + " is not a journal (no metadata.cq4t)");
        }
        return path;
    }

    private NatLogQuery query()
    {
        final NatLogQuery query = new NatLogQuery();
        if (null != outside)
        {
            final int[] endpoint = endpoint("--outside", require("--outside", outside));
            query.outside(endpoint[0], endpoint[1]);
        }
        if (null != inside)
        {
            final int[] endpoint = endpoint("--inside", require("--inside", inside));
            query.inside(endpoint[0], endpoint[1]);
        }
        if (null != protocol)
        {
            query.protocol(switch (require("--protocol", protocol).toLowerCase(Locale.ROOT))
            {
                case "tcp" -> 6;
                case "udp" -> 17;
                case "icmp" -> 1;
                default -> throw new UsageError("--protocol must be tcp, udp or icmp, not '" + protocol + "'");
            });
        }
        if (null != at && (null != from || null != to))
        {
            throw new UsageError("give either --at or --from/--to, not both");
        }
        if (null != at)
        {
            query.at(time("--at", require("--at", at)));
        }
        else if (null != from || null != to)
        {
            final long fromNs = null == from ? Long.MIN_VALUE : time("--from", require("--from", from));
            final long toNs = null == to ? Long.MAX_VALUE : time("--to", require("--to", to));
            if (fromNs >= toNs)
            {
                throw new UsageError("--from must be before --to");
            }
            query.between(fromNs, toNs);
        }
        return query;
    }

    private static String require(final String option, final String value)
    {
        if (value.isBlank())
        {
            throw new UsageError(option + " needs a value");
        }
        return value.trim();
    }

    /**
     * Parse {@code ADDR} or {@code ADDR:PORT}.
     *
     * @param option option name, for errors.
     * @param text   the value.
     * @return {address, port or -1}.
     */
    static int[] endpoint(final String option, final String text)
    {
        final int colon = text.indexOf(':');
        final String address = colon < 0 ? text : text.substring(0, colon);
        final int ip;
        try
        {
            ip = ValueType.parseIpv4(option, address);
        }
        catch (final ConfigException ex)
        {
            throw new UsageError(option + ": '" + text + "' is not ADDR or ADDR:PORT (e.g. 198.51.100.2:40001)");
        }
        int port = -1;
        if (colon >= 0)
        {
            try
            {
                port = Integer.parseInt(text.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                port = -2;
            }
            if (port < 0 || port > 65535)
            {
                throw new UsageError(option + ": port in '" + text + "' must be 0-65535");
            }
        }
        return new int[]{ip, port};
    }

    /**
     * Parse an ISO-8601 time with a zone or offset, or epoch seconds (with an optional fraction).
     *
     * @param option option name, for errors.
     * @param text   the value.
     * @return epoch nanoseconds.
     */
    static long time(final String option, final String text)
    {
        try
        {
            if (text.matches("\\d{1,12}(\\.\\d{1,9})?"))
            {
                final int dot = text.indexOf('.');
                final long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
                final long nanos = dot < 0 ? 0 : Long.parseLong((text.substring(dot + 1) + "00000000").substring(0, 9));
                return seconds * 1_000_000_000L + nanos;
            }
            final Instant instant = ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeException | ArithmeticException ex)
        {
            throw new UsageError(option + ": '" + text +
                "' is not a time (ISO-8601 with a zone such as 2026-11-29T15:04:05Z, or epoch seconds)");
        }
    }

    private static void quietChronicleLogging()
    {
        // Chronicle logs its start-up at INFO (library versions, file mappings); a query's stderr is for the user.
        // The simple logger reads this when Chronicle's first logger is created, which happens after this point.
        if (null == System.getProperty("org.slf4j.simpleLogger.log.net.openhft"))
        {
            System.setProperty("org.slf4j.simpleLogger.log.net.openhft", "warn");
        }
    }
}

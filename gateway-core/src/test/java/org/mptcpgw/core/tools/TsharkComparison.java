package org.mptcpgw.core.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs Debian's tshark over a capture and compares its fields, frame by frame and field by field, with what
 * {@link PcapDecoder} prints for the same capture.
 * <p>
 * A field is compared as the list of all its occurrences in the frame, in wire order (tshark's
 * {@code -E occurrence=a}), against the list built from the decoder's JSON in the same order. Numbers are
 * compared by value (tshark prints some in hex). Header fields that occur again inside ICMP errors (addresses,
 * ports) are compared on their first occurrence. One documented exception: tshark 4.0 does not dissect the DSS
 * checksum of these captures (the field stays empty even where tcpdump prints it), so the checksum is compared
 * only when tshark prints it; the DSS checksums are verified against protocol.md instead (MptcpCryptoTest).
 */
final class TsharkComparison
{
    /** Result of one capture's comparison. */
    static final class Result
    {
        final List<String> mismatches = new ArrayList<>();
        final Map<String, Integer> comparedValues = new TreeMap<>();
        int frames;

        int compared(final String field)
        {
            return comparedValues.getOrDefault(field, 0);
        }

        @Override
        public String toString()
        {
            return frames + " frames, compared " + comparedValues + ", mismatches " + mismatches;
        }
    }

    private static final String[] FIRST_ONLY = {
        "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw",
        "tcp.ack_raw", "tcp.window_size_value"};

    private static final Map<String, BiConsumer<Map<String, Object>, List<String>>> FIELDS = fields();

    private TsharkComparison()
    {
    }

    static boolean tsharkAvailable()
    {
        return Files.isExecutable(Paths.get("/usr/bin/tshark"));
    }

    static Result compare(final Path pcap) throws IOException, InterruptedException
    {
        final List<Map<String, Object>> mine = decode(pcap);
        final List<String[]> theirs = tshark(pcap);
        final Result result = new Result();
        result.frames = mine.size();
        if (mine.size() != theirs.size())
        {
            result.mismatches.add("frame count: decoder " + mine.size() + ", tshark " + theirs.size());
            return result;
        }
        final String[] names = FIELDS.keySet().toArray(new String[0]);
        for (int f = 0; f < mine.size(); f++)
        {
            final Map<String, Object> frame = mine.get(f);
            final String[] row = theirs.get(f);
            for (int c = 0; c < names.length; c++)
            {
                final String name = names[c];
                final List<String> expected = split(c < row.length ? row[c] : "");
                final List<String> actual = new ArrayList<>();
                FIELDS.get(name).accept(frame, actual);
                List<String> tsharkValues = expected;
                if (Arrays.asList(FIRST_ONLY).contains(name) && expected.size() > 1)
                {
                    tsharkValues = expected.subList(0, 1);
                }
                if ("tcp.options.mptcp.checksum".equals(name) && expected.isEmpty())
                {
                    continue;
                }
                if (!normalise(tsharkValues).equals(normalise(actual)))
                {
                    result.mismatches.add(pcap.getFileName() + " frame " + (f + 1) + " " + name + ": tshark " +
                        tsharkValues + ", decoder " + actual);
                }
                else if (!actual.isEmpty())
                {
                    result.comparedValues.merge(name, actual.size(), Integer::sum);
                }
            }
        }
        return result;
    }

    static List<Map<String, Object>> decode(final Path pcap) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            new PcapDecoder().decode(pcap, out);
        }
        final List<Map<String, Object>> frames = new ArrayList<>();
        for (final String line : bytes.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isEmpty())
            {
                frames.add(MiniJson.object(line));
            }
        }
        return frames;
    }

    private static List<String[]> tshark(final Path pcap) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(Arrays.asList("/usr/bin/tshark", "-n",
            "-o", "tcp.relative_sequence_numbers:FALSE", "-r", pcap.toString(), "-T", "fields",
            "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (final String name : FIELDS.keySet())
        {
            command.add("-e");
            command.add(name);
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] out;
        try (InputStream in = process.getInputStream())
        {
            out = in.readAllBytes();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("tshark timed out on " + pcap);
        }
        if (0 != process.exitValue())
        {
            throw new IOException("tshark exited with " + process.exitValue() + " on " + pcap);
        }
        final List<String[]> rows = new ArrayList<>();
        for (final String line : new String(out, StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isEmpty())
            {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static List<String> split(final String value)
    {
        return value.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(value.split(",")));
    }

    private static List<String> normalise(final List<String> values)
    {
        final List<String> out = new ArrayList<>(values.size());
        for (final String v : values)
        {
            out.add(normalise(v));
        }
        return out;
    }

    private static String normalise(final String value)
    {
        final String v = value.trim();
        try
        {
            if (v.startsWith("0x"))
            {
                return new BigInteger(v.substring(2), 16).toString();
            }
            if (v.matches("-?\\d+"))
            {
                return new BigInteger(v).toString();
            }
        }
        catch (final NumberFormatException ignore)
        {
            return v;
        }
        switch (v)
        {
            case "True":
            case "true":
                return "1";
            case "False":
            case "false":
                return "0";
            default:
                return v.replace(":", "").toLowerCase();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> mptcp(final Map<String, Object> frame)
    {
        final Object list = frame.get("mptcp");
        return null == list ? List.of() : (List<Map<String, Object>>)list;
    }

    private static void scalar(final Map<String, Object> frame, final String key, final List<String> out)
    {
        final Object value = frame.get(key);
        if (null != value)
        {
            out.add(value.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tcpOptions(final Map<String, Object> frame)
    {
        final Object o = frame.get("tcpOptions");
        return null == o ? Map.of() : (Map<String, Object>)o;
    }

    private static void option(
        final Map<String, Object> frame, final String subtype, final String key, final List<String> out)
    {
        for (final Map<String, Object> o : mptcp(frame))
        {
            if (Boolean.TRUE.equals(o.get("valid")) && (null == subtype || subtype.equals(o.get("subtype"))))
            {
                final Object v = o.get(key);
                if (v instanceof List)
                {
                    for (final Object e : (List<?>)v)
                    {
                        out.add(e.toString());
                    }
                }
                else if (v instanceof Boolean)
                {
                    out.add((Boolean)v ? "1" : "0");
                }
                else if (null != v)
                {
                    out.add(v.toString());
                }
            }
        }
    }

    private static Map<String, BiConsumer<Map<String, Object>, List<String>>> fields()
    {
        final Map<String, BiConsumer<Map<String, Object>, List<String>>> f = new LinkedHashMap<>();
        f.put("frame.number", (j, out) -> scalar(j, "frame", out));
        f.put("ip.src", (j, out) -> ip(j, 4, "src", out));
        f.put("ip.dst", (j, out) -> ip(j, 4, "dst", out));
        f.put("ipv6.src", (j, out) -> ip(j, 6, "src", out));
        f.put("ipv6.dst", (j, out) -> ip(j, 6, "dst", out));
        f.put("tcp.srcport", (j, out) -> tcp(j, "srcPort", out));
        f.put("tcp.dstport", (j, out) -> tcp(j, "dstPort", out));
        f.put("tcp.flags", (j, out) -> tcp(j, "tcpFlags", out));
        f.put("tcp.seq_raw", (j, out) -> tcp(j, "seq", out));
        f.put("tcp.ack_raw", (j, out) -> tcp(j, "ack", out));
        f.put("tcp.window_size_value", (j, out) -> tcp(j, "window", out));
        f.put("tcp.options.mss_val", (j, out) -> scalar(tcpOptions(j), "mss", out));
        f.put("tcp.options.wscale.shift", (j, out) -> scalar(tcpOptions(j), "wscale", out));
        f.put("tcp.options.timestamp.tsval", (j, out) -> scalar(tcpOptions(j), "tsval", out));
        f.put("tcp.options.timestamp.tsecr", (j, out) -> scalar(tcpOptions(j), "tsecr", out));
        f.put("tcp.options.sack_le", (j, out) -> sack(j, 0, out));
        f.put("tcp.options.sack_re", (j, out) -> sack(j, 1, out));
        mptcpFields(f);
        return f;
    }

    private static void mptcpFields(final Map<String, BiConsumer<Map<String, Object>, List<String>>> f)
    {
        f.put("tcp.options.mptcp.subtype", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if (null != o.get("subtypeId"))
                {
                    out.add(o.get("subtypeId").toString());
                }
            }
        });
        f.put("tcp.options.mptcp.version", (j, out) -> option(j, "MP_CAPABLE", "version", out));
        f.put("tcp.options.mptcp.checksumreq.flags", (j, out) -> option(j, "MP_CAPABLE", "checksumRequired", out));
        f.put("tcp.options.mptcp.sendkey", (j, out) -> option(j, "MP_CAPABLE", "senderKey", out));
        f.put("tcp.options.mptcp.recvkey", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if (Boolean.TRUE.equals(o.get("valid")) && null != o.get("receiverKey"))
                {
                    out.add(o.get("receiverKey").toString());
                }
            }
        });
        f.put("mptcp.expected_token", (j, out) -> option(j, "MP_CAPABLE", "senderToken", out));
        f.put("tcp.options.mptcp.backup.flag", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if (Boolean.TRUE.equals(o.get("valid")) && null != o.get("backup"))
                {
                    out.add((Boolean)o.get("backup") ? "1" : "0");
                }
            }
        });
        f.put("tcp.options.mptcp.addrid", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if (Boolean.TRUE.equals(o.get("valid")))
                {
                    if (null != o.get("addressId"))
                    {
                        out.add(o.get("addressId").toString());
                    }
                    else if (o.get("addressIds") instanceof List)
                    {
                        for (final Object id : (List<?>)o.get("addressIds"))
                        {
                            out.add(id.toString());
                        }
                    }
                }
            }
        });
        f.put("tcp.options.mptcp.recvtok", (j, out) -> option(j, "MP_JOIN", "token", out));
        f.put("tcp.options.mptcp.sendrand", (j, out) -> option(j, "MP_JOIN", "nonce", out));
        f.put("tcp.options.mptcp.sendtrunchmac", (j, out) -> option(j, "MP_JOIN", "truncatedHmac", out));
        f.put("tcp.options.mptcp.sendhmac", (j, out) -> option(j, "MP_JOIN", "hmac", out));
        addressFields(f);
    }

    private static void addressFields(final Map<String, BiConsumer<Map<String, Object>, List<String>>> f)
    {
        f.put("tcp.options.mptcp.rawdataack", (j, out) -> option(j, "DSS", "dataAck", out));
        f.put("tcp.options.mptcp.rawdataseqno", (j, out) -> option(j, "DSS", "dsn", out));
        f.put("tcp.options.mptcp.subflowseqno", (j, out) -> option(j, "DSS", "ssn", out));
        f.put("tcp.options.mptcp.datalvllen", (j, out) -> option(j, null, "dataLevelLength", out));
        f.put("tcp.options.mptcp.checksum", (j, out) -> option(j, null, "checksum", out));
        f.put("tcp.options.mptcp.datafin.flag", (j, out) -> option(j, "DSS", "dataFin", out));
        f.put("tcp.options.mptcp.ipver", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if ("ADD_ADDR".equals(o.get("subtype")) && Boolean.TRUE.equals(o.get("valid")) &&
                    BigInteger.ZERO.equals(o.get("version")))
                {
                    out.add(o.get("ipVersion").toString());
                }
            }
        });
        f.put("tcp.options.mptcp.echo", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if ("ADD_ADDR".equals(o.get("subtype")) && Boolean.TRUE.equals(o.get("valid")) &&
                    BigInteger.ONE.equals(o.get("version")))
                {
                    out.add((Boolean)o.get("echo") ? "1" : "0");
                }
            }
        });
        f.put("tcp.options.mptcp.ipv4", (j, out) -> addAddress(j, 4, out));
        f.put("tcp.options.mptcp.ipv6", (j, out) -> addAddress(j, 6, out));
        f.put("tcp.options.mptcp.port", (j, out) -> option(j, "ADD_ADDR", "port", out));
        f.put("tcp.options.mptcp.addaddrtrunchmac", (j, out) -> option(j, "ADD_ADDR", "hmac", out));
        f.put("mptcp.rm_addr.count", (j, out) ->
        {
            for (final Map<String, Object> o : mptcp(j))
            {
                if ("REMOVE_ADDR".equals(o.get("subtype")) && o.get("addressIds") instanceof List)
                {
                    out.add(Integer.toString(((List<?>)o.get("addressIds")).size()));
                }
            }
        });
        f.put("tcp.options.mptcp.flag_T.flag", (j, out) -> option(j, "MP_TCPRST", "transient", out));
        f.put("tcp.options.mptcp.rst_reason", (j, out) -> option(j, "MP_TCPRST", "reason", out));
    }

    private static void ip(final Map<String, Object> frame, final int version, final String key,
        final List<String> out)
    {
        if (BigInteger.valueOf(version).equals(frame.get("ipVersion")))
        {
            scalar(frame, key, out);
        }
    }

    private static void tcp(final Map<String, Object> frame, final String key, final List<String> out)
    {
        if (null != frame.get("tcpFlags"))
        {
            scalar(frame, key, out);
        }
    }

    private static void sack(final Map<String, Object> frame, final int edge, final List<String> out)
    {
        final Object sack = tcpOptions(frame).get("sack");
        if (sack instanceof List)
        {
            final List<?> edges = (List<?>)sack;
            for (int i = edge; i < edges.size(); i += 2)
            {
                out.add(edges.get(i).toString());
            }
        }
    }

    private static void addAddress(final Map<String, Object> frame, final int version, final List<String> out)
    {
        for (final Map<String, Object> o : mptcp(frame))
        {
            if ("ADD_ADDR".equals(o.get("subtype")) && Boolean.TRUE.equals(o.get("valid")) &&
                BigInteger.valueOf(version).equals(o.get("ipVersion")))
            {
                out.add(o.get("address").toString());
            }
        }
    }
}

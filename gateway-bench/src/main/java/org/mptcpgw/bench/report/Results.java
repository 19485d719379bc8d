package org.mptcpgw.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of one run of scripts/bench.sh: the {@code key=value} lines of {@code results.kv} (a later line
 * replaces an earlier one), with typed access. A value may be a space-separated list of numbers (the rounds of a
 * measurement). A missing key or a value that is not a number reads as NaN, so that the report says "not measured"
 * instead of failing.
 */
public final class Results
{
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param lines lines of {@code results.kv}.
     */
    public Results(final List<String> lines)
    {
        for (final String line : lines)
        {
            final int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#"))
            {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
    }

    /**
     * @param file a {@code results.kv} file.
     * @return its measurements.
     * @throws IOException if it cannot be read.
     */
    public static Results load(final Path file) throws IOException
    {
        return new Results(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * @param key key.
     * @return true when the key is present.
     */
    public boolean has(final String key)
    {
        return values.containsKey(key);
    }

    /**
     * @param key      key.
     * @param fallback value when absent.
     * @return the text value.
     */
    public String text(final String key, final String fallback)
    {
        return values.getOrDefault(key, fallback);
    }

    /**
     * @param key key.
     * @return the value as a number (the first of a list), or NaN.
     */
    public double number(final String key)
    {
        final double[] list = numbers(key);
        return list.length > 0 ? list[0] : Double.NaN;
    }

    /**
     * @param key key.
     * @return the space-separated numbers of the value (empty when absent; NaN for a word that is no number).
     */
    public double[] numbers(final String key)
    {
        final String value = values.get(key);
        if (null == value || value.isBlank())
        {
            return new double[0];
        }
        return Arrays.stream(value.trim().split("\\s+")).mapToDouble(Results::parse).toArray();
    }

    /**
     * @param key key of a list.
     * @return the median of its numbers, or NaN.
     */
    public double median(final String key)
    {
        return median(numbers(key));
    }

    /**
     * @param key key of a list.
     * @return the mean of its numbers, or NaN.
     */
    public double mean(final String key)
    {
        final double[] v = numbers(key);
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /**
     * @param prefix key prefix.
     * @return every key starting with it, in file order.
     */
    public List<String> keys(final String prefix)
    {
        return values.keySet().stream().filter((k) -> k.startsWith(prefix)).toList();
    }

    /**
     * @param values numbers.
     * @return their median (mean of the two middle ones for an even count), or NaN when empty.
     */
    public static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double parse(final String word)
    {
        try
        {
            return Double.parseDouble(word);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}

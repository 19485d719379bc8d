package org.mptcpgw.bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart drawn with Java2D into a {@link BufferedImage} and written as PNG (headless): series of points
 * with markers, linear or base-10 logarithmic x axis, linear y axis from zero, grid, legend, and shaded x intervals
 * (e.g. "link down"). Enough for the report's two plots without a charting dependency.
 */
public final class LineChart
{
    /** Width of the image in pixels. */
    public static final int WIDTH = 960;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 540;

    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD),
        new Color(0x8C564B)};
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private record Series(String name, double[] x, double[] y, boolean dashed)
    {
    }

    private record Band(double from, double to, String label)
    {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private boolean logX;

    /**
     * @param title  title above the plot.
     * @param xLabel label of the x axis, with its unit.
     * @param yLabel label of the y axis, with its unit.
     */
    public LineChart(final String title, final String xLabel, final String yLabel)
    {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * @param log true for a base-10 logarithmic x axis (x values must be positive).
     * @return this for a fluent API.
     */
    public LineChart logX(final boolean log)
    {
        this.logX = log;
        return this;
    }

    /**
     * Add a series; points with a NaN coordinate are skipped.
     *
     * @param name   legend text.
     * @param x      x values.
     * @param y      y values, as many as x.
     * @param dashed true to draw the line dashed.
     * @return this for a fluent API.
     */
    public LineChart series(final String name, final double[] x, final double[] y, final boolean dashed)
    {
        if (x.length != y.length)
        {
            throw new IllegalArgumentException("x and y differ in length for " + name);
        }
        series.add(new Series(name, x.clone(), y.clone(), dashed));
        return this;
    }

    /**
     * Shade an x interval.
     *
     * @param from  start.
     * @param to    end.
     * @param label text written in the band.
     * @return this for a fluent API.
     */
    public LineChart band(final double from, final double to, final String label)
    {
        bands.add(new Band(from, to, label));
        return this;
    }

    /**
     * @return the number of series with at least one point.
     */
    public int plottedSeries()
    {
        int n = 0;
        for (final Series s : series)
        {
            n += hasPoints(s) ? 1 : 0;
        }
        return n;
    }

    /**
     * @return the chart drawn.
     */
    public BufferedImage render()
    {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        }
        finally
        {
            g.dispose();
        }
        return image;
    }

    /**
     * Render and write a PNG.
     *
     * @param file where to write.
     * @throws IOException if it cannot be written.
     */
    public void write(final Path file) throws IOException
    {
        if (!ImageIO.write(render(), "png", file.toFile()))
        {
            throw new IOException("no PNG writer");
        }
    }

    private void draw(final Graphics2D g)
    {
        final double[] xRange = range(true);
        final double[] yRange = range(false);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(font.deriveFont(Font.BOLD, 16f));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, TOP - 20);
        g.setFont(font);
        final FontMetrics metrics = g.getFontMetrics();

        for (final Band band : bands)
        {
            final int x0 = xPixel(band.from, xRange, plotWidth);
            final int x1 = xPixel(band.to, xRange, plotWidth);
            g.setColor(new Color(0xEE, 0xEE, 0xEE));
            g.fillRect(Math.min(x0, x1), TOP, Math.abs(x1 - x0), plotHeight);
            g.setColor(Color.DARK_GRAY);
            g.drawString(band.label, Math.min(x0, x1) + 4, TOP + 16);
        }

        g.setStroke(new BasicStroke(1f));
        for (final double tick : ticks(yRange[0], yRange[1], false))
        {
            final int y = yPixel(tick, yRange, plotHeight);
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.BLACK);
            final String text = format(tick);
            g.drawString(text, LEFT - 8 - metrics.stringWidth(text), y + metrics.getAscent() / 2 - 1);
        }
        for (final double tick : ticks(xRange[0], xRange[1], logX))
        {
            final int x = xPixel(tick, xRange, plotWidth);
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.BLACK);
            final String text = format(tick);
            g.drawString(text, x - metrics.stringWidth(text) / 2, TOP + plotHeight + metrics.getAscent() + 6);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.drawString(xLabel, LEFT + (plotWidth - metrics.stringWidth(xLabel)) / 2, HEIGHT - 14);
        final Graphics2D rotated = (Graphics2D)g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (plotHeight + metrics.stringWidth(yLabel)) / 2), 20);
        rotated.dispose();

        for (int s = 0; s < series.size(); s++)
        {
            drawSeries(g, series.get(s), PALETTE[s % PALETTE.length], xRange, yRange, plotWidth, plotHeight);
        }
        drawLegend(g, metrics, plotWidth);
    }

    private void drawSeries(
        final Graphics2D g, final Series s, final Color color, final double[] xRange, final double[] yRange,
        final int plotWidth, final int plotHeight)
    {
        g.setColor(color);
        g.setStroke(s.dashed ?
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 5f}, 0f) :
            new BasicStroke(2f));
        final Path2D.Double line = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < s.x.length; i++)
        {
            if (Double.isNaN(s.x[i]) || Double.isNaN(s.y[i]))
            {
                started = false;
                continue;
            }
            final int x = xPixel(s.x[i], xRange, plotWidth);
            final int y = yPixel(s.y[i], yRange, plotHeight);
            if (started)
            {
                line.lineTo(x, y);
            }
            else
            {
                line.moveTo(x, y);
                started = true;
            }
            g.fillOval(x - 3, y - 3, 6, 6);
        }
        g.draw(line);
    }

    /**
     * Legend of the series that have points (a series keeps its colour whether or not others are shown).
     */
    private void drawLegend(final Graphics2D g, final FontMetrics metrics, final int plotWidth)
    {
        final List<Integer> shown = new ArrayList<>();
        int width = 0;
        for (int s = 0; s < series.size(); s++)
        {
            if (hasPoints(series.get(s)))
            {
                shown.add(s);
                width = Math.max(width, metrics.stringWidth(series.get(s).name));
            }
        }
        if (shown.isEmpty())
        {
            return;
        }
        final int lineHeight = metrics.getHeight() + 2;
        final int boxWidth = width + 44;
        final int x = LEFT + plotWidth - boxWidth - 8;
        final int y = TOP + 8;
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, boxWidth, lineHeight * shown.size() + 8);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, boxWidth, lineHeight * shown.size() + 8);
        for (int row = 0; row < shown.size(); row++)
        {
            final int s = shown.get(row);
            final int rowY = y + 4 + lineHeight * row + lineHeight / 2;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(series.get(s).dashed ?
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 5f}, 0f) :
                new BasicStroke(2f));
            g.drawLine(x + 8, rowY, x + 32, rowY);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name, x + 38, rowY + metrics.getAscent() / 2 - 1);
        }
    }

    private static boolean hasPoints(final Series s)
    {
        for (int i = 0; i < s.x.length; i++)
        {
            if (!Double.isNaN(s.x[i]) && !Double.isNaN(s.y[i]))
            {
                return true;
            }
        }
        return false;
    }

    private double[] range(final boolean xAxis)
    {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final Series s : series)
        {
            final double[] v = xAxis ? s.x : s.y;
            final double[] other = xAxis ? s.y : s.x;
            for (int i = 0; i < v.length; i++)
            {
                if (!Double.isNaN(v[i]) && !Double.isNaN(other[i]))
                {
                    min = Math.min(min, v[i]);
                    max = Math.max(max, v[i]);
                }
            }
        }
        if (xAxis)
        {
            for (final Band b : bands)
            {
                min = Math.min(min, Math.min(b.from, b.to));
                max = Math.max(max, Math.max(b.from, b.to));
            }
        }
        if (min > max)
        {
            return xAxis && logX ? new double[]{1, 10} : new double[]{0, 1};
        }
        if (xAxis && logX)
        {
            final double low = Math.floor(Math.log10(min));
            final double high = Math.ceil(Math.log10(max));
            // A single decade (one point) is widened to one on each side, so that the point is not on the frame.
            return low == high ? new double[]{Math.pow(10, low - 1), Math.pow(10, high + 1)} :
                new double[]{Math.pow(10, low), Math.pow(10, high)};
        }
        if (!xAxis)
        {
            // y from zero, with headroom for the legend.
            min = Math.min(0, min);
            max = max <= min ? min + 1 : max * 1.25;
        }
        else if (max == min)
        {
            max = min + 1;
        }
        return new double[]{min, niceCeiling(max, max - min)};
    }

    private int xPixel(final double x, final double[] range, final int plotWidth)
    {
        final double f = logX ?
            (Math.log10(x) - Math.log10(range[0])) / (Math.log10(range[1]) - Math.log10(range[0])) :
            (x - range[0]) / (range[1] - range[0]);
        return LEFT + (int)Math.round(f * plotWidth);
    }

    private static int yPixel(final double y, final double[] range, final int plotHeight)
    {
        final double f = (y - range[0]) / (range[1] - range[0]);
        return TOP + plotHeight - (int)Math.round(f * plotHeight);
    }

    private static double step(final double span)
    {
        final double raw = span / 6;
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double n = raw / magnitude;
        return magnitude * (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10);
    }

    private static double niceCeiling(final double max, final double span)
    {
        final double step = step(span);
        return Math.ceil(max / step - 1e-9) * step;
    }

    private static List<Double> ticks(final double min, final double max, final boolean log)
    {
        final List<Double> ticks = new ArrayList<>();
        if (log)
        {
            for (double t = min; t <= max * 1.0001; t *= 10)
            {
                ticks.add(t);
            }
            return ticks;
        }
        final double step = step(max - min);
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-6; t += step)
        {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    static String format(final double v)
    {
        if (v >= 1e6 && v == Math.rint(v))
        {
            return (v % 1e6 == 0 ? String.valueOf((long)(v / 1e6)) : String.valueOf(v / 1e6)) + "M";
        }
        if (v >= 1e3 && v == Math.rint(v) && v % 1e3 == 0)
        {
            return (long)(v / 1e3) + "k";
        }
        if (v == Math.rint(v))
        {
            return String.valueOf((long)v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

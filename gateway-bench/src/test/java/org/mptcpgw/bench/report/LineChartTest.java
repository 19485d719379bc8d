package org.mptcpgw.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartTest
{
    static final int WHITE = 0xFFFFFF;

    @Test
    void shouldWriteAPngOfTheChartSize(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("chart.png");
        new LineChart("t", "x (s)", "y (Mbit/s)").series("a", new double[]{0, 1, 2}, new double[]{1, 3, 2}, false)
            .write(file);
        final BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LineChart.WIDTH, image.getWidth());
        assertEquals(LineChart.HEIGHT, image.getHeight());
    }

    @Test
    void shouldDrawTheSeriesInsideThePlotAndLeaveTheBackgroundWhite()
    {
        final BufferedImage image = new LineChart("", "", "")
            .series("flat", new double[]{0, 10}, new double[]{5, 5}, false).render();
        // The y axis spans 0 to about 1.25 x 5, so y = 5 sits in the upper part of the plot; scan a column there.
        final int x = LineChart.WIDTH / 3;
        int coloured = 0;
        for (int y = 60; y < LineChart.HEIGHT / 2; y++)
        {
            final int rgb = image.getRGB(x, y) & 0xFFFFFF;
            if (rgb != WHITE && isBlue(rgb))
            {
                coloured++;
            }
        }
        assertTrue(coloured >= 1, "the line crosses the column");
        assertEquals(WHITE, image.getRGB(2, 2) & 0xFFFFFF, "corner stays background");
    }

    @Test
    void shouldSkipNaNPointsAndCountOnlySeriesWithPoints()
    {
        final LineChart chart = new LineChart("", "", "").logX(true)
            .series("gap", new double[]{1e4, 1e5, 1e6}, new double[]{20, Double.NaN, 10}, false)
            .series("empty", new double[]{1e4}, new double[]{Double.NaN}, true);
        assertEquals(1, chart.plottedSeries());
        chart.render();
    }

    @Test
    void shouldShadeABand()
    {
        final BufferedImage image = new LineChart("", "", "")
            .series("a", new double[]{0, 20}, new double[]{0, 0}, false).band(5, 10, "down").render();
        // Inside the band, away from the legend and the text, the background is the band's grey.
        final int x = 80 + (int)((960 - 80 - 30) * 7.5 / 20);
        assertEquals(0xEEEEEE, image.getRGB(x, LineChart.HEIGHT / 2) & 0xFFFFFF);
    }

    @Test
    void shouldFormatTicksCompactly()
    {
        assertEquals("10k", LineChart.format(10_000));
        assertEquals("1M", LineChart.format(1_000_000));
        assertEquals("2.5", LineChart.format(2.5));
        assertEquals("0", LineChart.format(0));
    }

    static boolean isBlue(final int rgb)
    {
        return (rgb & 0xFF) > ((rgb >> 16) & 0xFF);
    }
}

package io.dtlsingest.bench;

import io.dtlsingest.bench.BenchMain.Results;
import io.dtlsingest.bench.BenchMain.Results.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the chart of the report with plain Java 2D, headless: throughput of the service and of the
 * echo ceiling against connections on the left, latency percentiles at 50% load on the right.
 */
final class Chart {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 520;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };

    private final Results results;

    Chart(Results results) {
        this.results = results;
    }

    void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        List<Integer> counts = new ArrayList<>(results.service.keySet());
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        throughput.put("dtls-ingest (committed)", series(counts, results.service, -1));
        throughput.put("bare Scandium echo", series(counts, results.echo, -1));
        panel(g, 0, "Datagrams per second (closed loop)", "datagrams/s", counts, throughput);

        Map<String, List<Double>> latency = new LinkedHashMap<>();
        latency.put("p50", series(counts, results.service, 0));
        latency.put("p99", series(counts, results.service, 1));
        latency.put("p99.9", series(counts, results.service, 2));
        panel(g, WIDTH / 2, "Latency at 50% of the maximum", "ms", counts, latency);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** Throughput medians (percentile -1) or latency medians at 50% (0: p50, 1: p99, 2: p999). */
    private static List<Double> series(List<Integer> counts, Map<Integer, Point> points, int p) {
        List<Double> values = new ArrayList<>();
        for (int count : counts) {
            Point point = points.get(count);
            if (point == null) {
                values.add(Double.NaN);
            } else if (p < 0) {
                values.add(point.datagramsPerSecond().median());
            } else {
                String name = new String[] {"p50", "p99", "p999"}[p];
                values.add(Point.latency(point.at50, name).median());
            }
        }
        return values;
    }

    private static void panel(
            Graphics2D g,
            int left,
            String title,
            String unit,
            List<Integer> counts,
            Map<String, List<Double>> series) {
        int x0 = left + 90;
        int x1 = left + WIDTH / 2 - 30;
        int y0 = HEIGHT - 70;
        int y1 = 60;
        double max = 0;
        for (List<Double> values : series.values()) {
            for (double value : values) {
                if (!Double.isNaN(value)) {
                    max = Math.max(max, value);
                }
            }
        }
        max = niceCeiling(max);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, x0, 35);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(x0, y0, x1, y0);
        g.drawLine(x0, y0, x0, y1);
        for (int tick = 0; tick <= 5; tick++) {
            int y = y0 - (y0 - y1) * tick / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(x0 + 1, y, x1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0f", max * tick / 5), left + 15, y + 4);
        }
        g.drawString(unit, left + 15, y1 - 15);
        for (int i = 0; i < counts.size(); i++) {
            int x = xOf(i, counts.size(), x0, x1);
            g.drawString(String.format("%,d", counts.get(i)), x - 15, y0 + 20);
        }
        g.drawString("connections", (x0 + x1) / 2 - 30, y0 + 45);

        int colour = 0;
        int legendY = y1 + 5;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            g.setColor(COLORS[colour++ % COLORS.length]);
            g.setStroke(new BasicStroke(2.5f));
            List<Double> values = entry.getValue();
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < values.size(); i++) {
                if (Double.isNaN(values.get(i))) {
                    previousX = -1;
                    continue;
                }
                int x = xOf(i, values.size(), x0, x1);
                int y = y0 - (int) ((y0 - y1) * values.get(i) / max);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.drawLine(x1 - 200, legendY, x1 - 175, legendY);
            g.drawString(entry.getKey(), x1 - 170, legendY + 4);
            legendY += 18;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int xOf(int index, int count, int x0, int x1) {
        return x0 + 40 + (x1 - x0 - 80) * index / Math.max(1, count - 1);
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

package io.vkv.sim.report;

import io.vkv.sim.workload.Metrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws a run as a PNG (java.awt, headless): operations per second by outcome above, siblings per read below, with
 * each fault period shaded across both and the moments the clients stopped and the cluster converged marked.
 */
public final class TimelinePlot {

    /** Moments to mark with a vertical line, in milliseconds since the run started (negative: absent). */
    public record Marks(long clientsStopped, long converged) {
    }

    private static final int WIDTH = 1200;
    private static final int PANEL = 230;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int GAP = 60;
    private static final int LEGEND = 70;
    private static final Map<String, Color> CONDITION_COLOURS = new LinkedHashMap<>();
    private static final Color WIPED = new Color(170, 20, 20);

    static {
        CONDITION_COLOURS.put("link cut", new Color(230, 80, 60, 60));
        CONDITION_COLOURS.put("link delayed", new Color(240, 170, 40, 60));
        CONDITION_COLOURS.put("broker frozen", new Color(70, 130, 220, 60));
        CONDITION_COLOURS.put("broker down", new Color(120, 60, 200, 60));
        CONDITION_COLOURS.put("node down", new Color(60, 60, 60, 50));
        CONDITION_COLOURS.put("node drained", new Color(60, 170, 120, 45));
        CONDITION_COLOURS.put("node joining", new Color(40, 160, 200, 55));
        CONDITION_COLOURS.put("node leaving", new Color(200, 120, 40, 55));
    }

    private TimelinePlot() {
    }

    /** Writes the plot of {@code seconds} and {@code periods} to {@code file}. */
    public static void write(Path file, String title, List<Metrics.Second> seconds, List<FaultPeriod> periods, Marks marks)
            throws IOException {
        int height = TOP + 2 * PANEL + GAP + LEGEND;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 28);
            double spanSeconds = Math.max(1, Math.max(seconds.size(), Math.max(marks.converged(), marks.clientsStopped()) / 1000.0 + 1));
            Axis x = new Axis(LEFT, WIDTH - RIGHT, spanSeconds);
            int top1 = TOP;
            int top2 = TOP + PANEL + GAP;
            for (int top : new int[] {top1, top2}) {
                shade(g, x, top, periods);
                mark(g, x, top, marks);
            }
            panel(g, x, top1, "operations per second", seconds, new Series[] {
                new Series("answered", new Color(30, 140, 60), s -> s.ok()),
                new Series("failed", new Color(200, 40, 40), s -> s.failed()),
                new Series("unknown", new Color(230, 140, 0), s -> s.unknown())});
            panel(g, x, top2, "siblings per read", seconds, new Series[] {
                new Series("mean", new Color(40, 90, 200), Metrics.Second::meanSiblings),
                new Series("max", new Color(150, 60, 170), s -> s.siblingMax())});
            legend(g, top2 + PANEL + 34);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private record Series(String name, Color colour, ToDoubleFunction<Metrics.Second> value) {
    }

    /** Maps seconds to pixels. */
    private record Axis(int from, int to, double spanSeconds) {
        int px(double second) {
            return from + (int) Math.round((to - from) * second / spanSeconds);
        }
    }

    private static void panel(Graphics2D g, Axis x, int top, String label, List<Metrics.Second> seconds, Series[] series) {
        double max = 1;
        for (Series s : series) {
            for (Metrics.Second sec : seconds) {
                max = Math.max(max, s.value().applyAsDouble(sec));
            }
        }
        max = niceCeiling(max);
        int bottom = top + PANEL;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(225, 225, 225));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - PANEL * i / 4;
            g.drawLine(x.from(), y, x.to(), y);
        }
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - PANEL * i / 4;
            g.drawString(format(max * i / 4), 8, y + 4);
        }
        int step = Math.max(1, (int) Math.ceil(x.spanSeconds() / 20));
        for (int s = 0; s <= x.spanSeconds(); s += step) {
            g.drawLine(x.px(s), bottom, x.px(s), bottom + 4);
            g.drawString(s + "s", x.px(s) - 8, bottom + 16);
        }
        g.drawRect(x.from(), top, x.to() - x.from(), PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(label, x.from() + 6, top + 14);
        g.setStroke(new BasicStroke(1.8f));
        int lx = x.to() - 90 * series.length;
        for (Series s : series) {
            g.setColor(s.colour());
            int prevX = -1;
            int prevY = -1;
            for (Metrics.Second sec : seconds) {
                int px = x.px(sec.second() + 0.5);
                int py = bottom - (int) Math.round(PANEL * s.value().applyAsDouble(sec) / max);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(lx, top + 6, 14, 8);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(s.name(), lx + 18, top + 14);
            lx += 90;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void shade(Graphics2D g, Axis x, int top, List<FaultPeriod> periods) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        int row = 0;
        Map<String, Integer> labelledAt = new LinkedHashMap<>(); // target -> x of its last label: one label per fault
        for (FaultPeriod p : periods) {
            int x1 = x.px(p.startMillis() / 1000.0);
            int x2 = Math.max(x1 + 2, x.px(p.endMillis() / 1000.0));
            Color c = CONDITION_COLOURS.getOrDefault(p.condition(), WIPED);
            if (p.instant()) {
                g.setColor(WIPED);
                g.fillRect(x1 - 1, top, 3, PANEL);
                continue;
            }
            g.setColor(c);
            g.fillRect(x1, top, x2 - x1, PANEL);
            Integer last = labelledAt.get(p.target());
            if (last == null || x1 - last > 30) {
                g.setColor(new Color(90, 90, 90));
                g.drawString(p.target(), x1 + 2, top + 28 + 11 * (row++ % 3));
                labelledAt.put(p.target(), x1);
            }
        }
    }

    private static void mark(Graphics2D g, Axis x, int top, Marks marks) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
        if (marks.clientsStopped() >= 0) {
            line(g, x, top, marks.clientsStopped(), Color.BLACK, "clients stop", PANEL - 16);
        }
        if (marks.converged() >= 0) {
            line(g, x, top, marks.converged(), new Color(0, 120, 0), "converged", PANEL - 4);
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** A vertical line at {@code millis} with its label beside it, on the left when the right edge is near. */
    private static void line(Graphics2D g, Axis x, int top, long millis, Color colour, String label, int labelY) {
        g.setColor(colour);
        int px = x.px(millis / 1000.0);
        g.drawLine(px, top, px, top + PANEL);
        int width = g.getFontMetrics().stringWidth(label);
        g.drawString(label, px + width + 6 > x.to() ? px - width - 3 : px + 3, top + labelY);
    }

    private static void legend(Graphics2D g, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int lx = LEFT;
        for (Map.Entry<String, Color> e : CONDITION_COLOURS.entrySet()) {
            Color c = e.getValue();
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(255, c.getAlpha() * 3)));
            g.fillRect(lx, y - 9, 16, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(e.getKey(), lx + 20, y);
            lx += 40 + g.getFontMetrics().stringWidth(e.getKey());
        }
        g.setColor(WIPED);
        g.fillRect(lx, y - 9, 3, 10);
        g.setColor(Color.DARK_GRAY);
        g.drawString("data wiped", lx + 8, y);
    }

    /** 1, 2, 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

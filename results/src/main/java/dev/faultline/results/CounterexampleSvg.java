package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/** The ops around a counterexample drawn as a small static SVG timeline (one lane per process). */
final class CounterexampleSvg {
    private static final int WIDTH = 1000;
    private static final int GUTTER = 56;
    private static final int ROW = 30;
    private static final int AXIS = 22;
    private static final double CHAR_PX = 6.4;

    private CounterexampleSvg() {}

    static String render(History h, Counterexample c) {
        List<Integer> ops = c.window(h);
        boolean realTime = true;
        for (int i : ops) realTime &= h.get(i).time() >= 0;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        TreeMap<Integer, Integer> lanes = new TreeMap<>();
        for (int i : ops) {
            lanes.put(h.get(i).process(), 0);
            lo = Math.min(lo, t(h, i, realTime));
            int comp = h.completion(i);
            hi = Math.max(hi, comp >= 0 ? t(h, comp, realTime) : t(h, i, realTime));
        }
        long span = Math.max(1, hi - lo);
        long openEnd = hi + span / 10; // ops that never completed run off the right edge
        hi = openEnd;
        span = hi - lo;
        int n = 0;
        for (Integer p : lanes.keySet()) lanes.put(p, n++);
        int height = AXIS + lanes.size() * ROW + 8;
        double k = (WIDTH - GUTTER - 10) / (double) span;
        final long origin = lo;
        final boolean rt = realTime;
        java.util.function.LongToDoubleFunction x = t -> GUTTER + (t - origin) * k;

        Set<Integer> prefix = new HashSet<>(c.prefix());
        StringBuilder b = new StringBuilder(8192);
        b.append("<svg class=\"cex-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"ops around the counterexample\">");
        // axis, relative to the first op drawn
        long step = niceStep(span / 8.0);
        for (long t = 0; t <= span; t += step) {
            double px = x.applyAsDouble(origin + t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"grid\"/>", px, px, AXIS - 4, height));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"13\" class=\"tick\">%s</text>", px,
                    Html.esc(rt ? "+" + Html.nanos(t) : "+" + t / 1000 + " ops")));
        }
        for (var e : lanes.entrySet()) {
            int y = AXIS + e.getValue() * ROW;
            if (e.getValue() % 2 == 1) b.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(WIDTH).append("\" height=\"").append(ROW).append("\" class=\"band\"/>");
            b.append("<text x=\"4\" y=\"").append(y + 19).append("\" class=\"lane\">p").append(e.getKey()).append("</text>");
        }
        for (int i : ops) {
            Op in = h.get(i);
            int comp = h.completion(i);
            Op out = comp >= 0 ? h.get(comp) : null;
            double x0 = x.applyAsDouble(t(h, i, realTime));
            double x1 = out != null ? x.applyAsDouble(t(h, comp, realTime)) : x.applyAsDouble(openEnd);
            double w = Math.max(4, x1 - x0);
            int y = AXIS + lanes.get(in.process()) * ROW + 4;
            String outcome = out == null ? "open" : out.type().wireName();
            boolean failing = i == c.failing();
            String label = (prefix.contains(i) ? "✓ " : failing ? "✗ " : "") + in.f() + " " + OpText.pair(h, i, comp, false);
            b.append("<a href=\"#op-").append(i).append("\"><title>").append(Html.esc("#" + i + " " + ReportPage.describe(h, i)))
                    .append("</title>");
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" class=\"op %s%s\"/>",
                    x0, y, w, ROW - 8, outcome, failing ? " failing" : ""));
            int room = (int) Math.max(w, 160) ;
            int chars = (int) (room / CHAR_PX);
            String shown = label.length() > chars ? label.substring(0, Math.max(1, chars - 1)) + "…" : label;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"label%s\">%s</text>", x0 + 4, y + 15,
                    w >= shown.length() * CHAR_PX + 6 ? " inside" : "", Html.esc(shown)));
            b.append("</a>");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static long t(History h, int i, boolean realTime) {
        return realTime ? h.get(i).time() : i * 1000L;
    }

    static long niceStep(double raw) {
        if (raw <= 1) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * mag >= raw) return (long) (m * mag);
        return (long) (10 * mag);
    }
}

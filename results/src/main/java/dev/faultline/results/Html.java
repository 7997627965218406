package dev.faultline.results;

import java.time.Duration;

/** HTML text helpers. */
final class Html {
    private Html() {}

    static String esc(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes a path for use in an href, segment by segment. */
    static String href(String relativePath) {
        StringBuilder b = new StringBuilder();
        for (String seg : relativePath.split("/", -1)) {
            if (b.length() > 0) b.append('/');
            b.append(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return esc(b.toString());
    }

    /** JSON inside a script element: "</" must not close it. */
    static String scriptJson(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    static String duration(Duration d) {
        if (d == null) return "";
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        long s = ms / 1000;
        if (s < 60) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    static String nanos(long ns) {
        if (ns < 0) return "?";
        if (ns < 1_000) return ns + " ns";
        if (ns < 1_000_000) return String.format(java.util.Locale.ROOT, "%.1f µs", ns / 1e3);
        if (ns < 1_000_000_000) return String.format(java.util.Locale.ROOT, "%.1f ms", ns / 1e6);
        return String.format(java.util.Locale.ROOT, "%.2f s", ns / 1e9);
    }

    static String verdictClass(String verdict) {
        return switch (verdict) {
            case "valid" -> "v-valid";
            case "invalid" -> "v-invalid";
            case "unknown" -> "v-unknown";
            default -> "v-other";
        };
    }

    /** Shared colours and verdict badges for every page we write. */
    static final String BASE_CSS = """
            :root{--ok:#2e9d4a;--fail:#d6453d;--info:#e59a1c;--open:#8a8f98;--fault:rgba(214,69,61,.12);
              --ink:#1d2330;--muted:#5f6775;--line:#dde1e7;--bg:#fff;--panel:#f6f7f9}
            *{box-sizing:border-box}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0}
            main{max-width:1400px;margin:0 auto;padding:16px 24px 48px}
            h1{font-size:22px;margin:8px 0}
            h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
            h3{font-size:15px;margin:16px 0 6px}
            a{color:#1f5fbf}
            code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
            table{border-collapse:collapse}
            th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
            th{background:var(--panel);font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:700;color:#fff;font-size:12.5px;text-transform:uppercase;letter-spacing:.03em}
            .v-valid{background:var(--ok)}.v-invalid{background:var(--fail)}.v-unknown{background:var(--info)}.v-other{background:var(--open)}
            .muted{color:var(--muted)}
            """;
}

package dev.faultline.checkers.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports Jepsen's tab-separated op lines: {@code history.txt} ({@code process TAB type TAB f TAB
 * value [TAB error]}, with EDN fields, e.g. {@code 3	:ok	:cas	[1 4]}) and Jepsen logs, whose op
 * lines carry a logger prefix ({@code INFO  jepsen.util - 3	:ok	:cas	[1 4]}). Older Jepsen
 * versions pad the fields with spaces instead ({@code INFO  jepsen.util - 1   :invoke :write  3}):
 * that is accepted too when the type is a keyword. In a log, lines that are not op lines are
 * skipped; a line that starts like an op but does not parse is an error.
 */
public final class JepsenTextHistory {
    /** Between fields: a tab, or (only before a keyword type and after it) spaces. */
    private static final String TYPE = "(?:\\t:?(?:invoke|ok|fail|info)|\\ +:(?:invoke|ok|fail|info))[\\t ]";
    /** The start of an op: process, then a type keyword. */
    private static final Pattern OP_START = Pattern.compile("(?:^|[\\s:-])(-?\\d+|:nemesis|nemesis)" + TYPE);
    private static final Pattern LINE_START = Pattern.compile("^(-?\\d+|:nemesis|nemesis)(?:\\t:?\\w+\\t|\\ +:(?:invoke|ok|fail|info)[\\t ])");
    private static final Pattern SEPARATOR = Pattern.compile("\\t| +");

    private JepsenTextHistory() {}

    /** Reads a {@code history.txt}: every non-blank line must be an op. */
    public static History readText(Path file) {
        return read(file, false);
    }

    /** Reads the op lines of a Jepsen log. */
    public static History readLog(Path file) {
        return read(file, true);
    }

    /** True if the line is a history.txt op line. */
    static boolean isTextLine(String line) {
        return LINE_START.matcher(line).find();
    }

    /** True if the line carries an op after a log prefix. */
    static boolean isLogLine(String line) {
        return OP_START.matcher(line).find();
    }

    private static History read(Path file, boolean log) {
        OpSink sink = new OpSink(file.toString());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                int start = 0;
                if (log) {
                    Matcher m = OP_START.matcher(line);
                    if (!m.find()) continue;
                    start = m.start(1);
                }
                sink.add(parseOp(line.substring(start), file.toString(), lineNo, start), lineNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (sink.size() == 0) throw new HistoryException(file + ": no op lines found");
        return sink.build();
    }

    private static Op parseOp(String text, String source, int lineNo, int column) {
        String[] parts = SEPARATOR.split(text, 4);
        if (parts.length < 3) throw new HistoryException(source + " line " + lineNo + ": expected 'process TAB type TAB f TAB value', found " + parts.length + " field(s)");
        try {
            int process = EdnOps.process(parts[0].equals("nemesis") ? "nemesis" : single(parts[0], source, lineNo));
            OpType type = OpType.fromWireName(parts[1].startsWith(":") ? parts[1].substring(1) : parts[1]);
            Object f = single(parts[2], source, lineNo);
            if (f == null) throw new IllegalArgumentException("field f: missing");
            Object value = null;
            String error = null;
            if (parts.length == 4) {
                EdnReader r = new EdnReader(parts[3], source, lineNo - 1);
                value = r.skipSpace() ? r.read() : null;
                if (r.skipSpace()) {
                    Object e = r.read();
                    error = e == null ? null : String.valueOf(e);
                    if (r.skipSpace()) throw new IllegalArgumentException("unexpected content after the error field: '" + parts[3].substring(r.position()) + "'");
                }
            }
            return new Op(-1, -1, process, type, String.valueOf(f), null, value, error);
        } catch (IllegalArgumentException e) {
            throw new HistoryException(source + " line " + lineNo + ": " + e.getMessage());
        }
    }

    private static Object single(String field, String source, int lineNo) {
        EdnReader r = new EdnReader(field, source, lineNo - 1);
        Object v = r.read();
        if (r.skipSpace()) throw new IllegalArgumentException("unexpected content in field '" + field + "'");
        return v;
    }
}

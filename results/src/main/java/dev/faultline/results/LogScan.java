package dev.faultline.results;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Searches the node logs a run collected ({@code nodes/<node>/...}) for patterns that mean trouble
 * whatever the history says: panics, uncaught exceptions, failed assertions, "data corruption". Each
 * matching line is listed with node, file and line number; any match makes the result
 * {@code onMatch} (invalid, or unknown by choice).
 */
public final class LogScan {
    public static final String CHECKER = "log-patterns";
    /** Matches kept in the result; the count covers all of them. */
    static final int MAX_MATCHES = 1000;
    private static final int MAX_TEXT = 500;

    /** A pattern and who asked for it ("target raft-kv", "--log-pattern"). */
    public record Source(Pattern pattern, String from) {
    }

    public record Match(String node, String file, long line, String text, String pattern, String from) {
    }

    /** @param matches the first {@link #MAX_MATCHES} matches; {@code count} all of them */
    public record Detail(List<String> patterns, long filesScanned, long count, List<Match> matches) {
    }

    private LogScan() {
    }

    /** @throws IllegalArgumentException naming the pattern if it is not a valid regular expression */
    public static Pattern compile(String what, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " '" + regex + "': not a regular expression: " + e.getDescription());
        }
    }

    /** Scans every regular file under {@code runDir}'s nodes directory; a line is reported once, for the first pattern it matches. */
    public static CheckResult check(Path runDir, List<Source> patterns, Validity onMatch) {
        if (onMatch == Validity.VALID) throw new IllegalArgumentException("a log-pattern match must make the run invalid or unknown");
        Path nodes = RunDir.at(runDir).nodes();
        List<Match> matches = new ArrayList<>();
        long count = 0;
        long files = 0;
        if (Files.isDirectory(nodes) && !patterns.isEmpty()) {
            List<Path> logs;
            try (Stream<Path> s = Files.walk(nodes)) {
                logs = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + nodes + ": " + e.getMessage(), e);
            }
            for (Path file : logs) {
                files++;
                Path rel = nodes.relativize(file);
                String node = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
                String name = rel.getNameCount() > 1 ? rel.subpath(1, rel.getNameCount()).toString() : rel.toString();
                count += scan(file, node, name, patterns, matches);
            }
        }
        List<String> shown = patterns.stream().map(p -> p.pattern().pattern()).toList();
        Detail detail = new Detail(shown, files, count, List.copyOf(matches));
        if (patterns.isEmpty()) return new CheckResult(CHECKER, Validity.VALID, "no log patterns declared", detail, List.of());
        if (count == 0) {
            return new CheckResult(CHECKER, Validity.VALID, "no line of " + files + " node log files matches " + patterns.size()
                    + " pattern" + (patterns.size() == 1 ? "" : "s"), detail, List.of());
        }
        Match first = matches.get(0);
        return new CheckResult(CHECKER, onMatch, count + " log line" + (count == 1 ? "" : "s") + " match" + (count == 1 ? "es" : "")
                + " a failure pattern, first " + first.node() + " " + first.file() + ":" + first.line() + ": " + first.text(), detail, List.of());
    }

    private static long scan(Path file, String node, String name, List<Source> patterns, List<Match> out) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        long found = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                for (Source p : patterns) {
                    if (!p.pattern().matcher(line).find()) continue;
                    found++;
                    if (out.size() < MAX_MATCHES) {
                        String text = line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "…" : line;
                        out.add(new Match(node, name, n, text.strip(), p.pattern().pattern(), p.from()));
                    }
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return found;
    }
}

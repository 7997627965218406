package dev.faultline.nemesis.clock;

import dev.faultline.nemesis.NodeScripts;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-node libfaketime control file that target processes are started with
 * ({@code FAKETIME_TIMESTAMP_FILE}). Writes are atomic (temp file, then {@code mv}) so a target
 * never reads a half-written offset. Only this file changes: the node's and the host's real
 * clocks are never touched.
 */
public final class ClockFile {
    /** Where the harness's {@link Daemon} points libfaketime. */
    public static final String DEFAULT_PATH = Daemon.CLOCK_FILE;

    /** Environment for a one-off command that should read the clock as the target does. */
    static final String FAKETIME_ENV = "FAKETIME_CACHE_DURATION=0 FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0";

    /** First line of every strobe script (followed by ":" and the file), so that a leftover strobe can be found and stopped. */
    static final String STROBE_MARK = "# faultline-strobe";

    private final String path;

    public ClockFile(String path) {
        this.path = Shell.word("clock file path", path);
        if (!path.startsWith("/")) throw new IllegalArgumentException("clock file path must be absolute: " + path);
    }

    public String path() {
        return path;
    }

    /** This file as commands on {@code node} see it (local sandboxes map node paths under their own root). */
    private ClockFile on(Node node) {
        String mapped = node.remote().nodePath(path);
        return mapped.equals(path) ? this : new ClockFile(mapped);
    }

    /** The offset in the node's file (0 when there is no file yet). */
    public ClockOffset read(Node node, Duration timeout) {
        String p = on(node).path;
        return ClockOffset.parse(NodeScripts.run(node, "reading " + p, "cat " + p + " 2>/dev/null || true", timeout));
    }

    /** Atomically replaces the node's offset; returns the text written. */
    public String write(Node node, ClockOffset offset, Duration timeout) {
        String text = offset.fileText();
        ClockFile f = on(node);
        NodeScripts.run(node, "writing " + f.path, f.writeScript(text) + "cat " + f.path + "\n", timeout);
        return text;
    }

    String writeScript(String text) {
        if (!ClockOffset.WRITABLE.matcher(text).matches()) {
            throw new IllegalArgumentException("refusing to write clock offset '" + text + "': libfaketime needs a signed value");
        }
        return "set -e\nmkdir -p \"$(dirname " + path + ")\"\n"
                + "printf '%s\\n' '" + text + "' > " + path + ".tmp.$$\n"
                + "mv -f " + path + ".tmp.$$ " + path + "\n";
    }

    /**
     * Flips the node's offset between {@code base} and {@code base + delta} every {@code period},
     * for at most {@code duration} and at most {@code maxFlips} writes, then restores {@code base}.
     * Returns the number of flips written.
     */
    public long strobe(Node node, ClockOffset base, long deltaMillis, Duration period, Duration duration, long maxFlips,
                       Duration timeout) {
        ClockFile f = on(node);
        String out = NodeScripts.run(node, "strobing " + f.path, f.strobeScript(base, deltaMillis, period, duration, maxFlips), timeout.plus(duration));
        return Long.parseLong(out.strip());
    }

    String strobeScript(ClockOffset base, long deltaMillis, Duration period, Duration duration, long maxFlips) {
        String a = base.plus(deltaMillis).fileText();
        String b = base.fileText();
        return STROBE_MARK + ":" + path + "\n" // lets clear() find a strobe that outlived its op
                + "set -e\nmkdir -p \"$(dirname " + path + ")\"\n"
                + "end=$(( $(date +%s%N) / 1000000 + " + duration.toMillis() + " ))\n"
                + "i=0\n"
                + "while [ \"$i\" -lt " + maxFlips + " ] && [ \"$(( $(date +%s%N) / 1000000 ))\" -lt \"$end\" ]; do\n"
                + "  if [ $(( i % 2 )) -eq 0 ]; then v='" + checked(a) + "'; else v='" + checked(b) + "'; fi\n"
                + "  printf '%s\\n' \"$v\" > " + path + ".tmp.$$\n"
                + "  mv -f " + path + ".tmp.$$ " + path + "\n"
                + "  i=$(( i + 1 ))\n"
                + "  sleep " + String.format(java.util.Locale.ROOT, "%.3f", period.toMillis() / 1000.0) + "\n"
                + "done\n"
                + writeScript(b)
                + "echo \"$i\"\n";
    }

    /**
     * Undoes every clock fault on the node: stops any strobe still writing this file (one whose op
     * was abandoned, or left by a killed run), removes its temporary files, and writes {@code +0} if
     * the file exists (a node without the file has no offset; nothing is created). Returns the
     * file's text afterwards, or "absent".
     */
    public String clear(Node node, Duration timeout) {
        return NodeScripts.run(node, "clearing " + on(node).path, on(node).clearScript(), timeout).strip();
    }

    String clearScript() {
        String zero = ClockOffset.ZERO.fileText();
        // the mark is split so that this script never matches itself
        return "m='" + STROBE_MARK.substring(0, 2) + "'; m=\"${m}" + STROBE_MARK.substring(2) + ":" + path + "\"\n"
                + "for d in /proc/[0-9]*; do\n"
                + "  if tr '\\0' '\\n' 2>/dev/null < \"$d/cmdline\" | grep -qxF \"$m\"; then\n"
                + "    p=${d#/proc/}\n"
                + "    kill -s STOP \"$p\" 2>/dev/null || continue\n" // no more writes or forks while we look for its children
                + "    for c in /proc/[0-9]*; do\n"
                + "      [ \"$(awk '{print $4}' \"$c/stat\" 2>/dev/null)\" = \"$p\" ] && kill -s KILL \"${c#/proc/}\" 2>/dev/null\n"
                + "    done\n"
                + "    kill -s KILL \"$p\" 2>/dev/null\n"
                + "  fi\n"
                + "done\n"
                + "rm -f " + path + ".tmp.*\n"
                + "if [ -e " + path + " ]; then\n"
                + "  printf '%s\\n' '" + zero + "' > " + path + ".tmp.$$ && mv -f " + path + ".tmp.$$ " + path + " || exit 1\n"
                + "  cat " + path + "\n"
                + "else\n"
                + "  echo absent\n"
                + "fi\n";
    }

    /**
     * What the node's clocks say now: the file's offset, the node's real wall clock, and the wall
     * clock as a libfaketime-preloaded process on the node reads it (when libfaketime is installed).
     */
    public Map<String, Object> check(Node node, Duration timeout) {
        ClockFile f = on(node);
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : NodeScripts.run(node, "checking " + f.path, f.checkScript(), timeout).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return checkValue(kv);
    }

    String checkScript() {
        return "raw=$(cat " + path + " 2>/dev/null || echo '<missing>')\n"
                + "printf 'file=%s\\n' \"$raw\"\n"
                + "printf 'wall=%s\\n' \"$(date +%s%N)\"\n"
                + "lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)\n"
                + "if [ -n \"$lib\" ] && [ -f " + path + " ]; then\n"
                + "  printf 'faked=%s\\n' \"$(env LD_PRELOAD=\"$lib\" FAKETIME_TIMESTAMP_FILE=" + path + " " + FAKETIME_ENV + " date +%s%N)\"\n"
                + "fi\n"
                // Daemon.CLOCK_UNREACHED_FILE, next to the clock file: the target says the fake clock does not reach it
                + "if [ -r " + path + ".unreached ]; then printf 'unreached=%s\\n' \"$(head -n 1 " + path + ".unreached)\"; fi\n";
    }

    private static Map<String, Object> checkValue(Map<String, String> kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        String file = kv.getOrDefault("file", "<missing>");
        out.put("file", file);
        if (!file.equals("<missing>")) out.put("offset-ms", ClockOffset.parse(file).millis());
        long wall = nanosToMillis(kv.get("wall"));
        out.put("wall-ms", wall);
        if (kv.containsKey("faked")) {
            long faked = nanosToMillis(kv.get("faked"));
            out.put("faked-ms", faked);
            out.put("observed-skew-ms", faked - wall);
        }
        if (kv.containsKey("unreached")) out.put("target-unaffected", kv.get("unreached"));
        return out;
    }

    private static long nanosToMillis(String s) {
        if (s == null || s.isBlank()) throw new IllegalStateException("node printed no clock reading");
        return Long.parseLong(s.strip()) / 1_000_000;
    }

    private static String checked(String text) {
        if (!ClockOffset.WRITABLE.matcher(text).matches()) {
            throw new IllegalArgumentException("refusing to write clock offset '" + text + "'");
        }
        return text;
    }
}

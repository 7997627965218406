package dev.faultline.results;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fault windows guessed from nemesis op names, for histories whose run declared no fault kinds
 * (imported Jepsen/Knossos/Porcupine histories, runs recorded before kinds were declared):
 * {@code start-X}/{@code stop-X}, {@code X-start}/{@code X-stop} and the usual Jepsen names
 * ({@code kill}/{@code restart}, {@code pause}/{@code resume}, {@code bump}/{@code reset}, ...).
 * A guess: a name it does not know is an event, and a known name may be read the wrong way.
 */
final class GuessedFaultKinds implements FaultWindows.Rules {
    private static final Map<String, String> OPENERS = Map.ofEntries(
            Map.entry("partition", "partition"), Map.entry("kill", "kill"), Map.entry("crash", "kill"),
            Map.entry("pause", "pause"), Map.entry("stop-process", "kill"), Map.entry("skew", "clock"),
            Map.entry("bump", "clock"), Map.entry("bump-clock", "clock"), Map.entry("skew-clock", "clock"),
            Map.entry("strobe", "clock"), Map.entry("strobe-clock", "clock"), Map.entry("clock", "clock"),
            Map.entry("delay", "packet"), Map.entry("start", "fault"), Map.entry("loss", "packet"), Map.entry("netem", "packet"));
    private static final Map<String, String> CLOSERS = Map.ofEntries(
            Map.entry("heal", "partition"), Map.entry("restart", "kill"), Map.entry("start-process", "kill"),
            Map.entry("recover", "kill"), Map.entry("resume", "pause"), Map.entry("reset-clock", "clock"),
            Map.entry("reset", "clock"), Map.entry("stop", "fault"), Map.entry("unskew", "clock"), Map.entry("clear-netem", "packet"));

    @Override
    public FaultWindows.Effect effect(String op, Set<String> open) {
        String f = op.toLowerCase(Locale.ROOT);
        if (f.equals("start") && open.contains("kill")) return new FaultWindows.Effect(Set.of("kill"), Set.of()); // a kill recovered with "start"
        String opens = opens(f);
        if (opens != null) return new FaultWindows.Effect(Set.of(), Set.of(opens));
        String closes = closes(f);
        if (closes != null && open.contains(closes)) return new FaultWindows.Effect(Set.of(closes), Set.of());
        return FaultWindows.Effect.NONE;
    }

    static String opens(String f) {
        if (OPENERS.containsKey(f)) return OPENERS.get(f);
        if (f.startsWith("start-")) return kind(f.substring(6));
        if (f.endsWith("-start")) return kind(f.substring(0, f.length() - 6));
        return null;
    }

    static String closes(String f) {
        if (CLOSERS.containsKey(f)) return CLOSERS.get(f);
        if (f.startsWith("stop-")) return kind(f.substring(5));
        if (f.endsWith("-stop")) return kind(f.substring(0, f.length() - 5));
        if (f.startsWith("heal-")) return kind(f.substring(5));
        return null;
    }

    private static String kind(String name) {
        if (OPENERS.containsKey(name)) return OPENERS.get(name);
        if (name.startsWith("partition")) return "partition";
        if (name.contains("clock") || name.contains("skew")) return "clock";
        return name;
    }
}

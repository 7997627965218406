package dev.faultline.nemesis.clock;

import java.time.Duration;
import java.util.Map;

/** Test access to the clock file's scripts. */
public final class ClockScripts {
    public static Map<String, String> samples() {
        ClockFile f = new ClockFile(ClockFile.DEFAULT_PATH);
        return Map.of("clock write", f.writeScript("-1.500"),
                "clock strobe", f.strobeScript(new ClockOffset(1500), -200, Duration.ofMillis(50), Duration.ofMillis(500), 11),
                "clock check", f.checkScript(),
                "clock clear", f.clearScript());
    }

    /** The strobe script the nemesis runs on a node, for tests that leave one running. */
    public static String strobe(String path, long deltaMillis, Duration period, Duration duration) {
        return new ClockFile(path).strobeScript(ClockOffset.ZERO, deltaMillis, period, duration, 10_000);
    }
}

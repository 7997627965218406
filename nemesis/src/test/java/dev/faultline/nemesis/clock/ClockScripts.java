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
}

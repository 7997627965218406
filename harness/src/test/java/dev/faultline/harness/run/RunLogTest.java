package dev.faultline.harness.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's log goes to its faultline.log; afterwards the embedding JVM's logging is as it was (JUnit users log on). */
class RunLogTest {
    @TempDir
    Path tmp;

    @Test
    void closingGivesTheConsoleItsFiltersAndTheRootItsLevelBack() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("user-console");
        root.addAppender(console);
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        try {
            for (int run = 0; run < 3; run++) {
                Path log = tmp.resolve("faultline-" + run + ".log");
                try (RunLog ignored = RunLog.attach(log)) {
                    assertThat(console.getCopyOfAttachedFiltersList()).hasSize(1);
                    LoggerFactory.getLogger("dev.faultline.test").info("in run {}", run);
                }
                assertThat(Files.readString(log)).contains("in run " + run);
                assertThat(console.getCopyOfAttachedFiltersList()).isEmpty();
                assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
            }
        } finally {
            root.detachAppender(console);
            root.setLevel(before);
        }
    }
}

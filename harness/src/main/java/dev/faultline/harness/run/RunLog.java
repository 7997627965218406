package dev.faultline.harness.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Iterator;

/** Sends the run's log to {@code faultline.log} in its run directory; the console shows warnings only. */
public final class RunLog implements AutoCloseable {
    private final FileAppender<ILoggingEvent> file;
    private final ch.qos.logback.classic.Logger root;

    private RunLog(FileAppender<ILoggingEvent> file, ch.qos.logback.classic.Logger root) {
        this.file = file;
        this.root = root;
    }

    /** Attaches the file appender; returns null when logging is not logback (then nothing is attached). */
    public static RunLog attach(Path logFile) {
        if (!logback()) return null;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return null;
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ConsoleAppender) {
                ThresholdFilter warn = new ThresholdFilter();
                warn.setLevel("WARN");
                warn.start();
                a.addFilter(warn);
            }
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(ctx);
        file.setName("faultline-run");
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.setImmediateFlush(true);
        file.start();
        root.addAppender(file);
        if (root.getLevel() == null || root.getLevel().isGreaterOrEqual(Level.WARN) || root.getLevel().toInt() < Level.INFO.toInt()) {
            root.setLevel(Level.INFO);
        }
        return new RunLog(file, root);
    }

    @Override
    public void close() {
        root.detachAppender(file);
        file.stop();
    }

    /** Logback is an optional dependency of the harness: applications that log otherwise get no faultline.log. */
    private static boolean logback() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, RunLog.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

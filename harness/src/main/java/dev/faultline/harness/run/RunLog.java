package dev.faultline.harness.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Sends the run's log to {@code faultline.log} in its run directory; the console shows warnings only. */
public final class RunLog implements AutoCloseable {
    private final FileAppender<ILoggingEvent> file;
    private final ch.qos.logback.classic.Logger root;
    private final Level previousLevel;
    private final Map<Appender<ILoggingEvent>, Filter<ILoggingEvent>> quieted;

    private RunLog(FileAppender<ILoggingEvent> file, ch.qos.logback.classic.Logger root, Level previousLevel,
                   Map<Appender<ILoggingEvent>, Filter<ILoggingEvent>> quieted) {
        this.file = file;
        this.root = root;
        this.previousLevel = previousLevel;
        this.quieted = quieted;
    }

    /** Attaches the file appender; returns null when logging is not logback (then nothing is attached). */
    public static RunLog attach(Path logFile) {
        if (!logback()) return null;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return null;
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<Appender<ILoggingEvent>, Filter<ILoggingEvent>> quieted = new HashMap<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ConsoleAppender) {
                ThresholdFilter warn = new ThresholdFilter();
                warn.setLevel("WARN");
                warn.start();
                a.addFilter(warn);
                quieted.put(a, warn);
            }
        }
        Level previousLevel = root.getLevel();
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
        return new RunLog(file, root, previousLevel, quieted);
    }

    /** Detaches the run's file and gives the console back its filters and the root logger its level (an embedding JVM logs on). */
    @Override
    public void close() {
        root.detachAppender(file);
        file.stop();
        quieted.forEach((appender, added) -> {
            List<Filter<ILoggingEvent>> others = new ArrayList<>(appender.getCopyOfAttachedFiltersList());
            others.remove(added);
            appender.clearAllFilters();
            others.forEach(appender::addFilter);
        });
        root.setLevel(previousLevel);
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

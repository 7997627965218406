package dev.faultline.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running client process: lines to its stdin, numbered lines from its stdout read by a daemon
 * thread into a queue (so a read can be bounded by a deadline), stderr appended to a file.
 */
final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final String name;

    private ChildProcess(Process process, String name, int maxLineBytes) {
        this.process = process;
        this.name = name;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> readLines(process.getInputStream(), maxLineBytes), "client-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code workDir} (null: the controller's) with {@code env} added, stderr appended to {@code stderrFile}. */
    static ChildProcess start(List<String> command, Map<String, String> env, Path workDir, Path stderrFile, int maxLineBytes)
            throws IOException {
        Files.createDirectories(stderrFile.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        if (workDir != null) pb.directory(workDir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new ChildProcess(p, command.get(0) + " (pid " + p.pid() + ")", maxLineBytes);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Writes one line (the newline is added) and flushes; throws if the process no longer reads. */
    void send(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        stdin.write(bytes);
        stdin.flush();
    }

    /** A line already read, or null. */
    Line pollNow() {
        return lines.poll();
    }

    /** The next line, waiting until {@code deadlineNanos} (System.nanoTime); null if none came in time. */
    Line poll(long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        return wait <= 0 ? lines.poll() : lines.poll(wait, TimeUnit.NANOSECONDS);
    }

    /** Waits for the process to exit, up to {@code d}; true if it has. */
    boolean waitFor(Duration d) throws InterruptedException {
        return process.waitFor(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Kills the process and its descendants at once (a hung or misbehaving client) and waits (bounded) until it is gone. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        closeQuietly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) log.warn("client {} survived SIGKILL for 5 s", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes stdin (a conforming client exits on end of input), then after {@code grace} sends
     * SIGTERM and after another {@code grace} SIGKILL, to the process and its descendants.
     */
    void stop(Duration grace) {
        closeQuietly();
        try {
            if (process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) return;
            log.debug("client {} did not exit on end of input within {} ms; terminating", name, grace.toMillis());
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone: nothing to flush
        }
    }

    /** Splits stdout into lines at '\n' (a trailing '\r' is kept: it is part of the line). */
    private void readLines(InputStream raw, int maxLineBytes) {
        long number = 0;
        try (InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
            boolean tooLong = false;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    number++;
                    if (tooLong) lines.add(new Line(number, null, false, "line longer than " + maxLineBytes + " bytes"));
                    else lines.add(new Line(number, buf.toString(StandardCharsets.UTF_8), false, null));
                    buf.reset();
                    tooLong = false;
                } else if (!tooLong) {
                    if (buf.size() >= maxLineBytes) {
                        tooLong = true;
                        buf.reset();
                    } else {
                        buf.write(b);
                    }
                }
            }
            if (buf.size() > 0 || tooLong) {
                number++;
                lines.add(new Line(number, tooLong ? null : buf.toString(StandardCharsets.UTF_8), false,
                        tooLong ? "line longer than " + maxLineBytes + " bytes" : "last line has no newline"));
            }
        } catch (IOException e) {
            log.debug("reading stdout of client {} failed", name, e);
        }
        lines.add(Line.eof(number + 1));
    }
}

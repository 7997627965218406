package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines file written by one writer thread with group commit: records are queued
 * in call order; the writer drains the queue, writes the batch with one call, and forces it with
 * {@link FileChannel#force} if any record in it asked for durability. Callers never block on disk
 * I/O while holding their own locks: they enqueue under their lock and wait outside it.
 */
public final class DurableLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DurableLog.class);

    private record Pending(byte[] line, CompletableFuture<Void> durable) {}

    private final Path path;
    private final FileChannel channel;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile IOException failure;
    private final PhaseTimes times = new PhaseTimes();

    private final boolean fsync;

    private DurableLog(Path path, FileChannel channel, boolean fsync) {
        this.path = path;
        this.channel = channel;
        this.fsync = fsync;
        this.writer = new Thread(this::writeLoop, "log-writer-" + path.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Reads the existing records and opens the file for appending. A torn last line (a crash in the
     * middle of a write) is cut off; a bad line anywhere else is an error naming file and line.
     */
    public static DurableLog open(Path path, List<JsonNode> recordsOut) throws IOException {
        return open(path, recordsOut, true);
    }

    /** As {@link #open(Path, List)}; without {@code fsync} (the planted bug {@link Unsafe#NO_FSYNC}) nothing is ever forced. */
    public static DurableLog open(Path path, List<JsonNode> recordsOut, boolean fsync) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean created = !Files.exists(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created) forceDirectory(dir, fsync); // else a crash can lose the new file, and every record forced into it
        byte[] all = Files.readAllBytes(path);
        int start = 0;
        int line = 0;
        long validEnd = 0;
        while (start < all.length) {
            int nl = indexOf(all, (byte) '\n', start);
            line++;
            if (nl < 0) {
                log.warn("{}: dropping torn last line {} ({} bytes)", path, line, all.length - start);
                break;
            }
            String text = new String(all, start, nl - start, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                try {
                    recordsOut.add(Json.MAPPER.readTree(text));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(path + ": line " + line + ": not a JSON record: " + e.getOriginalMessage());
                }
            }
            start = nl + 1;
            validEnd = start;
        }
        if (validEnd < all.length) {
            ch.truncate(validEnd);
            if (fsync) ch.force(true);
        }
        ch.position(validEnd);
        return new DurableLog(path, ch, fsync);
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    /**
     * Queues one record. The returned future completes once the record is on stable storage if
     * {@code durable}, or at once otherwise (the record then reaches the OS shortly, in order).
     * It completes exceptionally if the log failed.
     */
    public CompletableFuture<Void> append(Object record, boolean durable) {
        if (failure != null) return CompletableFuture.failedFuture(failure);
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(record);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        CompletableFuture<Void> f = durable ? new CompletableFuture<>() : null;
        queue.add(new Pending(line, f));
        return durable ? f : CompletableFuture.completedFuture(null);
    }

    /** Appends and waits until the record is on stable storage. */
    public void appendDurably(Object record) throws IOException {
        try {
            append(record, true).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forcing " + path, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            try {
                int size = 0;
                for (Pending p : batch) size += p.line().length;
                ByteBuffer buf = ByteBuffer.allocate(size);
                boolean force = false;
                for (Pending p : batch) {
                    buf.put(p.line());
                    force |= p.durable() != null;
                }
                buf.flip();
                while (buf.hasRemaining()) channel.write(buf);
                if (force && fsync) {
                    long t0 = System.nanoTime();
                    channel.force(false);
                    times.add("force", System.nanoTime() - t0);
                    for (Pending p : batch) if (p.durable() != null) times.add("forced-record", 0);
                }
                for (Pending p : batch) if (p.durable() != null) p.durable().complete(null);
            } catch (IOException e) {
                failure = e;
                log.error("{}: write failed; every later append fails", path, e);
                for (Pending p : batch) if (p.durable() != null) p.durable().completeExceptionally(e);
            }
            batch.clear();
        }
    }

    /** {@code force}: each fsync and its time; {@code forced-record}: records made durable (per force = group commit size). */
    public PhaseTimes times() {
        return times;
    }

    public Path path() {
        return path;
    }

    /** Writes what is queued, stops the writer and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            CompletableFuture<Void> flushed = new CompletableFuture<>();
            queue.add(new Pending(new byte[0], flushed));
            flushed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway: the caller is shutting down.
        }
        writer.interrupt();
        channel.close();
    }

    /** Replaces {@code target} atomically and durably with {@code content} (write temp, force, rename, force dir). */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        writeAtomically(target, content, true);
    }

    /** As {@link #writeAtomically(Path, byte[])}; without {@code fsync} nothing is forced. */
    public static void writeAtomically(Path target, byte[] content, boolean fsync) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            if (fsync) ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent(), fsync);
    }

    static void forceDirectory(Path dir, boolean fsync) {
        if (!fsync) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename is still atomic there.
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Reads all records of a JSON-lines file without opening it for writing (for tests and tools). */
    public static List<JsonNode> readAll(Path path) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (DurableLog l = open(path, out)) {
            return out;
        }
    }
}

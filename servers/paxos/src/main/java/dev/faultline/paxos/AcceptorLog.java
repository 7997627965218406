package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The acceptor's append-only JSON-lines file, written by one thread with group commit: records are
 * queued in call order; the writer drains the queue, writes the batch with one call and forces it
 * to disk before completing any of the batch's futures. Callers enqueue under their own lock and
 * wait outside it, so one fsync covers every request that arrived meanwhile. Without fsync (the
 * planted bug {@link Unsafe#NO_FSYNC}) nothing is ever forced: futures complete once the bytes are
 * written, i.e. in the page cache only.
 */
final class AcceptorLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(AcceptorLog.class);

    /** How a file or directory is forced to stable storage; a seam so that tests can count the calls. */
    interface Disk {
        Disk REAL = (ch, metaData) -> ch.force(metaData);

        void force(FileChannel ch, boolean metaData) throws IOException;
    }

    private record Pending(byte[] line, CompletableFuture<Void> durable) {
    }

    private final Path path;
    private final FileChannel channel;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Disk disk;
    private final boolean fsync;
    private volatile IOException failure;

    private AcceptorLog(Path path, FileChannel channel, Disk disk, boolean fsync) {
        this.path = path;
        this.channel = channel;
        this.disk = disk;
        this.fsync = fsync;
        this.writer = new Thread(this::writeLoop, "acceptor-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Reads every record of {@code path} (none if it does not exist). A torn last line (a crash in
     * the middle of a write) is dropped; a bad line anywhere else is an error naming file and line.
     */
    static List<JsonNode> read(Path path) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(path)) return out;
        byte[] all = Files.readAllBytes(path);
        int start = 0;
        int line = 0;
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
                    out.add(Json.MAPPER.readTree(text));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(path + ": line " + line + ": not a JSON record: " + e.getOriginalMessage());
                }
            }
            start = nl + 1;
        }
        return out;
    }

    /**
     * Replaces {@code path} durably with {@code records} (write a temp file, fsync it, rename it over,
     * fsync the directory) and opens it for appending. Without {@code fsync} the same steps run but
     * nothing is forced, now or in later appends.
     */
    static AcceptorLog rewrite(Path path, List<JsonNode> records, Disk disk, boolean fsync) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (JsonNode r : records) {
                ByteBuffer buf = ByteBuffer.wrap(line(r));
                while (buf.hasRemaining()) ch.write(buf);
            }
            if (fsync) disk.force(ch, true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) forceDirectory(path.toAbsolutePath().getParent(), disk);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new AcceptorLog(path, ch, disk, fsync);
    }

    private static void forceDirectory(Path dir, Disk disk) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            disk.force(ch, true);
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    private static byte[] line(JsonNode record) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(record);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /**
     * Queues one record; the future completes once it is on stable storage (or fails with the log);
     * without fsync, once it is written.
     */
    CompletableFuture<Void> append(JsonNode record) {
        if (failure != null) return CompletableFuture.failedFuture(failure);
        try {
            CompletableFuture<Void> f = new CompletableFuture<>();
            queue.add(new Pending(line(record), f));
            return f;
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
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
                for (Pending p : batch) buf.put(p.line());
                buf.flip();
                while (buf.hasRemaining()) channel.write(buf);
                if (fsync) disk.force(channel, false);
                for (Pending p : batch) p.durable().complete(null);
            } catch (IOException e) {
                failure = e;
                log.error("{}: write failed; every later append fails", path, e);
                for (Pending p : batch) p.durable().completeExceptionally(e);
            }
            batch.clear();
        }
    }

    /** Writes what is queued, stops the writer and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            CompletableFuture<Void> flushed = new CompletableFuture<>();
            queue.add(new Pending(new byte[0], flushed));
            flushed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        writer.interrupt();
        channel.close();
    }
}

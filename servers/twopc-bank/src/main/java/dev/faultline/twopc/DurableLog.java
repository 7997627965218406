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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines file with group commit: {@link #append} writes to the OS, {@link #sync}
 * forces everything written so far with {@link FileChannel#force}. Concurrent syncs share one force.
 */
public final class DurableLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DurableLog.class);

    private final Path path;
    private final FileChannel channel;
    private final Object syncLock = new Object();
    private long written;
    private volatile long synced;

    private DurableLog(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.written = size;
        this.synced = size;
    }

    /**
     * Reads the existing records and opens the file for appending. A torn last line (a crash in the
     * middle of a write) is cut off; a bad line anywhere else is an error naming file and line.
     */
    public static DurableLog open(Path path, List<JsonNode> recordsOut) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
            ch.force(true);
        }
        ch.position(validEnd);
        return new DurableLog(path, ch, validEnd);
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    /** Writes one record (not yet durable) and returns the file offset that {@link #sync} must reach. */
    public long append(Object record) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(record);
        ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        synchronized (this) {
            while (buf.hasRemaining()) channel.write(buf);
            written += json.length + 1;
            return written;
        }
    }

    /** Returns once every byte up to {@code offset} is on stable storage. */
    public void sync(long offset) throws IOException {
        if (synced >= offset) return;
        synchronized (syncLock) {
            if (synced >= offset) return;
            long target;
            synchronized (this) {
                target = written;
            }
            channel.force(false);
            synced = target;
        }
    }

    public void appendDurably(Object record) throws IOException {
        sync(append(record));
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Replaces {@code target} atomically and durably with {@code content} (write temp, force, rename, force dir). */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    static void forceDirectory(Path dir) {
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

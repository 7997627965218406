package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Named registers guarded by fencing tokens. A write whose token is lower than the highest token
 * this register has accepted is rejected ({@code stale-token}); every accepted write gets the next
 * {@code seq} (one counter for all registers), so a checker can order accepted writes.
 *
 * <p>With a data directory, every accepted write is appended to {@code resource.log} and forced to
 * disk before it is acknowledged, and the log is replayed on start (a torn last line is dropped:
 * it was never acknowledged).
 */
final class FencedResource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FencedResource.class);

    /** The current state of one register. */
    record Register(JsonNode value, long token, long seq, long highestToken) {
    }

    /** The outcome of a write: accepted with {@code seq}, or rejected because {@code highestToken} is higher. */
    record WriteResult(boolean accepted, long seq, long highestToken) {
    }

    private final boolean fencing;
    private final Map<String, Register> registers = new HashMap<>();
    private final FileChannel wal;
    private long seq;

    /** The disk's flushes: real ones in the server, a failing one injected by tests. */
    interface Disk {
        Disk REAL = new Disk() {};

        default void force(FileChannel ch) throws IOException {
            ch.force(false);
        }

        /** A new file's name is durable only once its directory is forced. */
        default void forceDirectory(Path dir) throws IOException {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    }

    private final Disk disk;

    FencedResource(Path dataDir, boolean fencing) throws IOException {
        this(dataDir, fencing, Disk.REAL);
    }

    FencedResource(Path dataDir, boolean fencing, Disk disk) throws IOException {
        this.fencing = fencing;
        this.disk = disk;
        if (dataDir == null) {
            wal = null;
            return;
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("resource.log");
        boolean created = !Files.exists(file);
        long validBytes = replay(file);
        wal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        wal.truncate(validBytes);
        wal.position(validBytes);
        wal.force(true);
        if (created) disk.forceDirectory(dataDir);
        log.info("resource recovered {} registers, last seq {} from {}", registers.size(), seq, file);
    }

    private long replay(Path file) throws IOException {
        if (!Files.exists(file)) return 0;
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') continue;
            JsonNode w;
            try {
                w = Json.MAPPER.readTree(new String(all, start, i - start, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(file + ": byte " + start + ": corrupt record: " + e.getMessage(), e);
            }
            applyAccepted(w.path("name").asText(), w.get("value"), w.path("token").asLong(), w.path("seq").asLong());
            start = i + 1;
        }
        if (start < all.length) log.warn("{}: dropping a torn last record of {} bytes", file, all.length - start);
        return start;
    }

    private void applyAccepted(String name, JsonNode value, long token, long writeSeq) {
        Register prev = registers.get(name);
        long highest = prev == null ? token : Math.max(prev.highestToken(), token);
        registers.put(name, new Register(value, token, writeSeq, highest));
        seq = Math.max(seq, writeSeq);
    }

    synchronized WriteResult write(String name, String client, long token, JsonNode value) throws IOException {
        Register prev = registers.get(name);
        if (fencing && prev != null && token < prev.highestToken()) {
            return new WriteResult(false, -1, prev.highestToken());
        }
        // Taken before the write: a failed write may still have reached the disk, so its number is spent.
        long next = ++seq;
        if (wal != null) {
            ObjectNode rec = Json.object().put("seq", next).put("name", name).put("client", client).put("token", token);
            rec.set("value", value);
            byte[] line = (Json.MAPPER.writeValueAsString(rec) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) wal.write(buf);
            disk.force(wal);
        }
        applyAccepted(name, value, token, next);
        return new WriteResult(true, next, registers.get(name).highestToken());
    }

    synchronized Register read(String name) {
        return registers.get(name);
    }

    @Override
    public synchronized void close() throws IOException {
        if (wal != null) wal.close();
    }
}

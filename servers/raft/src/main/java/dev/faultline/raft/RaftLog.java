package dev.faultline.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft log after the latest snapshot, kept in memory and in {@code <dataDir>/log}.
 *
 * <p>File layout: a header (magic, base index, base term, CRC) naming the entry just before the first
 * one (the snapshot point), then one record per entry: {@code int length, int crc32c, long term,
 * byte noop, data}. Appends are written at once but only made durable by {@link #sync()}. On open, a
 * torn or corrupt tail (a crash mid-write) is cut off: such records were never synced, so never
 * acknowledged. Not thread-safe: owned by the Raft thread.
 */
final class RaftLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftLog.class);
    private static final int MAGIC = 0x52464c47; // "RFLG"
    private static final int HEADER = 4 + 8 + 8 + 4;
    private static final int MAX_RECORD = 512 << 20;

    private final Path file;
    private final Durable durable;
    private FileChannel ch;
    private long baseIndex;
    private long baseTerm;
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private long end;
    private boolean dirty;
    private boolean truncated;
    private long syncedIndex;
    private long bytesSinceBase;

    RaftLog(Path dir, Durable durable) throws IOException {
        this.file = dir.resolve("log");
        this.durable = durable;
        if (!Files.exists(file)) {
            writeFresh(durable, file, 0, 0, List.of());
        }
        ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        load();
    }

    private void load() throws IOException {
        long size = ch.size();
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        readFully(h, 0);
        h.flip();
        if (h.getInt() != MAGIC) {
            throw new IOException(file + ": not a raft log");
        }
        baseIndex = h.getLong();
        baseTerm = h.getLong();
        if (h.getInt() != headerCrc(baseIndex, baseTerm)) {
            throw new IOException(file + ": header checksum mismatch");
        }
        long pos = HEADER;
        ByteBuffer lenCrc = ByteBuffer.allocate(8);
        while (pos + 8 <= size) {
            lenCrc.clear();
            readFully(lenCrc, pos);
            lenCrc.flip();
            int len = lenCrc.getInt();
            int crc = lenCrc.getInt();
            if (len < 9 || len > MAX_RECORD || pos + 8 + len > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(payload, pos + 8);
            payload.flip();
            CRC32C c = new CRC32C();
            c.update(payload.duplicate());
            if ((int) c.getValue() != crc) {
                break;
            }
            long term = payload.getLong();
            boolean noop = payload.get() != 0;
            byte[] data = new byte[len - 9];
            payload.get(data);
            entries.add(new LogEntry(term, noop, data));
            offsets.add(pos);
            bytesSinceBase += len;
            pos += 8 + len;
        }
        if (pos != size) {
            log.warn("{}: cutting torn tail at byte {} of {} after {} entries", file, pos, size, entries.size());
            ch.truncate(pos);
            durable.force(ch, true);
        }
        end = pos;
        syncedIndex = lastIndex();
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException(file + ": unexpected end of file");
            }
        }
    }

    long snapshotIndex() {
        return baseIndex;
    }

    long snapshotTerm() {
        return baseTerm;
    }

    long lastIndex() {
        return baseIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? baseTerm : entries.get(entries.size() - 1).term();
    }

    /** The highest index that is durable on disk. */
    long syncedIndex() {
        return syncedIndex;
    }

    /** Bytes of entries since the snapshot point. */
    long bytesSinceSnapshot() {
        return bytesSinceBase;
    }

    /** Term of the entry at {@code index}; the snapshot point's term for {@code snapshotIndex()}; -1 if unknown. */
    long term(long index) {
        if (index == baseIndex) {
            return baseTerm;
        }
        if (index < baseIndex || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - baseIndex - 1)).term();
    }

    LogEntry get(long index) {
        if (index <= baseIndex || index > lastIndex()) {
            throw new IndexOutOfBoundsException("index " + index + " not in (" + baseIndex + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - baseIndex - 1));
    }

    /** Entries {@code [from, to]} (inclusive), as an independent list. */
    List<LogEntry> slice(long from, long to) {
        return new ArrayList<>(entries.subList((int) (from - baseIndex - 1), (int) (to - baseIndex)));
    }

    /** First index of the run of entries with the same term as {@code index} (at least snapshotIndex + 1). */
    long firstIndexOfTerm(long index) {
        long t = term(index);
        long i = index;
        while (i - 1 > baseIndex && term(i - 1) == t) {
            i--;
        }
        return i;
    }

    /** Last index whose entry has term {@code t}, or -1. */
    long lastIndexOfTerm(long t) {
        for (long i = lastIndex(); i > baseIndex; i--) {
            long ti = term(i);
            if (ti == t) {
                return i;
            }
            if (ti < t) {
                return -1;
            }
        }
        return -1;
    }

    void append(List<LogEntry> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        int total = 0;
        for (LogEntry e : batch) {
            total += 8 + e.payloadSize();
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        long pos = end;
        for (LogEntry e : batch) {
            int start = b.position();
            b.putInt(e.payloadSize()).putInt(0).putLong(e.term()).put((byte) (e.noop() ? 1 : 0)).put(e.data());
            CRC32C c = new CRC32C();
            c.update(b.duplicate().position(start + 8).limit(b.position()));
            b.putInt(start + 4, (int) c.getValue());
            offsets.add(pos);
            entries.add(e);
            bytesSinceBase += e.payloadSize();
            pos += 8 + e.payloadSize();
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b, end + b.position());
        }
        end = pos;
        dirty = true;
    }

    /** Removes every entry at {@code index} and after. */
    void truncateFrom(long index) throws IOException {
        if (index <= baseIndex || index > lastIndex()) {
            return;
        }
        int keep = (int) (index - baseIndex - 1);
        long cut = offsets.get(keep);
        for (int i = entries.size() - 1; i >= keep; i--) {
            bytesSinceBase -= entries.get(i).payloadSize();
            entries.remove(i);
            offsets.remove(i);
        }
        ch.truncate(cut);
        end = cut;
        dirty = true;
        truncated = true;
        syncedIndex = Math.min(syncedIndex, lastIndex());
    }

    /** Makes every append and truncation durable (one fsync for however many entries were added). */
    void sync() throws IOException {
        if (dirty) {
            // after a truncation the new size must be durable too, or a crash could bring back old
            // records behind a rewritten entry of the same length
            durable.force(ch, truncated);
            dirty = false;
            truncated = false;
        }
        syncedIndex = lastIndex();
    }

    boolean dirty() {
        return dirty;
    }

    /**
     * Drops entries up to {@code index} (now covered by a durable snapshot whose last entry has term
     * {@code term}). If the log does not hold a matching entry at {@code index}, everything is dropped.
     * The file is rewritten atomically, so a crash leaves either the old or the new log.
     */
    void compact(long index, long term) throws IOException {
        List<LogEntry> keep = List.of();
        if (index < lastIndex() && term(index) == term) {
            keep = slice(index + 1, lastIndex());
        }
        ch.close();
        Path tmp = file.resolveSibling("log.compact");
        writeFresh(durable, tmp, index, term, keep);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        durable.syncDirectory(file.getParent());
        ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        entries.clear();
        offsets.clear();
        bytesSinceBase = 0;
        dirty = false;
        load();
    }

    private static void writeFresh(Durable durable, Path target, long base, long baseTerm, List<LogEntry> keep) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            h.putInt(MAGIC).putLong(base).putLong(baseTerm).putInt(headerCrc(base, baseTerm)).flip();
            while (h.hasRemaining()) {
                out.write(h);
            }
            for (LogEntry e : keep) {
                ByteBuffer b = ByteBuffer.allocate(8 + e.payloadSize());
                b.putInt(e.payloadSize()).putInt(0).putLong(e.term()).put((byte) (e.noop() ? 1 : 0)).put(e.data());
                CRC32C c = new CRC32C();
                c.update(b.duplicate().position(8).limit(b.position()));
                b.putInt(4, (int) c.getValue()).flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            durable.force(out, true);
        }
        durable.syncDirectory(target.toAbsolutePath().getParent());
    }

    private static int headerCrc(long base, long term) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(16).putLong(base).putLong(term).flip());
        return (int) c.getValue();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}

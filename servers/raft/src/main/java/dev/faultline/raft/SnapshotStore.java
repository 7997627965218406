package dev.faultline.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** The latest snapshot in {@code <dataDir>/snapshot}: last included index and term, state bytes, CRC. */
final class SnapshotStore {
    private static final int MAGIC = 0x52465350; // "RFSP"

    record Snapshot(long lastIndex, long lastTerm, byte[] data) {
    }

    private final Path file;
    private final Durable durable;
    private Snapshot latest;

    SnapshotStore(Path dir, Durable durable) throws IOException {
        this.durable = durable;
        this.file = dir.resolve("snapshot");
        if (Files.exists(file)) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.remaining() < 28 || b.getInt() != MAGIC) {
                throw new IOException(file + ": not a raft snapshot");
            }
            long index = b.getLong();
            long term = b.getLong();
            int len = b.getInt();
            if (len < 0 || len != b.remaining() - 4) {
                throw new IOException(file + ": bad length " + len);
            }
            byte[] data = new byte[len];
            b.get(data);
            if (b.getInt() != crc(index, term, data)) {
                throw new IOException(file + ": checksum mismatch");
            }
            latest = new Snapshot(index, term, data);
        }
    }

    /** The latest durable snapshot, or null if none was taken yet. */
    Snapshot latest() {
        return latest;
    }

    void save(Snapshot s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 4 + s.data().length + 4);
        b.putInt(MAGIC).putLong(s.lastIndex()).putLong(s.lastTerm()).putInt(s.data().length).put(s.data())
                .putInt(crc(s.lastIndex(), s.lastTerm(), s.data()));
        b.flip();
        durable.replace(file, b);
        latest = s;
    }

    private static int crc(long index, long term, byte[] data) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(16).putLong(index).putLong(term).flip());
        c.update(data);
        return (int) c.getValue();
    }
}

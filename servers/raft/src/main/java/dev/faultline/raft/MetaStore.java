package dev.faultline.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Persists currentTerm and votedFor in {@code <dataDir>/meta} (checksummed, replaced atomically). */
final class MetaStore {
    private static final int MAGIC = 0x52464d54; // "RFMT"
    private final Path file;
    private final Durable durable;
    private long term;
    private String votedFor;

    MetaStore(Path dir, Durable durable) throws IOException {
        this.durable = durable;
        this.file = dir.resolve("meta");
        if (Files.exists(file)) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.remaining() < 4 + 8 + 4 + 4 || b.getInt() != MAGIC) {
                throw new IOException(file + ": not a raft meta file");
            }
            long t = b.getLong();
            int len = b.getInt();
            if (len < -1 || len > b.remaining() - 4) {
                throw new IOException(file + ": bad votedFor length " + len);
            }
            String vote = null;
            if (len >= 0) {
                byte[] v = new byte[len];
                b.get(v);
                vote = new String(v, StandardCharsets.UTF_8);
            }
            int crc = b.getInt();
            if (crc != crc(t, vote)) {
                throw new IOException(file + ": checksum mismatch");
            }
            term = t;
            votedFor = vote;
        }
    }

    long term() {
        return term;
    }

    String votedFor() {
        return votedFor;
    }

    /** Durably stores term and vote before returning. */
    void save(long newTerm, String newVote) throws IOException {
        byte[] v = newVote == null ? null : newVote.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + (v == null ? 0 : v.length) + 4);
        b.putInt(MAGIC).putLong(newTerm).putInt(v == null ? -1 : v.length);
        if (v != null) {
            b.put(v);
        }
        b.putInt(crc(newTerm, newVote));
        b.flip();
        durable.replace(file, b);
        term = newTerm;
        votedFor = newVote;
    }

    private static int crc(long t, String vote) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putLong(0, t));
        if (vote != null) {
            c.update(vote.getBytes(StandardCharsets.UTF_8));
        }
        return (int) c.getValue();
    }
}

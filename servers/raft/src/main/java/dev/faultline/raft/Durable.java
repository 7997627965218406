package dev.faultline.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How the node makes its state durable: fsync of files and directories, and crash-safe whole-file
 * replacement (write a temp file, fsync it, rename it over, fsync the directory). With the planted
 * bug {@link Unsafe#NO_FSYNC} every fsync is skipped: data reaches the kernel only, and a power loss
 * can take what the node has acknowledged or voted.
 */
final class Durable {
    static final Durable FSYNC = new Durable(true);

    private final boolean fsync;

    Durable(boolean fsync) {
        this.fsync = fsync;
    }

    static Durable of(RaftConfig config) {
        return config.isUnsafe(Unsafe.NO_FSYNC) ? new Durable(false) : FSYNC;
    }

    /** {@code FileChannel.force}, unless fsync is off. */
    void force(FileChannel ch, boolean metaData) throws IOException {
        if (fsync) ch.force(metaData);
    }

    void replace(Path target, ByteBuffer content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            force(ch, true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    void syncDirectory(Path dir) throws IOException {
        if (!fsync) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}

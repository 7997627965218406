package dev.faultline.checkers.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends ops to a {@code history.jsonl} file as they happen, one line per op.
 *
 * <p>Each {@link #append} hands the complete line to the operating system before it returns, so a
 * controller killed at any point leaves a file whose lines are all complete except possibly the
 * last (which {@link JsonlHistory#readPrefix} tolerates). {@link #sync()} additionally forces the
 * data to disk, for surviving a machine crash. Thread-safe: concurrent workers may share one writer.
 *
 * <p>An op whose index is negative is written with the writer's own running line number.
 */
public final class JsonlHistoryWriter implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long written;
    private boolean closed;

    private JsonlHistoryWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates (or truncates) {@code file}. */
    public static JsonlHistoryWriter create(Path file) throws IOException {
        return new JsonlHistoryWriter(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    /** Writes one op as one line. */
    public synchronized void append(Op op) {
        if (closed) throw new IllegalStateException("history writer for " + file + " is closed");
        line.reset();
        try (JsonGenerator g = OpJson.MAPPER.getFactory().createGenerator(line, JsonEncoding.UTF8)) {
            OpJson.write(g, op, op.index() >= 0 ? op.index() : written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode op for " + file + ": " + op, e);
        }
        line.write('\n');
        ByteBuffer buf = ByteBuffer.wrap(line.toByteArray());
        try {
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        written++;
    }

    /** Number of ops written so far. */
    public synchronized long count() {
        return written;
    }

    /** Forces written lines to the storage device. */
    public synchronized void sync() throws IOException {
        if (!closed) channel.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}

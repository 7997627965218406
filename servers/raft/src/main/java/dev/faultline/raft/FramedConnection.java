package dev.faultline.raft;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One TCP connection carrying length-prefixed frames ({@code int length, bytes}) both ways. A writer
 * thread drains a bounded queue (so a peer that stops reading never blocks the Raft thread; frames are
 * dropped when the queue is full, which Raft tolerates) and a reader thread hands each frame to a
 * consumer. Any I/O error closes the connection.
 */
final class FramedConnection implements AutoCloseable {
    static final int MAX_FRAME = 512 << 20;
    private static final byte[] POISON = new byte[0];

    private final Socket socket;
    private final String name;
    private final BlockingQueue<byte[]> outbox = new ArrayBlockingQueue<>(4096);
    private volatile boolean closed;
    private final Runnable onClose;

    FramedConnection(Socket socket, String name, Consumer<byte[]> onFrame, Runnable onClose) {
        this.socket = socket;
        this.name = name;
        this.onClose = onClose;
        Thread reader = new Thread(() -> readLoop(onFrame), "raft-read-" + name);
        Thread writer = new Thread(this::writeLoop, "raft-write-" + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Queues a frame; returns false (and drops it) if the connection is closed or backed up. */
    boolean send(byte[] frame) {
        return !closed && outbox.offer(frame);
    }

    boolean isClosed() {
        return closed;
    }

    private void readLoop(Consumer<byte[]> onFrame) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16))) {
            while (!closed) {
                int len = in.readInt();
                if (len < 0 || len > MAX_FRAME) {
                    throw new IOException("bad frame length " + len + " from " + name);
                }
                byte[] frame = new byte[len];
                in.readFully(frame);
                onFrame.accept(frame);
            }
        } catch (IOException | RuntimeException e) {
            // peer gone, reset, or garbage: the connection is done either way
        } finally {
            close();
        }
    }

    private void writeLoop() {
        List<byte[]> batch = new ArrayList<>();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16))) {
            while (!closed) {
                byte[] first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                outbox.drainTo(batch, 256);
                for (byte[] frame : batch) {
                    if (frame == POISON) {
                        return;
                    }
                    out.writeInt(frame.length);
                    out.write(frame);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed underneath us or peer gone
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.clear();
        outbox.offer(POISON);
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
        onClose.run();
    }
}

package dev.faultline.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of {@link Message}s (one message per frame; framing is done by the transport). */
final class MessageCodec {
    private static final byte VOTE_REQ = 1, VOTE_RESP = 2, APPEND_REQ = 3, APPEND_RESP = 4, SNAP_REQ = 5,
            SNAP_RESP = 6;

    private MessageCodec() {
    }

    static byte[] encode(Message m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (m instanceof Message.VoteRequest r) {
                header(out, VOTE_REQ, r);
                out.writeLong(r.lastLogIndex());
                out.writeLong(r.lastLogTerm());
                out.writeBoolean(r.preVote());
            } else if (m instanceof Message.VoteResponse r) {
                header(out, VOTE_RESP, r);
                out.writeBoolean(r.granted());
                out.writeBoolean(r.preVote());
            } else if (m instanceof Message.AppendRequest r) {
                header(out, APPEND_REQ, r);
                out.writeLong(r.prevIndex());
                out.writeLong(r.prevTerm());
                out.writeLong(r.leaderCommit());
                out.writeLong(r.seq());
                writeNullable(out, r.leaderInfo());
                out.writeInt(r.entries().size());
                for (LogEntry e : r.entries()) {
                    out.writeLong(e.term());
                    out.writeBoolean(e.noop());
                    out.writeInt(e.data().length);
                    out.write(e.data());
                }
            } else if (m instanceof Message.AppendResponse r) {
                header(out, APPEND_RESP, r);
                out.writeBoolean(r.success());
                out.writeLong(r.matchIndex());
                out.writeLong(r.conflictIndex());
                out.writeLong(r.conflictTerm());
                out.writeLong(r.seq());
            } else if (m instanceof Message.SnapshotRequest r) {
                header(out, SNAP_REQ, r);
                out.writeLong(r.lastIndex());
                out.writeLong(r.lastTerm());
                out.writeLong(r.seq());
                writeNullable(out, r.leaderInfo());
                out.writeInt(r.data().length);
                out.write(r.data());
            } else if (m instanceof Message.SnapshotResponse r) {
                header(out, SNAP_RESP, r);
                out.writeLong(r.lastIndex());
                out.writeLong(r.seq());
            } else {
                throw new IllegalArgumentException("unknown message " + m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Message decode(byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
        byte type = in.readByte();
        String from = in.readUTF();
        long term = in.readLong();
        return switch (type) {
            case VOTE_REQ -> new Message.VoteRequest(from, term, in.readLong(), in.readLong(), in.readBoolean());
            case VOTE_RESP -> new Message.VoteResponse(from, term, in.readBoolean(), in.readBoolean());
            case APPEND_REQ -> {
                long prevIndex = in.readLong();
                long prevTerm = in.readLong();
                long commit = in.readLong();
                long seq = in.readLong();
                String info = readNullable(in);
                int n = in.readInt();
                if (n < 0 || n > frame.length) {
                    throw new IOException("bad entry count " + n);
                }
                List<LogEntry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long t = in.readLong();
                    boolean noop = in.readBoolean();
                    entries.add(new LogEntry(t, noop, readBytes(in, frame.length)));
                }
                yield new Message.AppendRequest(from, term, prevIndex, prevTerm, entries, commit, seq, info);
            }
            case APPEND_RESP -> new Message.AppendResponse(from, term, in.readBoolean(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong());
            case SNAP_REQ -> {
                long lastIndex = in.readLong();
                long lastTerm = in.readLong();
                long seq = in.readLong();
                String info = readNullable(in);
                yield new Message.SnapshotRequest(from, term, lastIndex, lastTerm, readBytes(in, frame.length), seq,
                        info);
            }
            case SNAP_RESP -> new Message.SnapshotResponse(from, term, in.readLong(), in.readLong());
            default -> throw new IOException("unknown message type " + type);
        };
    }

    private static void header(DataOutputStream out, byte type, Message m) throws IOException {
        out.writeByte(type);
        out.writeUTF(m.from());
        out.writeLong(m.term());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > limit) {
            throw new IOException("bad length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }
}

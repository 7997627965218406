package dev.faultline.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery of the on-disk formats: torn tails, corrupt records, compaction. */
class StorageTest {
    @TempDir
    Path dir;

    private static List<LogEntry> entries(long term, int n, String prefix) {
        List<LogEntry> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new LogEntry(term, false, (prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
        return l;
    }

    private static String data(RaftLog log, long index) {
        return new String(log.get(index).data(), StandardCharsets.UTF_8);
    }

    @Test
    void tornTailIsCutAndSyncedEntriesSurvive() throws IOException {
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            log.append(List.of(LogEntry.noop(1)));
            log.append(entries(1, 10, "a"));
            log.sync();
        }
        Path file = dir.resolve("log");
        long good = Files.size(file);
        // a crash in the middle of writing the next record: length says 100 bytes, only 7 arrived
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(15).putInt(100).putInt(12345).put(new byte[7]).flip());
        }
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            assertThat(log.lastIndex()).isEqualTo(11);
            assertThat(log.get(1).noop()).isTrue();
            assertThat(data(log, 11)).isEqualTo("a9");
            assertThat(Files.size(file)).isEqualTo(good);
            log.append(entries(2, 1, "b"));
            log.sync();
        }
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            assertThat(log.lastIndex()).isEqualTo(12);
            assertThat(log.lastTerm()).isEqualTo(2);
            assertThat(data(log, 12)).isEqualTo("b0");
        }
    }

    @Test
    void corruptLastRecordIsCut() throws IOException {
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            log.append(entries(1, 5, "c"));
            log.sync();
        }
        Path file = dir.resolve("log");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x5a; // flip bits in the last entry's data: CRC no longer matches
        Files.write(file, bytes);
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            assertThat(log.lastIndex()).isEqualTo(4);
        }
    }

    @Test
    void truncateAndCompactKeepTheRightEntries() throws IOException {
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            log.append(entries(1, 10, "d"));
            log.truncateFrom(8);
            log.append(entries(3, 2, "e"));
            log.sync();
            assertThat(log.lastIndex()).isEqualTo(9);
            assertThat(log.term(7)).isEqualTo(1);
            assertThat(log.term(8)).isEqualTo(3);
            assertThat(log.lastIndexOfTerm(1)).isEqualTo(7);
            assertThat(log.firstIndexOfTerm(9)).isEqualTo(8);
            log.compact(5, 1);
            assertThat(log.snapshotIndex()).isEqualTo(5);
            assertThat(log.term(5)).isEqualTo(1);
            assertThat(log.term(4)).isEqualTo(-1);
            assertThat(data(log, 8)).isEqualTo("e0");
        }
        try (RaftLog log = new RaftLog(dir, Durable.FSYNC)) {
            assertThat(log.snapshotIndex()).isEqualTo(5);
            assertThat(log.lastIndex()).isEqualTo(9);
            assertThat(data(log, 6)).isEqualTo("d5");
            // compacting past a mismatching entry drops everything
            log.compact(9, 7);
            assertThat(log.lastIndex()).isEqualTo(9);
            assertThat(log.snapshotIndex()).isEqualTo(9);
            assertThat(log.lastTerm()).isEqualTo(7);
        }
    }

    @Test
    void metaAndSnapshotRoundTripAndDetectCorruption() throws IOException {
        MetaStore meta = new MetaStore(dir, Durable.FSYNC);
        assertThat(meta.term()).isZero();
        assertThat(meta.votedFor()).isNull();
        meta.save(7, "n2");
        MetaStore again = new MetaStore(dir, Durable.FSYNC);
        assertThat(again.term()).isEqualTo(7);
        assertThat(again.votedFor()).isEqualTo("n2");
        again.save(8, null);
        assertThat(new MetaStore(dir, Durable.FSYNC).votedFor()).isNull();

        SnapshotStore snaps = new SnapshotStore(dir, Durable.FSYNC);
        assertThat(snaps.latest()).isNull();
        snaps.save(new SnapshotStore.Snapshot(42, 3, "state".getBytes(StandardCharsets.UTF_8)));
        SnapshotStore.Snapshot s = new SnapshotStore(dir, Durable.FSYNC).latest();
        assertThat(s.lastIndex()).isEqualTo(42);
        assertThat(s.lastTerm()).isEqualTo(3);
        assertThat(new String(s.data(), StandardCharsets.UTF_8)).isEqualTo("state");

        byte[] bytes = Files.readAllBytes(dir.resolve("snapshot"));
        bytes[25] ^= 1;
        Files.write(dir.resolve("snapshot"), bytes);
        assertThatThrownBy(() -> new SnapshotStore(dir, Durable.FSYNC)).hasMessageContaining("checksum");
    }

    @Test
    void messagesRoundTrip() throws IOException {
        Message m = new Message.AppendRequest("n1", 4, 10, 3, entries(4, 3, "m"), 9, 77, "n1:8080");
        Message back = MessageCodec.decode(MessageCodec.encode(m));
        assertThat(back).isInstanceOf(Message.AppendRequest.class);
        Message.AppendRequest a = (Message.AppendRequest) back;
        assertThat(a.prevIndex()).isEqualTo(10);
        assertThat(a.seq()).isEqualTo(77);
        assertThat(a.leaderInfo()).isEqualTo("n1:8080");
        assertThat(a.entries()).hasSize(3);
        assertThat(new String(a.entries().get(2).data(), StandardCharsets.UTF_8)).isEqualTo("m2");
        Message v = MessageCodec.decode(MessageCodec.encode(new Message.VoteResponse("n3", 5, true, true)));
        assertThat(v).isEqualTo(new Message.VoteResponse("n3", 5, true, true));
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {99, 0, 1, 65, 0, 0, 0, 0, 0, 0, 0, 1}))
                .isInstanceOf(IOException.class);
    }
}

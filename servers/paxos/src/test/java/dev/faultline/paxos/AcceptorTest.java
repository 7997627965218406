package dev.faultline.paxos;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcceptorTest {
    @TempDir
    Path dir;

    private static Ballot b(long c, String n) {
        return new Ballot(c, n);
    }

    @Test
    void promisesAndAcceptsFollowTheBallotOrder() throws Exception {
        try (Acceptor a = Acceptor.open(dir, true)) {
            assertThat(a.prepare("x", b(2, "n1")).ok()).isTrue();
            assertThat(a.prepare("x", b(1, "n2")).ok()).as("lower ballot").isFalse();
            assertThat(a.prepare("x", b(2, "n1")).ok()).as("same ballot twice").isFalse();
            assertThat(a.accept("x", b(1, "n2"), IntNode.valueOf(1)).ok()).isFalse();
            assertThat(a.accept("x", b(2, "n1"), IntNode.valueOf(7)).ok()).isTrue();
            Acceptor.Promise p = a.prepare("x", b(3, "n2"));
            assertThat(p.ok()).isTrue();
            assertThat(p.accepted()).isEqualTo(b(2, "n1"));
            assertThat(p.value()).isEqualTo(IntNode.valueOf(7));
            assertThat(a.prepare("y", b(1, "n1")).ok()).as("keys are independent").isTrue();
        }
    }

    @Test
    void aRestartedAcceptorKeepsItsPromiseAndItsValue() throws Exception {
        try (Acceptor a = Acceptor.open(dir, true)) {
            a.accept("x", b(1, "n1"), IntNode.valueOf(1));
            a.prepare("x", b(5, "n2"));
        }
        try (Acceptor a = Acceptor.open(dir, true)) {
            assertThat(a.accept("x", b(4, "n1"), IntNode.valueOf(2)).ok()).as("below the persisted promise").isFalse();
            assertThat(a.state("x").value()).isEqualTo(IntNode.valueOf(1));
            assertThat(a.highest()).isEqualTo(b(5, "n2"));
        }
        assertThat(Files.readAllLines(dir.resolve(Acceptor.LOG_FILE))).as("compacted to one record per key").hasSize(1);
    }

    @Test
    void withTheNoPersistPromiseBugARestartedAcceptorAcceptsBelowItsPromise() throws Exception {
        try (Acceptor a = Acceptor.open(dir, false)) {
            a.accept("x", b(1, "n1"), IntNode.valueOf(1));
            a.prepare("x", b(5, "n2"));
            assertThat(a.accept("x", b(4, "n1"), IntNode.valueOf(2)).ok()).isFalse();
        }
        try (Acceptor a = Acceptor.open(dir, false)) {
            assertThat(a.accept("x", b(4, "n1"), IntNode.valueOf(2)).ok()).as("the promise of 5 is forgotten").isTrue();
        }
    }

    @Test
    void aTornLastRecordIsDroppedAndABadRecordNamesTheFile() throws Exception {
        try (Acceptor a = Acceptor.open(dir, true)) {
            a.accept("x", b(1, "n1"), IntNode.valueOf(1));
        }
        Path log = dir.resolve(Acceptor.LOG_FILE);
        Files.writeString(log, "{\"k\":\"x\",\"p\":[9,", StandardOpenOption.APPEND);
        try (Acceptor a = Acceptor.open(dir, true)) {
            assertThat(a.state("x").promised()).isEqualTo(b(1, "n1"));
        }
        Files.writeString(log, "{\"k\":\"y\",\"p\":\"bad\",\"a\":[0,\"\"]}\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Acceptor.open(dir, true)).hasMessageContaining(log.toString()).hasMessageContaining("record 2");
    }
}

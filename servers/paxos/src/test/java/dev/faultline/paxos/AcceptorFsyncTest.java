package dev.faultline.paxos;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The no-fsync switch: the acceptor forces nothing, yet answers as before. Forces are counted on the real files. */
class AcceptorFsyncTest {
    @TempDir
    Path dir;

    /** Forces for real and counts the calls. */
    private static final class CountingDisk implements AcceptorLog.Disk {
        final AtomicInteger forces = new AtomicInteger();

        @Override
        public void force(java.nio.channels.FileChannel ch, boolean metaData) throws java.io.IOException {
            forces.incrementAndGet();
            ch.force(metaData);
        }
    }

    private PaxosOptions options(String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", "n1", "--data-dir", dir.toString(), "--peers", "n1=127.0.0.1:1"));
        args.addAll(List.of(extra));
        return PaxosOptions.parse(args);
    }

    /** Opens the acceptor, makes three promises and three accepts, and returns the forces counted after opening. */
    private int forcesForPromisesAndAccepts(PaxosOptions options, CountingDisk disk) throws Exception {
        try (Acceptor a = Acceptor.open(options, disk)) {
            int atOpen = disk.forces.get();
            for (int i = 1; i <= 3; i++) {
                assertThat(a.prepare("k" + i, new Ballot(i, "n1")).ok()).isTrue();
                assertThat(a.accept("k" + i, new Ballot(i, "n1"), IntNode.valueOf(i)).ok()).isTrue();
            }
            return disk.forces.get() - atOpen;
        }
    }

    @Test
    void theSafeAcceptorForcesItsLogBeforeAnswering() throws Exception {
        CountingDisk disk = new CountingDisk();
        int forces = forcesForPromisesAndAccepts(options(), disk);
        assertThat(forces).as("one force per answer at least (answers are sequential here)").isGreaterThanOrEqualTo(6);
    }

    @Test
    void withNoFsyncTheAcceptorNeverForcesButStillAnswers() throws Exception {
        CountingDisk disk = new CountingDisk();
        int forces = forcesForPromisesAndAccepts(options("--unsafe", "no-fsync"), disk);
        assertThat(forces).as("forces after open").isZero();
        assertThat(disk.forces.get()).as("forces at open (rewrite, directory) included").isZero();
        try (Acceptor a = Acceptor.open(options("--unsafe", "no-fsync"), disk)) {
            assertThat(a.state("k2").value()).as("written, so a process restart still reads it").isEqualTo(IntNode.valueOf(2));
        }
        assertThat(disk.forces.get()).isZero();
    }
}

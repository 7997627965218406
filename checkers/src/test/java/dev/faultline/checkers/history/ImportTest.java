package dev.faultline.checkers.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
    @TempDir Path dir;

    @Test
    void readsAKnossosVector() throws Exception {
        Path f = write("h.edn", "; a comment\n[{:process 0, :type :invoke, :f :cas, :value [1 2]}\n"
                + " {:process :nemesis, :type :info, :f :start, :value {:n1 [\"n2\" :n3]}}\n"
                + " {:process 0, :type :ok, :f :cas, :value [1 2], :error :late, :extra #{1}}]\n");
        assertThat(HistoryFiles.detect(f)).isEqualTo(HistoryFiles.Format.EDN);
        History h = HistoryFiles.read(f);
        assertThat(h.ops()).containsExactly(
                new Op(0, -1, 0, OpType.INVOKE, "cas", null, List.of(1L, 2L), null),
                new Op(1, -1, Op.NEMESIS, OpType.INFO, "start", null, java.util.Map.of("n1", List.of("n2", "n3")), null),
                new Op(2, -1, 0, OpType.OK, "cas", null, List.of(1L, 2L), "late"));
    }

    @Test
    void readsOneMapPerLineWithTaggedRecords() throws Exception {
        Path f = write("history.edn", "{:index 0, :time 5, :type :invoke, :process 1, :f :txn, :value [[:read :x nil]]}\n"
                + "#jepsen.history.Op{:index 1, :time 9, :type :ok, :process 1, :f :txn, :value [[:read :x 0]]}\n");
        History h = HistoryFiles.read(f);
        assertThat(h.get(1).value()).isEqualTo(List.of(java.util.Arrays.asList("read", "x", 0L)));
        assertThat(h.get(1).time()).isEqualTo(9);
    }

    @Test
    void ednErrorsNameLineAndField() throws Exception {
        Path f = write("bad.edn", "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :okk, :f :read}]");
        assertThatThrownBy(() -> HistoryFiles.read(f)).isInstanceOf(HistoryException.class)
                .hasMessageContaining(f + " line 2: op 1: field :type: unknown op type 'okk'");
        Path g = write("bad2.edn", "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read, :value [1 2}]");
        assertThatThrownBy(() -> HistoryFiles.read(g)).hasMessageContaining(g + " line 2 column").hasMessageContaining("expected ']' to close the collection opened on line 2, found '}'");
        Path cut = write("cut.edn", "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read}\n");
        assertThatThrownBy(() -> HistoryFiles.read(cut)).hasMessageContaining("unexpected end of input");
        Path proc = write("proc.edn", "[{:process \"x\", :type :invoke, :f :read}]");
        assertThatThrownBy(() -> HistoryFiles.read(proc)).hasMessageContaining("line 1: op 0: field :process");
    }

    @Test
    void ednInconsistencyNamesTheLine() throws Exception {
        Path f = write("orphan.edn", "[{:process 0, :type :invoke, :f :read}\n\n {:process 1, :type :ok, :f :read, :value 1}]");
        assertThatThrownBy(() -> HistoryFiles.read(f)).hasMessageContaining(f + " line 3: inconsistent history")
                .hasMessageContaining("process 1 completes read (ok) but has no op in flight");
    }

    @Test
    void readsJepsenHistoryTxt() throws Exception {
        Path f = write("history.txt", "3\t:invoke\t:cas\t[1 4]\n:nemesis\t:info\t:start\tnil\n3\t:fail\t:cas\t[1 4]\t:timeout\n");
        assertThat(HistoryFiles.detect(f)).isEqualTo(HistoryFiles.Format.JEPSEN_TEXT);
        History h = HistoryFiles.read(f);
        assertThat(h.ops()).containsExactly(
                new Op(0, -1, 3, OpType.INVOKE, "cas", null, List.of(1L, 4L), null),
                new Op(1, -1, Op.NEMESIS, OpType.INFO, "start", null, null, null),
                new Op(2, -1, 3, OpType.FAIL, "cas", null, List.of(1L, 4L), "timeout"));
        Path bad = write("bad.txt", "3\t:invoke\t:cas\t[1 4]\n3\t:ok\t:cas\t[1 4\n");
        assertThatThrownBy(() -> HistoryFiles.read(bad)).hasMessageContaining(bad + " line 2");
    }

    @Test
    void readsOpLinesOfAJepsenLog() throws Exception {
        Path f = write("jepsen.log", "2017-01-01 INFO  jepsen.core - Running test\n"
                + "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\n"
                + "INFO  jepsen.util - :nemesis\t:info\t:start\t\"cut\"\n"
                + "INFO  jepsen.util - 3\t:ok\t:cas\t[1 4]\n"
                + "INFO  jepsen.core - done\n");
        assertThat(HistoryFiles.detect(f)).isEqualTo(HistoryFiles.Format.JEPSEN_LOG);
        History h = HistoryFiles.read(f);
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.get(1).value()).isEqualTo("cut");
        assertThat(h.completion(0)).isEqualTo(2);
    }

    /** As in Porcupine's test_data/jepsen/etcd_100.log: fields padded with spaces, not tabs. */
    @Test
    void readsASpacePaddedJepsenLog() throws Exception {
        Path f = write("padded.log", "INFO  jepsen.core - Running test with 5 info lines\n"
                + "INFO  jepsen.util - 1   :invoke :write  3\n"
                + "INFO  jepsen.util - 4   :invoke :cas    [1 2]\n"
                + "INFO  jepsen.util - 4   :fail   :cas    [1 2]\n"
                + "INFO  jepsen.util - 1   :info   :write  :timed-out\n");
        assertThat(HistoryFiles.detect(f)).isEqualTo(HistoryFiles.Format.JEPSEN_LOG);
        History h = HistoryFiles.read(f);
        assertThat(h.ops()).containsExactly(
                new Op(0, -1, 1, OpType.INVOKE, "write", null, 3L, null),
                new Op(1, -1, 4, OpType.INVOKE, "cas", null, List.of(1L, 2L), null),
                new Op(2, -1, 4, OpType.FAIL, "cas", null, List.of(1L, 2L), null),
                new Op(3, -1, 1, OpType.INFO, "write", null, "timed-out", null));
        Path text = write("padded.txt", "1   :invoke :write  3\n1   :ok     :write  3\n");
        assertThat(HistoryFiles.detect(text)).isEqualTo(HistoryFiles.Format.JEPSEN_TEXT);
        assertThat(HistoryFiles.read(text).completion(0)).isEqualTo(1);
    }

    @Test
    void independentTuplesBecomeKeys() throws Exception {
        Path f = write("indep.edn", "[{:process 0, :type :invoke, :f :read, :value [7 nil]}\n"
                + " {:process :nemesis, :type :info, :f :start, :value nil}\n"
                + " {:process 0, :type :ok, :f :read, :value [7 3]}]");
        History h = Independent.split(HistoryFiles.read(f));
        assertThat(h.get(0).key()).isEqualTo("7");
        assertThat(h.get(0).value()).isNull();
        assertThat(h.get(2).value()).isEqualTo(3L);
        Path bad = write("notindep.edn", "[{:process 0, :type :invoke, :f :read, :value 3}]");
        assertThatThrownBy(() -> Independent.split(HistoryFiles.read(bad))).hasMessageContaining("op 0 (process 0, read): expected an independent [key value] tuple");
    }

    @Test
    void unknownFormatIsAClearError() throws Exception {
        Path f = write("x.csv", "\nprocess,type,f\n");
        assertThatThrownBy(() -> HistoryFiles.read(f)).hasMessageContaining(f + " line 2: unrecognised history format");
    }

    @Test
    void readsEveryKnossosFile() throws Exception {
        Path root = KnossosData.root();
        try (var files = Files.walk(root)) {
            List<Path> edn = files.filter(p -> p.toString().endsWith(".edn")).toList();
            assertThat(edn).hasSizeGreaterThan(100);
            for (Path p : edn) assertThat(HistoryFiles.read(p).size()).as(p.toString()).isPositive();
        }
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}

package dev.faultline.checkers.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.HistoryFiles;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnImportTest {
    @TempDir Path dir;

    /** An Elle list-append history as Jepsen writes history.edn: one op map per line, integer keys. */
    static final String ELLE_G1C = """
            {:type :invoke, :f :txn, :value [[:append 3 2] [:r 4 nil]], :process 0, :time 1000, :index 0}
            {:type :invoke, :f :txn, :value [[:append 4 1] [:r 3 nil]], :process 1, :time 1100, :index 1}
            {:type :ok, :f :txn, :value [[:append 3 2] [:r 4 [1]]], :process 0, :time 2000, :index 2}
            {:type :ok, :f :txn, :value [[:append 4 1] [:r 3 [2]]], :process 1, :time 2100, :index 3}
            {:type :info, :f :start-partition, :value nil, :process :nemesis, :time 2200, :index 4}
            {:type :invoke, :f :txn, :value [[:append 5 9]], :process 2, :time 3000, :index 5}
            {:type :info, :f :txn, :value [[:append 5 9]], :process 2, :time 4000, :index 6, :error :timeout}
            """;

    @Test
    void importsElleEdnHistories() throws Exception {
        Path f = dir.resolve("history.edn");
        Files.writeString(f, ELLE_G1C);
        List<Txn> txns = TxnHistory.of(HistoryFiles.read(f));
        assertThat(txns).hasSize(3);
        assertThat(txns.get(0).ops()).containsExactly(new MicroOp(MicroOp.Kind.APPEND, 3L, 2L), new MicroOp(MicroOp.Kind.READ, 4L, List.of(1L)));
        assertThat(txns.get(2).status().wireName()).isEqualTo("info");
        CheckResult r = new TxnChecker(TxnChecker.Workload.LIST_APPEND, ConsistencyModel.READ_COMMITTED).check(HistoryFiles.read(f));
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(((TxnReport) r.detail()).forbidden()).containsExactly("G1c");
        assertThat(r.summary()).contains("G1c x1");
    }

    @Test
    void readsTheJsonlShape() throws Exception {
        Path f = dir.resolve("history.jsonl");
        Files.writeString(f, """
                {"index":0,"time":1,"process":0,"type":"invoke","f":"txn","value":[["w","x",1],["r","y",null]]}
                {"index":1,"time":2,"process":0,"type":"ok","f":"txn","value":[["w","x",1],["r","y",null]]}
                {"index":2,"time":3,"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
                {"index":3,"time":4,"process":1,"type":"ok","f":"txn","value":[["r","x",1]]}
                """);
        CheckResult r = new TxnChecker(TxnChecker.Workload.RW_REGISTER, ConsistencyModel.STRICT_SERIALIZABLE).check(HistoryFiles.read(f));
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
    }

    @Test
    void malformedMicroOpsNameTheOp() throws Exception {
        Path f = dir.resolve("bad.edn");
        Files.writeString(f, "[{:type :invoke, :f :txn, :value [[:append 3 2] [:frob 4 nil]], :process 0}]");
        assertThatThrownBy(() -> TxnHistory.of(HistoryFiles.read(f))).isInstanceOf(HistoryException.class)
                .hasMessage("op 0 (process 0, txn invoke), micro-op 1: micro-op [frob 4 nil]: unknown function 'frob' (expected append, r or w)");
        Path g = dir.resolve("notxn.edn");
        Files.writeString(g, "[{:type :invoke, :f :read, :value nil, :process 0}]");
        assertThatThrownBy(() -> TxnHistory.of(HistoryFiles.read(g))).hasMessage("op 0 (process 0): expected a transaction (f txn), found f read");
    }
}

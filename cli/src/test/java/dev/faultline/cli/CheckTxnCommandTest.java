package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckTxnCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return FaultlineCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** Write skew: allowed by snapshot isolation, not by serializability. */
    private Path writeSkew() throws Exception {
        return Files.writeString(dir.resolve("history.edn"), """
                {:type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil] [:append :x 1]], :process 0, :index 0}
                {:type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil] [:append :y 1]], :process 1, :index 1}
                {:type :ok, :f :txn, :value [[:r :x []] [:r :y []] [:append :x 1]], :process 0, :index 2}
                {:type :ok, :f :txn, :value [[:r :x []] [:r :y []] [:append :y 1]], :process 1, :index 3}
                {:type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]], :process 0, :index 4}
                {:type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]], :process 0, :index 5}
                """);
    }

    @Test
    void checksListAppendAgainstTheChosenConsistencyModel() throws Exception {
        Path h = writeSkew();
        assertThat(run("check", "--model", "list-append", "--consistency", "snapshot-isolation", h.toString())).isEqualTo(0);
        assertThat(out.toString()).startsWith("valid ");
        out.getBuffer().setLength(0);
        assertThat(run("check", "-m", "list-append", h.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("invalid ").contains("not serializable: G2-item x1")
                .contains("  G2-item: T2 < T3 < T2, a cycle.").contains("T2 read key y = [], which did not include T3's append of 1");
    }

    @Test
    void jsonCarriesTheReport() throws Exception {
        run("check", "--json", "-m", "list-append", writeSkew().toString());
        JsonNode result = new ObjectMapper().readTree(out.toString().strip()).get("result");
        assertThat(result.get("checker").asText()).isEqualTo("list-append");
        assertThat(result.get("detail").get("forbidden").get(0).asText()).isEqualTo("G2-item");
        assertThat(result.get("detail").get("anomalies").get(0).get("txns").size()).isEqualTo(2);
    }

    @Test
    void unknownConsistencyModelIsExitCodeThree() throws Exception {
        assertThat(run("check", "-m", "rw-register", "--consistency", "linearizable", writeSkew().toString())).isEqualTo(3);
        assertThat(err.toString()).contains("unknown consistency model 'linearizable' (known: read-uncommitted, read-committed");
    }
}

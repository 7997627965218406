package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistoryWriter;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.results.RunRecord;
import dev.faultline.results.RunReports;
import dev.faultline.results.Store;
import dev.faultline.results.StoreServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportAndServeCommandTest {
    @TempDir Path tmp;

    private Path storedRun() throws Exception {
        Path run = Store.at(tmp.resolve("store")).newRun("register");
        Op w = Op.invoke(0, "write", "k1", 1L).withTime(1_000);
        History h = History.of(List.of(w, w.ok(1L).withTime(2_000), Op.invoke(1, "read", "k1", null).withTime(3_000),
                Op.invoke(1, "read", "k1", null).ok(1L).withTime(4_000)));
        try (JsonlHistoryWriter out = JsonlHistoryWriter.create(run.resolve("history.jsonl"))) {
            for (Op op : h) out.append(op);
        }
        RunReports.write(run, h, CheckResult.of("linearizable", Validity.VALID, "2 ops linearizable"),
                RunRecord.of("register", RunRecord.Status.COMPLETED, "raft-kv", "register", List.of()));
        Files.delete(run.resolve("report.html"));
        Files.delete(run.resolve("junit.xml"));
        Files.delete(tmp.resolve("store/index.html"));
        return run;
    }

    @Test
    void reportRerendersARunFromItsFiles() throws Exception {
        Path run = storedRun();
        StringWriter out = new StringWriter();
        int code = new CommandLine(new ReportCommand()).setOut(new PrintWriter(out)).execute(tmp.resolve("store/latest").toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("report.html (valid)");
        assertThat(Files.readString(run.resolve("report.html"))).contains("2 ops linearizable", "id=\"report-data\"");
        assertThat(run.resolve("junit.xml")).exists();
        assertThat(Files.readString(tmp.resolve("store/index.html"))).contains("raft-kv");
    }

    @Test
    void reportNamesWhatIsMissing() throws Exception {
        StringWriter err = new StringWriter();
        Path empty = Files.createDirectories(tmp.resolve("store/register/20260101T000000.000"));
        int code = new CommandLine(new ReportCommand()).setErr(new PrintWriter(err)).execute(empty.toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("history.jsonl: missing");

        err.getBuffer().setLength(0);
        code = new CommandLine(new ReportCommand()).setErr(new PrintWriter(err)).execute(tmp.resolve("nope").toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("no such run directory");
    }

    @Test
    void serveAnswersOnLoopback() throws Exception {
        Path run = storedRun();
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--port", "0", "--store", tmp.resolve("store").toString());
        try (StoreServer server = serve.start()) {
            HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("register/" + run.getFileName());
        }
    }
}

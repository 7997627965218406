package dev.faultline.cli;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code faultline cds-training} (hidden): what the launcher runs once per build under
 * {@code -XX:ArchiveClassesAtExit}, so that the classes of the quick commands ({@code --help},
 * {@code list}, {@code check} of JSONL and EDN files) are in a class-data-sharing archive and later
 * starts map them instead of loading and verifying them again. Its output is discarded.
 */
@Command(name = "cds-training", hidden = true, description = "Load the classes of the quick commands (for the launcher's CDS archive).")
final class CdsTrainingCommand implements Callable<Integer> {
    private static final String JSONL = """
            {"index":0,"time":1,"process":0,"type":"invoke","f":"write","key":"k1","value":1}
            {"index":1,"time":2,"process":0,"type":"ok","f":"write","key":"k1","value":1}
            {"index":2,"time":3,"process":1,"type":"invoke","f":"cas","key":"k1","value":[1,2]}
            {"index":3,"time":4,"process":1,"type":"ok","f":"cas","key":"k1","value":[1,2]}
            {"index":4,"time":5,"process":0,"type":"invoke","f":"read","key":"k1","value":null}
            {"index":5,"time":6,"process":0,"type":"ok","f":"read","key":"k1","value":1}
            """;
    private static final String EDN = """
            {:type :invoke, :f :write, :value 1, :process 0, :time 1, :index 0}
            {:type :ok, :f :write, :value 1, :process 0, :time 2, :index 1}
            {:type :invoke, :f :read, :value nil, :process 1, :time 3, :index 2}
            {:type :ok, :f :read, :value 1, :process 1, :time 4, :index 3}
            """;

    @Override
    public Integer call() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        try {
            Path dir = Files.createTempDirectory("faultline-cds");
            try {
                Path jsonl = Files.writeString(dir.resolve("h.jsonl"), JSONL);
                Path edn = Files.writeString(dir.resolve("h.edn"), EDN);
                FaultlineCli.run(sink, sink, "--help");
                for (String command : List.of("test", "check", "list", "selftest", "report", "serve")) {
                    FaultlineCli.run(sink, sink, command, "--help");
                }
                FaultlineCli.run(sink, sink, "list");
                FaultlineCli.run(sink, sink, "check", "--model", "cas-register-strict", jsonl.toString());
                FaultlineCli.run(sink, sink, "check", "--json", "--model", "register", edn.toString());
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}

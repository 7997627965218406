package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryFiles;
import dev.faultline.checkers.history.Independent;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.linearizable.Budget;
import dev.faultline.checkers.linearizable.LinearizabilityChecker;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.txn.Anomaly;
import dev.faultline.checkers.txn.ConsistencyModel;
import dev.faultline.checkers.txn.TxnChecker;
import dev.faultline.checkers.txn.TxnReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline check}: checks stored or imported histories for linearizability, or transactional histories against a consistency model. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check histories for linearizability against a model, or transactional histories (--model list-append or rw-register) "
                + "against a consistency model (--consistency).",
                "Reads Faultline history.jsonl, Jepsen/Knossos EDN, Jepsen history.txt and Jepsen logs (detected from the content).",
                "Prints one line per file; exit code 0 valid, 1 invalid, 2 unknown, 3 crash (the worst file wins).",
                "With --report, also writes for each file the report a run gets (report.html, results.json, junit.xml, test.json, history.jsonl)."})
final class CheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files.")
    List<Path> files;

    @Option(names = {"-m", "--model"}, defaultValue = "cas-register",
            description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--consistency", defaultValue = "serializable", paramLabel = "MODEL", completionCandidates = ConsistencyNames.class,
            description = "With --model list-append or rw-register: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String consistency;

    @Option(names = "--initial", converter = InitialStates.class, paramLabel = "VALUE",
            description = "The model's initial state, JSON or EDN: 0, '{\"x\":0}', '{:x 0 :y 0}' (default: the model's empty state, nil).")
    Object initial;

    @Option(names = "--time-limit", converter = Durations.class, defaultValue = "5m", paramLabel = "DURATION",
            description = "Give up (unknown) after this long per file (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--max-states", paramLabel = "N",
            description = "Give up (unknown) when the search holds more configurations than this (up to ~100 bytes each; "
                    + "default: as many as fit in half the heap, at most 50,000,000).")
    Long maxStates;

    @Option(names = "--independent",
            description = "Values are Jepsen independent [key value] tuples: split them into key and value (then keys are checked separately).")
    boolean independent;

    @Option(names = "--json", description = "Print one JSON object per file (one per line) instead of text.")
    boolean json;

    @Option(names = "--after-invalid", converter = Durations.class, defaultValue = "1s", paramLabel = "DURATION",
            description = "Once a key is not linearizable the verdict is invalid: the keys still being checked get this much "
                    + "more, then are reported undecided (default: ${DEFAULT-VALUE}).")
    Duration afterInvalid;

    @Option(names = "--check-all-keys", description = "Check every key fully even once the verdict is invalid.")
    boolean checkAllKeys;

    @Option(names = "--report", arity = "0..1", paramLabel = "DIR", parameterConsumer = OptionalReportDir.class,
            description = {"Write each file's report: into DIR (DIR/<file stem>/ for several files), or without DIR into a new run of the store, "
                    + "<store>/check-<file stem>/<UTC time>/, listed in the store index. A following argument that is an existing file is a FILE, not DIR."})
    String reportDir;

    @Option(names = "--store", defaultValue = "store", paramLabel = "DIR",
            description = "The store for --report without DIR (default: ${DEFAULT-VALUE}).")
    Path store;

    @Override
    public Integer call() throws Exception {
        Checker checker = checker();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.VALID;
        CheckReports reports = reportDir == null ? null : new CheckReports(reportDir.isEmpty() ? null : Path.of(reportDir), store, files.size());
        for (Path file : files) {
            long start = System.nanoTime();
            Instant startTime = Instant.now();
            try {
                History history = read(file, err);
                if (independent) history = Independent.split(history);
                CheckResult result = checker.check(history);
                double seconds = (System.nanoTime() - start) / 1e9;
                Path report = reports == null ? null : reports.write(file, history, result, model, startTime, Instant.now());
                exit = ExitCodes.worst(exit, ExitCodes.of(result.validity()));
                if (json) {
                    ObjectNode o = jsonResult(file, history, result, seconds);
                    if (report != null) o.put("report", report.toString());
                    out.println(JSON.writeValueAsString(o));
                } else {
                    out.printf(Locale.ROOT, "%-7s %s  %,d ops  %.3f s  %s%n", result.validity().wireName(), file,
                            clientOps(history), seconds, result.summary());
                    if (result.detail() instanceof TxnReport txn) {
                        for (Anomaly a : txn.anomalies()) out.println("  " + a.type() + ": " + a.explanation().replace("\n", "\n  "));
                    }
                    if (report != null) err.println("faultline check: " + file + ": report " + report);
                }
            } catch (RuntimeException e) {
                exit = ExitCodes.CRASH;
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                if (json) {
                    ObjectNode o = JSON.createObjectNode().put("file", file.toString()).put("validity", "crash").put("error", message);
                    out.println(JSON.writeValueAsString(o));
                } else {
                    out.printf("%-7s %s  %s%n", "crash", file, message);
                }
                err.println("faultline check: " + message);
                if (System.getenv("FAULTLINE_DEBUG") != null) e.printStackTrace(err);
            }
            out.flush();
        }
        return exit;
    }

    private Checker checker() {
        if (TXN_MODELS.contains(model)) return new TxnChecker(TxnChecker.Workload.byName(model), ConsistencyModel.byName(consistency));
        Budget budget = new Budget(timeLimit, maxStates == null ? Budget.statesFittingInHeap() : maxStates,
                checkAllKeys ? null : afterInvalid);
        return new LinearizabilityChecker(Models.byName(model), initial, budget);
    }

    /** Reads any supported format; a JSONL file whose last line was cut short (a killed run) is checked up to it, with a warning. */
    private static History read(Path file, PrintWriter err) {
        if (HistoryFiles.detect(file) != HistoryFiles.Format.JSONL) return HistoryFiles.read(file);
        JsonlHistory.Prefix prefix = JsonlHistory.readPrefix(file);
        if (prefix.truncated() != null) err.println("faultline check: warning: ignoring the malformed last line: " + prefix.truncated().getMessage());
        return prefix.history();
    }

    private static ObjectNode jsonResult(Path file, History history, CheckResult result, double seconds) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", file.toString());
        o.put("validity", result.validity().wireName());
        o.put("ops", clientOps(history));
        o.put("seconds", seconds);
        o.set("result", JSON.valueToTree(result));
        return o;
    }

    /** Client operations (invocations), the unit every figure uses. */
    private static long clientOps(History history) {
        return history.ops().stream().filter(op -> !op.isNemesis() && op.isInvoke()).count();
    }

    /**
     * {@code --report} takes DIR only when one follows that is not an existing file, so that
     * {@code check --report h.edn} reports h.edn into the store rather than into a directory named h.edn.
     */
    static final class OptionalReportDir implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            String dir = "";
            if (!args.isEmpty() && !args.peek().startsWith("-") && !isFile(args.peek())) dir = args.pop();
            argSpec.setValue(dir);
        }

        private static boolean isFile(String arg) {
            try {
                return Files.isRegularFile(Path.of(arg));
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
        }
    }

    /** Transactional workloads, checked by {@link TxnChecker} rather than for linearizability. */
    static final List<String> TXN_MODELS = List.of("list-append", "rw-register");

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> names = new java.util.ArrayList<>(Models.names());
            names.addAll(TXN_MODELS);
            return names.iterator();
        }
    }

    static final class ConsistencyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ConsistencyModel.names().iterator();
        }
    }
}

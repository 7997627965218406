package dev.faultline.cli;

import dev.faultline.checkers.history.HistoryException;
import dev.faultline.results.ResultsFile;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunReports;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline report RUN_DIR}: re-renders report.html and junit.xml from a run's stored files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "(Re)render a run's report.html and junit.xml from its history.jsonl, results.json and test.json, and update the store index.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory: <store>/<test>/<run>, or <store>/latest.")
    Path runDir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Path dir = runDir.toRealPath();
            RunReports.rerender(dir);
            RunDir files = RunDir.at(dir);
            String verdict = ResultsFile.read(files.results()).validity().wireName();
            spec.commandLine().getOut().println("wrote " + files.report() + " (" + verdict + ")");
            return 0;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("faultline report: " + runDir + ": no such run directory");
            return 3;
        } catch (IllegalArgumentException | UncheckedIOException | HistoryException e) {
            spec.commandLine().getErr().println("faultline report: " + e.getMessage());
            return 3;
        }
    }
}

package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.results.RunRecord;

import java.nio.file.Path;

/** Writes the verdict and reports of a run into its directory (default: {@link dev.faultline.results.RunReports#write}). */
@FunctionalInterface
public interface Reporter {
    void report(Path runDir, History history, CheckResult result, RunRecord record) throws Exception;
}

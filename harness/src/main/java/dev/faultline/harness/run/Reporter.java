package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;

import java.nio.file.Path;
import java.util.Map;

/** Writes the verdict and reports of a run into its directory (default: {@link dev.faultline.results.RunReports#write}). */
@FunctionalInterface
public interface Reporter {
    void report(Path runDir, History history, CheckResult result, Map<String, Object> testInfo) throws Exception;
}

package dev.faultline.junit;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.RunOutcome;

import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link FaultlineTest} run ended, with what a failing test should print.
 *
 * @param status          completed, or crashed/interrupted (then {@code validity} is unknown and {@code error} says why)
 * @param validity        the checker's verdict: valid, invalid, or unknown (it gave up, or the run did not complete)
 * @param summary         the checker's one-sentence summary, or the crash reason
 * @param anomalies       "checker: invalid: summary" for every checker that did not find the history valid
 * @param counterexamples each linearizability counterexample in words, as report.html words it
 * @param runDir          the run's directory in the store (history.jsonl, results.json, faultline.log, node logs)
 * @param report          {@code runDir/report.html}
 * @param seed            the seed of the run: the same seed replays the same schedule of ops and faults
 * @param result          the checker's full result tree (null if the run crashed before checking)
 * @param error           why the run crashed, or null
 */
public record FaultlineResult(RunOutcome.Status status, Validity validity, String summary, List<String> anomalies,
                              List<String> counterexamples, Path runDir, Path report, long seed, CheckResult result,
                              String error) {
    public FaultlineResult {
        anomalies = List.copyOf(anomalies);
        counterexamples = List.copyOf(counterexamples);
    }

    public boolean isValid() {
        return status == RunOutcome.Status.COMPLETED && validity == Validity.VALID;
    }

    public boolean isInvalid() {
        return status == RunOutcome.Status.COMPLETED && validity == Validity.INVALID;
    }

    /** The run in words: verdict and summary, the first counterexamples and anomalies, seed, report: what a failed assertion prints. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (status != RunOutcome.Status.COMPLETED) {
            b.append(status.wireName()).append(": ").append(error != null ? error : summary);
        } else {
            b.append(validity.wireName()).append(": ").append(summary);
        }
        list(b, "counterexample", "counterexamples", counterexamples, 3);
        list(b, "anomaly", "anomalies", anomalies, 5);
        b.append("\n  seed: ").append(seed);
        b.append("\n  report: ").append(report.toAbsolutePath());
        return b.toString();
    }

    private static void list(StringBuilder b, String label, String plural, List<String> items, int max) {
        for (int i = 0; i < Math.min(max, items.size()); i++) b.append("\n  ").append(label).append(": ").append(items.get(i));
        if (items.size() > max) b.append("\n  … ").append(items.size() - max).append(" more ").append(plural).append(" in the report");
    }

    @Override
    public String toString() {
        return describe();
    }
}

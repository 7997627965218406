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

    /** The run in words: verdict and summary, counterexamples, anomalies, seed, report: what a failed assertion prints. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (status != RunOutcome.Status.COMPLETED) {
            b.append("the run ").append(status.wireName()).append(error == null ? "" : ": " + error);
        } else {
            b.append(validity.wireName()).append(": ").append(summary);
        }
        for (String c : counterexamples) b.append("\n  counterexample: ").append(c);
        for (String a : anomalies) b.append("\n  anomaly: ").append(a);
        b.append("\n  seed: ").append(seed);
        b.append("\n  report: ").append(report.toAbsolutePath());
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}

package dev.faultline.cli.selftest;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.SelfTestCase;

import java.nio.file.Path;

/**
 * What one self-test case gave.
 *
 * @param target  the target's name
 * @param testCase the case as the target declared it
 * @param actual  the checker's verdict; null if the run did not complete (crashed, interrupted, skipped)
 * @param outcome how the run ended
 * @param runDir  the run's directory in the store; null if no run was started
 * @param detail  the checker's summary, or why the run crashed or was skipped
 * @param seed    the run's seed
 * @param seconds wall-clock seconds the run took, setup and teardown included
 * @param firstAnomalySeconds seconds from the main phase's start (the first client op) to the invocation of the
 *                earliest op the checker names as taking part in an anomaly; null if the verdict is not
 *                invalid or the checker names no op
 * @param hostClockWarning the run's warning that the host's wall clock stepped (a clock fault Faultline did not
 *                inject, which can explain a false alarm or a miss); null if it did not step or the run did not complete
 */
public record SelftestResult(String target, SelfTestCase testCase, Outcome outcome, Validity actual, Path runDir,
                             String detail, long seed, double seconds, Double firstAnomalySeconds, String hostClockWarning) {

    /** How a case's run ended. */
    public enum Outcome { COMPLETED, CRASHED, INTERRUPTED, SKIPPED }

    /** A matrix cell: the expected verdict against the actual one. */
    public enum Cell {
        CAUGHT("caught ✓", true),
        VALID("valid ✓", true),
        MISSED("MISSED ✗", false),
        FALSE_ALARM("FALSE ALARM ✗", false),
        UNKNOWN("unknown ?", false),
        CRASHED("CRASHED !", false),
        INTERRUPTED("interrupted !", false),
        SKIPPED("skipped -", true);

        private final String label;
        private final boolean matches;

        Cell(String label, boolean matches) {
            this.label = label;
            this.matches = matches;
        }

        public String label() {
            return label;
        }

        /** The cell agrees with its expectation (a skipped case was not run and counts as no disagreement). */
        public boolean matches() {
            return matches;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static SelftestResult completed(String target, SelfTestCase c, Validity actual, Path runDir, String summary,
                                           long seed, double seconds) {
        return new SelftestResult(target, c, Outcome.COMPLETED, actual, runDir, summary, seed, seconds, null, null);
    }

    public static SelftestResult crashed(String target, SelfTestCase c, Path runDir, String error, long seed, double seconds) {
        return new SelftestResult(target, c, Outcome.CRASHED, null, runDir, error, seed, seconds, null, null);
    }

    public static SelftestResult interrupted(String target, SelfTestCase c, Path runDir, long seed, double seconds) {
        return new SelftestResult(target, c, Outcome.INTERRUPTED, null, runDir, "interrupted", seed, seconds, null, null);
    }

    public static SelftestResult skipped(String target, SelfTestCase c, String why) {
        return new SelftestResult(target, c, Outcome.SKIPPED, null, null, why, 0, 0, null, null);
    }

    /** This result with the time to its first anomalous op. */
    public SelftestResult withFirstAnomaly(Double secondsFromStart) {
        return new SelftestResult(target, testCase, outcome, actual, runDir, detail, seed, seconds, secondsFromStart, hostClockWarning);
    }

    /** This result with the run's host-clock warning (null: the wall clock did not step). */
    public SelftestResult withHostClockWarning(String warning) {
        return new SelftestResult(target, testCase, outcome, actual, runDir, detail, seed, seconds, firstAnomalySeconds, warning);
    }

    public Validity expected() {
        return testCase.expected();
    }

    public Cell cell() {
        return switch (outcome) {
            case CRASHED -> Cell.CRASHED;
            case INTERRUPTED -> Cell.INTERRUPTED;
            case SKIPPED -> Cell.SKIPPED;
            case COMPLETED -> switch (actual) {
                case UNKNOWN -> Cell.UNKNOWN;
                case INVALID -> expected() == Validity.INVALID ? Cell.CAUGHT : Cell.FALSE_ALARM;
                case VALID -> expected() == Validity.VALID ? Cell.VALID : Cell.MISSED;
            };
        };
    }

    /** The matrix row: target and build ("raft-kv safe", "raft-kv stale-read"). */
    public String row() {
        return target + " " + testCase.build();
    }

    public String column() {
        return testCase.nemesisLabel();
    }
}

package dev.faultline.cli.selftest;

import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the runs of one matrix cell gave, counted: with {@code --repeat N} a cell holds N runs of its case.
 *
 * @param runs                runs that were not skipped
 * @param asExpected          runs whose verdict matched the expectation
 * @param caught              planted-bug runs with verdict invalid
 * @param missed              planted-bug runs with verdict valid
 * @param valid               safe runs with verdict valid
 * @param falseAlarms         safe runs with verdict invalid
 * @param unknown             runs whose checker gave up
 * @param crashed             runs that crashed or were interrupted
 * @param skipped             runs not started
 * @param firstAnomalySeconds per invalid run that names its anomalous ops: seconds from the main phase's start to the first such op, in run order
 * @param medianFirstAnomalySeconds their median; null if there are none
 * @param medianSeconds       median wall-clock seconds of a run (setup and teardown included); null if none ran
 */
public record CellStats(int runs, int asExpected, int caught, int missed, int valid, int falseAlarms, int unknown, int crashed,
                        int skipped, List<Double> firstAnomalySeconds, Double medianFirstAnomalySeconds, Double medianSeconds) {

    public static CellStats of(List<SelftestResult> results) {
        int runs = 0, ok = 0, caught = 0, missed = 0, valid = 0, falseAlarms = 0, unknown = 0, crashed = 0, skipped = 0;
        List<Double> first = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (SelftestResult r : results) {
            SelftestResult.Cell c = r.cell();
            if (c == SelftestResult.Cell.SKIPPED) {
                skipped++;
                continue;
            }
            runs++;
            seconds.add(r.seconds());
            if (c.matches()) ok++;
            switch (c) {
                case CAUGHT -> caught++;
                case MISSED -> missed++;
                case VALID -> valid++;
                case FALSE_ALARM -> falseAlarms++;
                case UNKNOWN -> unknown++;
                case CRASHED, INTERRUPTED -> crashed++;
                default -> { }
            }
            if (r.firstAnomalySeconds() != null) first.add(r.firstAnomalySeconds());
        }
        return new CellStats(runs, ok, caught, missed, valid, falseAlarms, unknown, crashed, skipped, List.copyOf(first),
                median(first), median(seconds));
    }

    static Double median(List<Double> xs) {
        if (xs.isEmpty()) return null;
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /**
     * The cell as the repeated matrix shows it: "caught 9/10 ✗ 12.3 s" for a planted bug, "valid 10/10 ✓" or
     * "valid 9/10 ✗ 1 false alarm 20.1 s" for a safe build; then crashed and unknown counts. The seconds are
     * the median time to the first anomalous op.
     */
    public String label(Validity expected) {
        if (runs == 0) return skipped > 0 ? "skipped -" : "";
        StringBuilder sb = new StringBuilder();
        boolean bug = expected == Validity.INVALID;
        sb.append(bug ? "caught " + caught : "valid " + valid).append('/').append(runs).append(asExpected == runs ? " ✓" : " ✗");
        if (!bug && falseAlarms > 0) sb.append(", ").append(falseAlarms).append(falseAlarms == 1 ? " false alarm" : " false alarms");
        if (unknown > 0) sb.append(", ").append(unknown).append(" unknown");
        if (crashed > 0) sb.append(", ").append(crashed).append(" crashed");
        if (medianFirstAnomalySeconds != null) sb.append(String.format(Locale.ROOT, ", %.1f s", medianFirstAnomalySeconds));
        return sb.toString();
    }
}

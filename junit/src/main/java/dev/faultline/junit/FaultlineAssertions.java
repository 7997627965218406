package dev.faultline.junit;

/**
 * AssertJ entry point for {@link FaultlineResult}:
 * {@code FaultlineAssertions.assertThat(result).isValid()}. A failure prints the run in words
 * ({@link FaultlineResult#describe()}): verdict, counterexamples, anomalies, seed and report path.
 */
public final class FaultlineAssertions {
    private FaultlineAssertions() {}

    public static FaultlineResultAssert assertThat(FaultlineResult actual) {
        return new FaultlineResultAssert(actual);
    }
}

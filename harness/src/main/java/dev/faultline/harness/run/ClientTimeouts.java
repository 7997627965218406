package dev.faultline.harness.run;

import dev.faultline.harness.spi.ClientOpTimeout;

import java.time.Duration;

/**
 * How long the runner waits for a client op when the target declares how long its ops may take
 * ({@link ClientOpTimeout}) and the user did not choose ({@code --client-timeout}).
 */
public final class ClientTimeouts {
    private ClientTimeouts() {
    }

    /**
     * The larger of the run default and the declared op timeout plus a quarter. The margin is a
     * quarter rather than a fixed number of seconds because it must hold whatever the scale: a
     * client that times its own op out at the declared limit still has to notice, kill what it
     * started (the protocol client's child gets SIGTERM, then SIGKILL, one stop grace apart) and
     * record its outcome, and on a loaded controller that takes longer when the ops are long too.
     * A quarter is at least 2 s wherever it decides (a declared 8 s or more; below that the 10 s
     * default leaves more), and it is the inverse of {@code ProtocolSettings.within}'s 80 %: a
     * protocol client bounded within the effective timeout keeps exactly the declared op timeout.
     */
    public static Duration effective(Duration runDefault, Duration declaredOpTimeout) {
        if (declaredOpTimeout.isNegative() || declaredOpTimeout.isZero()) {
            throw new IllegalArgumentException("a declared client op timeout must be positive, was " + declaredOpTimeout);
        }
        Duration withMargin = declaredOpTimeout.multipliedBy(5).dividedBy(4);
        return withMargin.compareTo(runDefault) > 0 ? withMargin : runDefault;
    }
}

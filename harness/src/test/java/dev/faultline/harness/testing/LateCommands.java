package dev.faultline.harness.testing;

import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Remote#exec} contract that a command never acts after its caller gave up on it,
 * checked on a real node: each command sleeps past its timeout and then touches a file; no file may
 * ever appear, and nothing of the command may still run when exec has thrown.
 */
public final class LateCommands {
    private LateCommands() {
    }

    private static String dir(Remote r) {
        String d = r.nodePath("/tmp/faultline-late");
        r.sh("rm -rf " + d + " && mkdir -p " + d).orThrow("preparing " + d);
        return d;
    }

    /** Commands that outlive their 1 s timeout (one of them ignoring SIGTERM) never touch their file. */
    public static void neverActAfterTheirTimeout(Remote r) throws InterruptedException {
        String d = dir(r);
        for (String script : new String[] {
                "sleep 3; touch " + d + "/after-3s",
                "sleep 1.5; touch " + d + "/after-1.5s",
                "trap '' TERM; sleep 2.5; touch " + d + "/ignoring-term"}) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.sh(script, Duration.ofSeconds(1))).as(script)
                    .isInstanceOf(RemoteException.class).hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(script).isLessThan(Duration.ofSeconds(10));
            assertThat(stillRunning(r, d)).as("processes of '" + script + "' after exec threw").isEmpty();
        }
        Thread.sleep(5_000);
        assertThat(files(r, d)).isEmpty();
    }

    /** A caller interrupted while its command runs kills the command before exec returns. */
    public static void dieWithAnInterruptedCaller(Remote r) throws InterruptedException {
        String d = dir(r);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                r.sh("sleep 2; touch " + d + "/interrupted", Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        Thread.sleep(700);
        caller.interrupt();
        caller.join(15_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(RemoteException.class).hasMessageContaining("interrupted");
        assertThat(stillRunning(r, d)).as("processes of the interrupted command").isEmpty();
        Thread.sleep(3_000);
        assertThat(files(r, d)).isEmpty();
    }

    private static String stillRunning(Remote r, String d) {
        // [/] keeps the pattern from matching this command itself
        return r.sh("for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep 'touch [/]" + d.substring(1)
                + "' && echo; done; true").stdout().strip();
    }

    private static String files(Remote r, String d) {
        return r.sh("ls -A " + d).orThrow("listing " + d).stdout().strip();
    }
}

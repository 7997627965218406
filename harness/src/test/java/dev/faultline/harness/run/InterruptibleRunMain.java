package dev.faultline.harness.run;

import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.Store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A 60-second run on the in-process target, for the test that kills its JVM part-way. Args: store dir, heal marker file. */
public final class InterruptibleRunMain {
    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        TestOptions options = new TestOptions("interrupted", "memory-register", "memory-register", List.of("flag"), 2, 3,
                Duration.ofSeconds(60), Duration.ofMillis(100), 7, Set.of(), Map.of());
        Path runDir = Store.at(store).newRun(options.testName());
        System.out.println("RUN " + runDir);
        System.out.flush();
        RunOutcome outcome = new Runner(new Runner.Spec(options, new MemoryRegisterTarget(), MemoryRegisterTarget.workload(1000),
                CombinedNemesis.combine(List.of(MemoryRegisterTarget.flagNemesis(Path.of(args[1])))),
                new LocalTestProvisioner(store.resolve("nodes")), runDir,
                RunSettings.defaults().withProgress(false).withHealGrace(Duration.ZERO), null)).run();
        System.exit(outcome.exitCode());
    }
}

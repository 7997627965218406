package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import dev.faultline.harness.spi.ParamSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code --param} key a built-in target, workload or nemesis reads through {@code Params} is
 * declared by one of them (so the run's check never refuses a key that works), and every part says
 * what its knobs mean. The reads are found in the sources: a literal key passed to a Params getter.
 */
class DeclaredParamsTest {
    private static final Pattern READ = Pattern.compile(
            "\\.(?:string|has|longValue|intValue|doubleValue|bool|percent|duration|millis|seconds)\\(\"([a-z0-9.-]+)\"");

    private static Set<String> literalReads() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (String module : List.of("targets", "workloads", "nemesis")) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = READ.matcher(Files.readString(f));
                    while (m.find()) keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    private static List<ParamSpec> declared() {
        Registry r = Registry.load();
        List<ParamSpec> all = new ArrayList<>();
        r.targets().values().forEach(t -> all.addAll(t.params()));
        r.workloads().values().forEach(w -> all.addAll(w.params()));
        r.nemeses().values().forEach(n -> all.addAll(n.params()));
        return all;
    }

    @Test
    void everyKeyReadInTheSourcesIsDeclared() throws Exception {
        Set<String> reads = literalReads();
        assertThat(reads).as("the scan finds the reads").contains("clock.max-delta", "ops-per-key", "etcd.serializable", "bank.accounts");
        List<ParamSpec> declared = declared();
        List<String> undeclared = reads.stream().filter(k -> declared.stream().noneMatch(s -> s.covers(k))).toList();
        assertThat(undeclared).as("keys read but not declared").isEmpty();
        // keys built at run time: NAME.targets of every process fault, twopc-bank server flags
        assertThat(declared).extracting(ParamSpec::name).contains("kill.targets", "pause.targets", "nemesis.timeout",
                "twopc-bank.lock-wait-ms", "twopc-bank.decision-timeout-ms", "raft-kv.request-timeout-ms");
    }

    @Test
    void everyDeclarationSaysWhatItMeans() {
        assertThat(declared()).allSatisfy(s -> assertThat(s.meaning()).as(s.name()).isNotBlank());
    }
}

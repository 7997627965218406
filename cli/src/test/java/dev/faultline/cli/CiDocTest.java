package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ci.md's nightly workflow, exercised: its Test step, as written, for one matrix entry, with
 * local nodes and a short time limit ({@code ./faultline} stands for the launcher and runs this
 * build's classes). The step passes on a valid run and leaves JUnit files where the publish step
 * looks; the same step fails when the run is invalid (here: availability below the doc's own
 * MIN_AVAILABILITY knob, set to 1).
 */
class CiDocTest {
    private static final Path DOC = Path.of("..", "docs", "ci.md");
    private static final String ENTRY = "raft-kv-register-kill";

    private static JsonNode workflow() throws Exception {
        Matcher m = Pattern.compile("## The workflow[^\n]*\n+```yaml\n(.*?)\n```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertThat(m.find()).as("a ```yaml block under '## The workflow' in %s", DOC).isTrue();
        return new ObjectMapper(new YAMLFactory()).readTree(m.group(1));
    }

    private static String step(JsonNode job, String name) {
        for (JsonNode s : job.path("steps")) if (name.equals(s.path("name").asText())) return s.path("run").asText();
        throw new AssertionError("docs/ci.md has no step named " + name);
    }

    /** The Test step's script with {@code ${{ matrix.* }}} filled in from the entry. */
    private static String testScript(JsonNode job) {
        JsonNode entry = null;
        for (JsonNode e : job.path("strategy").path("matrix").path("include")) if (ENTRY.equals(e.path("name").asText())) entry = e;
        assertThat(entry).as("matrix entry %s in docs/ci.md", ENTRY).isNotNull();
        String script = step(job, "Test");
        Matcher m = Pattern.compile("\\$\\{\\{\\s*matrix\\.([a-z-]+)\\s*}}").matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(entry.path(m.group(1)).asText()));
        m.appendTail(out);
        assertThat(out.toString()).doesNotContain("${{");
        return out.toString();
    }

    private static int runStep(String script, Path workDir, Map<String, String> env) throws Exception {
        Path launcher = workDir.resolve("faultline");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec \"" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "\" -cp \"$FAULTLINE_TEST_CLASSPATH\" dev.faultline.cli.FaultlineCli \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("step.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("FAULTLINE_TEST_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the Test step did not finish in 4 minutes; log: " + Files.readString(workDir.resolve("step.log")));
        }
        return p.exitValue();
    }

    private static Map<String, String> env(JsonNode job, String minAvailability) {
        Map<String, String> env = new HashMap<>();
        job.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        assertThat(env).containsKeys("PROVISIONER", "TIME_LIMIT", "TEST_COUNT", "MIN_AVAILABILITY");
        env.put("PROVISIONER", "local");
        env.put("TIME_LIMIT", "8");
        env.put("TEST_COUNT", "1");
        env.put("GITHUB_RUN_NUMBER", "5");
        if (minAvailability != null) env.put("MIN_AVAILABILITY", minAvailability);
        return env;
    }

    private static List<Path> junitFiles(Path store) throws Exception {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.getFileName().toString().matches("junit.*\\.xml")).toList();
        }
    }

    @Test
    void theNightlyTestStepPassesOnAValidRunAndFailsOnAnInvalidOne() throws Exception {
        JsonNode job = workflow().path("jobs").path("faultline");
        String script = testScript(job);
        assertThat(script).contains("./faultline test").contains("--store store");
        Path base = Files.createDirectories(Path.of("target", "e2e")).toAbsolutePath();

        Path valid = Files.createTempDirectory(base, "ci-valid-");
        int exit = runStep(script, valid, env(job, null));
        assertThat(exit).as("step log: %s", Files.readString(valid.resolve("step.log"))).isZero();
        // one run (TEST_COUNT=1): its own junit.xml, under the publish step's store/**/junit*.xml
        List<Path> junit = junitFiles(valid.resolve("store"));
        assertThat(junit).singleElement().satisfies(p -> assertThat(p.getParent().getParent().getFileName().toString()).isEqualTo(ENTRY));
        assertThat(Files.readString(junit.get(0))).contains("failures=\"0\"").contains("errors=\"0\"");

        Path invalid = Files.createTempDirectory(base, "ci-invalid-");
        exit = runStep(script, invalid, env(job, "1"));
        assertThat(exit).as("step log: %s", Files.readString(invalid.resolve("step.log"))).isEqualTo(1);
        List<Path> failed = junitFiles(invalid.resolve("store"));
        assertThat(failed).hasSize(1);
        assertThat(Files.readString(failed.get(0))).contains("failures=\"1\"").contains("below --min-availability 1");
    }
}

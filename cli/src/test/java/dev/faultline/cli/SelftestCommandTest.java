package dev.faultline.cli;

import dev.faultline.harness.run.TestRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.harness.run.Registry;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code faultline selftest} without running clusters: the declared cases, filters, bad options. */
class SelftestCommandTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {}

    private static Outcome selftest(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "selftest";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = FaultlineCli.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Outcome(exit, out.toString(), err.toString());
    }

    /** Every case a target declares names its own workload and switches, known nemeses and valid parameters. */
    @Test
    void everyDeclaredCasePreparesLikeAFaultlineTestRun() {
        Registry registry = Registry.load();
        assertThat(registry.targets().get("raft-kv").selfTests()).isNotEmpty();
        assertThat(registry.targets().get("lock").selfTests()).isNotEmpty();
        for (Target t : registry.targets().values()) {
            for (SelfTestCase c : t.selfTests()) {
                TestOptions o = new TestOptions("x", t.name(), c.workload(), c.nemeses(), c.nodes(), c.concurrency(), c.timeLimit(),
                        c.nemesisInterval(), 1, c.unsafe(), c.params());
                assertThat(TestRun.prepare(registry, o)).as("%s %s", t.name(), c).isNotNull();
            }
        }
    }

    @Test
    void everyPlantedBugOfRaftKvAndLockThatHasACaseIsExpectedToBeCaught() {
        Registry registry = Registry.load();
        for (String name : List.of("raft-kv", "lock")) {
            for (SelfTestCase c : registry.target(name).selfTests()) {
                assertThat(c.expected().wireName()).isEqualTo(c.unsafe().isEmpty() ? "valid" : "invalid");
            }
        }
        assertThat(registry.target("lock").selfTests()).extracting(SelfTestCase::build)
                .contains("safe", "wall-clock-lease", "no-fencing");
        assertThat(registry.target("raft-kv").selfTests()).extracting(SelfTestCase::build).contains("safe", "stale-read");
    }

    @Test
    void listShowsTheFilteredCasesAndRunsNothing() {
        Outcome o = selftest("--list", "--target", "raft-kv", "--nemesis", "partition", "--time-limit-scale", "0.5",
                "--store", tmp.resolve("store").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().lines().filter(l -> l.matches("\\s*\\d+\\..*"))).containsExactly(
                " 1. raft-kv safe x partition: expect valid, register, 15 s, 3 nodes, 6 clients",
                " 2. raft-kv stale-read x partition: expect invalid, register, 15 s, 3 nodes, 6 clients",
                " 3. raft-kv safe x partition: expect valid, list-append, 10 s, 3 nodes, 10 clients",
                " 4. raft-kv txn-split x partition: expect invalid, list-append, 10 s, 3 nodes, 10 clients",
                " 5. raft-kv txn-local-read x partition: expect invalid, rw-register, 10 s, 3 nodes, 10 clients");
        assertThat(tmp.resolve("store")).doesNotExist();
        Outcome unsafeOnly = selftest("--list", "--target", "lock", "--only-unsafe");
        assertThat(unsafeOnly.out()).contains("wall-clock-lease x clock").contains("no-fencing x pause").doesNotContain("safe x");
    }

    @Test
    void badOptionsExitThreeNamingTheProblem() {
        assertThat(selftest("--target", "nope")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(3);
            assertThat(o.err()).contains("unknown target 'nope'").contains("raft-kv");
        });
        assertThat(selftest("--only-safe", "--only-unsafe").err()).contains("exclude each other");
        assertThat(selftest("--time-limit-scale", "0").err()).contains("--time-limit-scale");
        assertThat(selftest("--provisioner", "ssh").err()).contains("docker or local");
        assertThat(selftest("--repeat", "0").err()).contains("--repeat must be 1 to 1000, was 0");
        Outcome none = selftest("--target", "raft-kv", "--nemesis", "no-such-combination");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).contains("no self-test cases").contains("--nemesis no-such-combination");
    }

    /** The local provisioner cannot cut networks: such cases are skipped and shown, and the files are written. */
    @Test
    void localProvisionerSkipsNetworkFaultsAndStillWritesTheMatrix() throws Exception {
        Path store = tmp.resolve("store");
        Outcome o = selftest("--provisioner", "local", "--target", "raft-kv", "--nemesis", "packet", "--store", store.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("raft-kv safe | skipped - [1]").contains("0 of 0 runs as expected, 1 skipped")
                .doesNotContain("Planted bugs with no self-test case: raft-kv");
        JsonNode json = new ObjectMapper().readTree(store.resolve("selftest.json").toFile());
        assertThat(json.get("cases").get(0).get("cell").asText()).isEqualTo("skipped");
        assertThat(json.get("cases").get(0).get("detail").asText()).contains("local provisioner");
        assertThat(store.resolve("selftest.html")).exists();

        Outcome twice = selftest("--provisioner", "local", "--target", "raft-kv", "--nemesis", "packet", "--repeat", "2",
                "--store", store.toString());
        assertThat(twice.exit()).as(twice.err()).isZero();
        assertThat(twice.err()).contains("[1/2]").contains("[2/2]");
        assertThat(twice.out()).contains("every case run 2 times").contains("raft-kv safe | skipped -");
        JsonNode again = new ObjectMapper().readTree(store.resolve("selftest.json").toFile());
        assertThat(again.get("repeat").asInt()).isEqualTo(2);
        assertThat(again.get("cases")).hasSize(2);
        assertThat(again.get("cells").get(0).get("skipped").asInt()).isEqualTo(2);
    }
}

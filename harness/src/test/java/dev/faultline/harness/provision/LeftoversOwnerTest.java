package dev.faultline.harness.provision;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoversOwnerTest {
    private static final String BOOT = RunIdentity.currentBootId();

    @Test
    void liveControllerIsNotGone() {
        RunIdentity me = RunIdentity.forThisProcess("live");
        assertThat(Leftovers.ownerGone(me.labels(), BOOT, true)).isFalse();
    }

    @Test
    void deadPidIsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        RunIdentity dead = new RunIdentity("dead", p.pid(), 1, BOOT);
        assertThat(Leftovers.ownerGone(dead.labels(), BOOT, true)).isTrue();
    }

    @Test
    void reusedPidWithAnotherStartTimeIsGone() {
        RunIdentity reused = new RunIdentity("reused", ProcessHandle.current().pid(), 1_000, BOOT);
        assertThat(Leftovers.ownerGone(reused.labels(), BOOT, true)).isTrue();
    }

    @Test
    void keptResourcesAreNeverGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Map<String, String> labels = new java.util.HashMap<>(new RunIdentity("kept", p.pid(), 1, BOOT).labels());
        assertThat(Leftovers.ownerGone(labels, BOOT, true)).isTrue();
        labels.put(RunIdentity.LABEL_KEEP, "true");
        assertThat(Leftovers.ownerGone(labels, BOOT, true)).isFalse();
        assertThat(Leftovers.ownerGone(labels, "another-boot", true)).isFalse();
    }

    @Test
    void otherBootIsGoneOnlyForALocalEngine() {
        RunIdentity old = new RunIdentity("old", ProcessHandle.current().pid(), 0, "another-boot");
        assertThat(Leftovers.ownerGone(old.labels(), BOOT, true)).isTrue();
        assertThat(Leftovers.ownerGone(old.labels(), BOOT, false)).isFalse();
    }

    @Test
    void resourcesWithoutOurLabelsAreNeverGone() {
        assertThat(Leftovers.ownerGone(Map.of(RunIdentity.LABEL_RUN, "x"), BOOT, true)).isFalse();
    }
}

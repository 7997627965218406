package dev.faultline.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class FencedResourceTest {
    @TempDir
    Path dir;

    @Test
    void fencingRejectsStaleTokensAndNumbersAcceptedWrites() throws Exception {
        try (ResourceServer s = ResourceServer.start("127.0.0.1", 0, dir, true)) {
            int p = s.port();
            Http.Answer w1 = Http.write(p, "r", "c1", 5, "a");
            assertThat(w1.ok()).isTrue();
            assertThat(w1.body().path("seq").asLong()).isEqualTo(1);
            assertThat(Http.write(p, "r", "c1", 5, "b").body().path("seq").asLong()).isEqualTo(2);
            assertThat(Http.write(p, "r", "c2", 9, "c").body().path("seq").asLong()).isEqualTo(3);
            Http.Answer stale = Http.write(p, "r", "c1", 5, "late");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.error()).isEqualTo("stale-token");
            assertThat(stale.body().path("highest").asLong()).isEqualTo(9);
            // Registers are independent; seq is one counter for all.
            assertThat(Http.write(p, "other", "c1", 1, "x").body().path("seq").asLong()).isEqualTo(4);
            Http.Answer read = Http.get(p, "/resource/r");
            assertThat(read.body().path("value").asText()).isEqualTo("c");
            assertThat(read.body().path("token").asLong()).isEqualTo(9);
            assertThat(read.body().path("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aFailedFsyncNeverLetsItsSequenceNumberBeHandedOutAgain() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
        FencedResource.Disk failing = new FencedResource.Disk() {
            @Override
            public void force(java.nio.channels.FileChannel ch) throws java.io.IOException {
                if (failNext.getAndSet(false)) throw new java.io.IOException("injected: fsync failed");
                ch.force(false);
            }
        };
        try (FencedResource r = new FencedResource(dir, true, failing)) {
            assertThat(r.write("r", "c1", 1, com.fasterxml.jackson.databind.node.TextNode.valueOf("a")).seq()).isEqualTo(1);
            failNext.set(true);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> r.write("r", "c1", 1, com.fasterxml.jackson.databind.node.TextNode.valueOf("b"))).hasMessageContaining("injected");
            // The failed write's record may be on disk: its number 2 must never be handed out again.
            assertThat(r.write("r", "c1", 1, com.fasterxml.jackson.databind.node.TextNode.valueOf("c")).seq()).isEqualTo(3);
        }
        try (FencedResource again = new FencedResource(dir, true, FencedResource.Disk.REAL)) {
            assertThat(again.write("r", "c1", 1, com.fasterxml.jackson.databind.node.TextNode.valueOf("d")).seq()).isEqualTo(4);
        }
    }

    @Test
    void creatingTheLogForcesItsDirectory() throws Exception {
        java.util.List<Path> forcedDirs = new java.util.ArrayList<>();
        FencedResource.Disk recording = new FencedResource.Disk() {
            @Override
            public void forceDirectory(Path d) throws java.io.IOException {
                forcedDirs.add(d);
                FencedResource.Disk.REAL.forceDirectory(d);
            }
        };
        try (FencedResource r = new FencedResource(dir.resolve("fresh"), true, recording)) {
            assertThat(forcedDirs).containsExactly(dir.resolve("fresh"));
        }
    }

    @Test
    void noFencingAcceptsStaleWrites() throws Exception {
        try (ResourceServer s = ResourceServer.start("127.0.0.1", 0, null, false)) {
            int p = s.port();
            assertThat(Http.write(p, "r", "c2", 9, "new").ok()).isTrue();
            Http.Answer stale = Http.write(p, "r", "c1", 5, "late");
            assertThat(stale.ok()).isTrue();
            assertThat(stale.body().path("seq").asLong()).isEqualTo(2);
            assertThat(Http.get(p, "/resource/r").body().path("value").asText()).isEqualTo("late");
        }
    }

    @Test
    void acceptedWritesSurviveARestartAndATornTail() throws Exception {
        try (ResourceServer s = ResourceServer.start("127.0.0.1", 0, dir, true)) {
            assertThat(Http.write(s.port(), "r", "c2", 9, "v").ok()).isTrue();
        }
        Files.writeString(dir.resolve("resource.log"), "{\"seq\":2,\"na", StandardOpenOption.APPEND);
        try (ResourceServer s = ResourceServer.start("127.0.0.1", 0, dir, true)) {
            assertThat(Http.write(s.port(), "r", "c1", 5, "late").error()).isEqualTo("stale-token");
            assertThat(Http.write(s.port(), "r", "c2", 9, "w").body().path("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void badRequestsGet4xx() throws Exception {
        try (ResourceServer s = ResourceServer.start("127.0.0.1", 0, null, true)) {
            int p = s.port();
            assertThat(Http.post(p, "/resource/r", "{").status()).isEqualTo(400);
            assertThat(Http.post(p, "/resource/r", "{\"client\":\"c\",\"value\":1}").status()).isEqualTo(400);
            assertThat(Http.post(p, "/resource/r", "{\"client\":\"c\",\"token\":1,\"value\":[1]}").status()).isEqualTo(400);
            assertThat(Http.post(p, "/resource/r", "{\"client\":\"c\",\"token\":1}").status()).isEqualTo(400);
            assertThat(Http.get(p, "/resource").status()).isEqualTo(404);
            assertThat(Http.write(p, "r", "c", 1, "ok").ok()).isTrue();
        }
    }
}

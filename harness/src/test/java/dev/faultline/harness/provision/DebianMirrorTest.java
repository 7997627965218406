package dev.faultline.harness.provision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DebianMirrorTest {
    @Test
    void deb822PicksTheMainArchiveNotSecurity() {
        List<String> lines = List.of(
                "Types: deb",
                "URIs: http://security.example/debian-security",
                "Suites: bookworm-security",
                "",
                "Types: deb",
                "URIs: http://mirror.example/debian",
                "Suites: bookworm bookworm-updates",
                "Components: main");
        assertThat(DebianMirror.fromDeb822(lines)).contains("http://mirror.example/debian");
    }

    @Test
    void oneLineFormatWithOptions() {
        assertThat(DebianMirror.fromOneLine(List.of("# comment", "deb [arch=amd64 signed-by=/k.gpg] https://m.example/debian bookworm main")))
                .contains("https://m.example/debian");
        assertThat(DebianMirror.fromOneLine(List.of("deb https://other.example/x nodistro main"))).isEmpty();
    }

    @Test
    void scansSourcesListDThenSourcesList(@TempDir Path etc) throws Exception {
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/nodesource.list"), "deb https://deb.nodesource.com/node_20.x nodistro main\n");
        Files.writeString(etc.resolve("sources.list"), "deb http://fallback.example/debian bookworm main\n");
        assertThat(DebianMirror.fromApt(etc)).contains("http://fallback.example/debian");
    }
}

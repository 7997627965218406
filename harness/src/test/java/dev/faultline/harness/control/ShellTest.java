package dev.faultline.harness.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellTest {
    @Test
    void quotedWordsSurviveTheShell() throws Exception {
        List<String> words = List.of("plain", "two words", "it's", "$HOME", "`id`", "a\"b", "", "x;y|z", "new\nline");
        String line = "printf '%s\\n' " + Shell.join(words);
        Process p = new ProcessBuilder("sh", "-c", line).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(String.join("\n", words) + "\n");
    }

    @Test
    void safeWordsAreLeftAlone() {
        assertThat(Shell.quote("/var/lib/faultline/clock")).isEqualTo("/var/lib/faultline/clock");
        assertThat(Shell.quote("a b")).isEqualTo("'a b'");
    }
}

package dev.faultline.nemesis;

import dev.faultline.nemesis.clock.ClockScripts;
import dev.faultline.nemesis.packet.TcScripts;
import dev.faultline.nemesis.partition.IptablesScripts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every script a fault sends to a node parses as POSIX sh ({@code sh -n}, dash on Debian). */
class ScriptSyntaxTest {
    static void assertParses(String name, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(name + ":\n" + script + "\n" + out).isZero();
    }

    @Test
    void allScriptsParse() throws Exception {
        Map<String, String> scripts = new java.util.LinkedHashMap<>();
        scripts.putAll(IptablesScripts.samples());
        scripts.putAll(TcScripts.samples());
        scripts.putAll(ClockScripts.samples());
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);
        for (var e : scripts.entrySet()) assertParses(e.getKey(), e.getValue());
    }

}

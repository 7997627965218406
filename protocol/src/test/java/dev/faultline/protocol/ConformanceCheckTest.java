package dev.faultline.protocol;

import dev.faultline.harness.control.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.faultline.protocol.ConformanceCheck.Status.FAIL;
import static dev.faultline.protocol.ConformanceCheck.Status.PASS;
import static org.assertj.core.api.Assertions.assertThat;

class ConformanceCheckTest {
    @TempDir
    Path out;

    ConformanceCheck.Options options(List<String> command, Path workDir, Map<String, String> params, String down) {
        return new ConformanceCheck.Options(command, Map.of(), workDir, "register", List.of(new Node("n1", "127.0.0.1", null)),
                params, ProtocolSettings.defaults().withOpTimeout(Duration.ofSeconds(2)), down, out);
    }

    @Test
    void theExampleClientPassesAgainstTheExampleServer() throws Exception {
        try (Examples.KvServer server = Examples.KvServer.start()) {
            ConformanceCheck.Report r = ConformanceCheck.run(options(List.of("python3", "register_client.py"), Examples.dir(),
                    Map.of("kv.port", Integer.toString(server.port)), "127.0.0.2"));
            assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isEqualTo(PASS));
            assertThat(r.results()).extracting(ConformanceCheck.Result::name).contains("handshake", "framing", "ids", "types",
                    "timing", "cas that does not match is fail", "an unknown f is fail", "two processes", "end of input", "unreachable node");
            assertThat(r.passed()).isTrue();
        }
    }

    @Test
    void theShellExampleClientPassesToo() throws Exception {
        boolean tools = onPath("jq") && onPath("curl");
        // .ci/run installs them: in CI their absence is a failure, elsewhere a skip
        if ("true".equals(System.getenv("CI"))) assertThat(tools).as("jq and curl on the PATH (CI installs them)").isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(tools, "the shell example needs jq and curl");
        try (Examples.KvServer server = Examples.KvServer.start()) {
            ConformanceCheck.Report r = ConformanceCheck.run(options(List.of("sh", "register_client.sh"), Examples.dir(),
                    Map.of("kv.port", Integer.toString(server.port)), "127.0.0.2"));
            assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isEqualTo(PASS));
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Path.of(d, tool).toFile().canExecute()) return true;
        return false;
    }

    @Test
    void mistakesAreNamedWithTheirStdoutLine() throws Exception {
        ConformanceCheck.Report r = ConformanceCheck.run(options(
                List.of("python3", ProcessClientTest.script("sloppy_client.py").toString()), null, Map.of(), null));
        assertThat(r.passed()).isFalse();
        Map<String, ConformanceCheck.Result> byName = new java.util.HashMap<>();
        r.results().forEach(x -> byName.put(x.name(), x));
        assertThat(byName.get("read of a fresh key").status()).isEqualTo(PASS);
        assertThat(byName.get("cas that matches").status()).isEqualTo(PASS);
        // line 1 init_ok, 2-5 read, write, read, cas; line 6 is the debug print
        assertThat(byName.get("cas that does not match is fail").status()).isEqualTo(FAIL);
        assertThat(byName.get("framing").status()).isEqualTo(FAIL);
        assertThat(byName.get("framing").detail()).contains("stdout line 6: not JSON").contains("debug: cas mismatch");
        assertThat(byName.get("handshake").status()).isEqualTo(PASS);
    }

    @Test
    void aWrongIdIsAnIdsFailure() throws Exception {
        ConformanceCheck.Report r = ConformanceCheck.run(new ConformanceCheck.Options(
                List.of("python3", ProcessClientTest.script("sloppy_client.py").toString()), Map.of(), null, "custom",
                List.of(new Node("n1", "127.0.0.1", null)), Map.of(), ProtocolSettings.defaults(), null, out));
        ConformanceCheck.Result ids = r.results().stream().filter(x -> x.name().equals("ids")).findFirst().orElseThrow();
        assertThat(ids.status()).isEqualTo(FAIL);
        assertThat(ids.detail()).contains("stdout line 2: reply for id 2, but the op in flight has id 1");
    }

    @Test
    void aClientThatDoesNotStartFailsTheHandshake() throws Exception {
        ConformanceCheck.Report r = ConformanceCheck.run(options(List.of("sh", "-c", "read x; echo hello"), null, Map.of(), null));
        assertThat(r.results().get(0)).isEqualTo(new ConformanceCheck.Result(FAIL, "handshake", "stdout line 1: not JSON: "
                + "Unrecognized token 'hello': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
    }
}

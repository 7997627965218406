package dev.faultline.harness.provision;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodesFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void key() throws Exception {
        Files.writeString(dir.resolve("id_test"), "not really a key, but readable");
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsYamlWithDefaultsAndRelativePaths() throws Exception {
        Path f = write("nodes.yaml", """
                defaults:
                  user: admin
                  key: id_test
                  knownHosts: kh
                nodes:
                  - name: n1
                    host: 10.0.0.11
                  - {name: n2, host: 10.0.0.12, port: 2222, user: root, acceptUnknownHosts: true}
                """);
        List<NodesFile.Entry> e = NodesFile.read(f);
        assertThat(e).extracting(NodesFile.Entry::name).containsExactly("n1", "n2");
        assertThat(e.get(0).endpoint().user()).isEqualTo("admin");
        assertThat(e.get(0).endpoint().port()).isEqualTo(22);
        assertThat(e.get(0).endpoint().privateKey()).isEqualTo(dir.resolve("id_test"));
        assertThat(e.get(0).endpoint().knownHosts()).isEqualTo(dir.resolve("kh"));
        assertThat(e.get(0).endpoint().acceptUnknownHosts()).isFalse();
        assertThat(e.get(1).endpoint().port()).isEqualTo(2222);
        assertThat(e.get(1).endpoint().user()).isEqualTo("root");
        assertThat(e.get(1).endpoint().acceptUnknownHosts()).isTrue();
    }

    @Test
    void readsJson() throws Exception {
        Path f = write("nodes.json", """
                {"nodes": [
                  {"name": "a", "host": "h1", "key": "id_test"}
                ]}
                """);
        assertThat(NodesFile.read(f)).singleElement().satisfies(e -> assertThat(e.endpoint().host()).isEqualTo("h1"));
    }

    @Test
    void errorsNameFileLineAndField() throws Exception {
        Path f = write("bad-port.yaml", """
                nodes:
                  - name: n1
                    host: h1
                    key: id_test
                  - name: n2
                    host: h2
                    port: 70000
                    key: id_test
                """);
        assertThatThrownBy(() -> NodesFile.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("line 7")
                .hasMessageContaining("'port'");

        Path missing = write("missing-host.yaml", """
                nodes:
                  - name: n1
                    key: id_test
                """);
        assertThatThrownBy(() -> NodesFile.read(missing)).hasMessageContaining("line 2").hasMessageContaining("'host' is missing");

        Path unknown = write("unknown.yaml", """
                nodes:
                  - name: n1
                    host: h
                    key: id_test
                    pasword: x
                """);
        assertThatThrownBy(() -> NodesFile.read(unknown)).hasMessageContaining("line 5").hasMessageContaining("unknown field 'pasword'");

        Path dup = write("dup.yaml", """
                nodes:
                  - {name: n1, host: a, key: id_test}
                  - {name: n1, host: b, key: id_test}
                """);
        assertThatThrownBy(() -> NodesFile.read(dup)).hasMessageContaining("line 3").hasMessageContaining("duplicate node name n1");

        Path noKey = write("nokey.yaml", """
                nodes:
                  - name: n1
                    host: h
                    key: /nonexistent/key
                """);
        assertThatThrownBy(() -> NodesFile.read(noKey)).hasMessageContaining("line 4").hasMessageContaining("cannot read private key");

        Path syntax = write("syntax.json", "{\"nodes\": [ {\"name\": \"n1\",, } ]}\n");
        assertThatThrownBy(() -> NodesFile.read(syntax)).hasMessageContaining(syntax.toString()).hasMessageContaining("line 1");

        assertThatThrownBy(() -> NodesFile.read(dir.resolve("absent.yaml"))).hasMessageContaining("no such file");
    }
}

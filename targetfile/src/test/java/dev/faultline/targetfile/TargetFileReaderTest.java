package dev.faultline.targetfile;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetFileReaderTest {
    @TempDir
    Path dir;

    static final String VALID = """
            name: toy
            description: a toy
            workloads: [register]
            image:
              packages: [python3-minimal]
            params:
              mode: fast
            install:
              files:
                - from: server.py
                  mode: "0755"
              commands:
                - echo installed > {data_dir}/marker
            daemon:
              start: [python3, "{install_dir}/server.py", --port, "{port.client}", --peers, "{peers|{address}:{port.client}|;}"]
              restart: [python3, "{install_dir}/server.py", --rejoin]
              ports: {client: 8000}
              env: {MODE: "{param.mode}"}
              ready:
                port: "{port.client}"
                timeout: 20s
              primary: echo {first}
            clients:
              command: [python3, client.py, "{address}:{port.client}"]
            unsafe:
              lossy:
                description: drops writes
                args: [--lossy]
            selftest:
              - {workload: register, nemesis: [partition], expect: valid}
              - {workload: register, unsafe: [lossy], nemesis: [kill], expect: invalid, time_limit: 10s}
            """;

    private Path write(String text) throws Exception {
        Files.writeString(dir.resolve("server.py"), "print('hi')\n");
        Path f = dir.resolve("target.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aCompleteFileIsRead() throws Exception {
        FileTarget t = FileTarget.read(write(VALID));
        assertThat(t.name()).isEqualTo("toy");
        assertThat(t.workloads()).containsExactly("register");
        assertThat(t.nodePackages()).containsExactly("python3-minimal");
        assertThat(t.unsafeSwitches()).containsExactly("lossy");
        assertThat(t.selfTests()).extracting(c -> c.expected()).containsExactly(Validity.VALID, Validity.INVALID);
        assertThat(t.selfTests().get(1).timeLimit()).isEqualTo(Duration.ofSeconds(10));
        TargetDefinition d = t.definition();
        assertThat(d.daemon().ready().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.daemon().dataDir()).isEqualTo("/var/lib/faultline/toy/data");
        assertThat(d.uploads().get(0).to()).isEqualTo("server.py");
        TestOptions o = new TestOptions("t", "toy", "register", List.of(), 3, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Set.of(), Map.of());
        assertThat(t.db(o)).isInstanceOf(Killable.class).isInstanceOf(Pausable.class).isInstanceOf(PrimaryAware.class);
        assertThat(t.db(o)).isInstanceOfSatisfying(HasDataDir.class,
                db -> assertThat(db.dataDir(null, null)).as("where the disk faults act").isEqualTo("/var/lib/faultline/toy/data"));
    }

    @Test
    void anUnsafeSwitchMayChangeOnlyTheClientCommand() throws Exception {
        // A system whose unsafe configuration is the client's choice (e.g. ZooKeeper's plain reads).
        FileTarget t = FileTarget.read(write(VALID.replace("    args: [--lossy]\n", "    client_args: [--plain, \"{node}\"]\n")));
        List<Node> cluster = List.of(new Node("n1", "10.0.0.2", null), new Node("n2", "10.0.0.3", null));
        TestOptions safe = new TestOptions("t", "toy", "register", List.of(), 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Set.of(), Map.of());
        TestOptions lossy = new TestOptions("t", "toy", "register", List.of(), 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Set.of("lossy"), Map.of());
        assertThat(t.clientArgv(cluster, cluster.get(1), safe)).containsExactly("python3", "client.py", "10.0.0.3:8000");
        assertThat(t.clientArgv(cluster, cluster.get(1), lossy)).containsExactly("python3", "client.py", "10.0.0.3:8000", "--plain", "n2");
        assertThat(t.definition().unsafe().get("lossy").args()).isEmpty();
    }

    @Test
    void anUnsafeSwitchThatChangesNothingIsAnError() throws Exception {
        Path f = write(VALID.replace("    args: [--lossy]\n", ""));
        assertThatThrownBy(() -> TargetFileReader.read(f)).hasMessageContaining("field `unsafe.lossy`")
                .hasMessageContaining("expected `args`, `env` or `client_args`");
    }

    @Test
    void withoutAPrimaryCommandTheDbIsNotPrimaryAware() throws Exception {
        FileTarget t = FileTarget.read(write(VALID.replace("  primary: echo {first}\n", "")));
        TestOptions o = new TestOptions("t", "toy", "register", List.of(), 3, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Set.of(), Map.of());
        assertThat(t.db(o)).isInstanceOf(Killable.class).isNotInstanceOf(PrimaryAware.class);
    }

    @Test
    void anUnknownKeyIsAnErrorWithLineFieldAndTheKnownKeys() throws Exception {
        Path f = write(VALID.replace("    timeout: 20s\n", "    timeout: 20s\n    prot: 80\n"));
        assertThatThrownBy(() -> TargetFileReader.read(f)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.line()).isEqualTo(22);
            assertThat(e.field()).isEqualTo("daemon.ready.prot");
            assertThat(e.getMessage()).startsWith(f + ":22:5: ").contains("field `daemon.ready.prot`", "unknown key `prot`",
                    "expected one of: body, command, http, port, timeout");
        });
    }

    @Test
    void aWrongTypeNamesTheFieldAndWhatWasExpected() throws Exception {
        Path f = write(VALID.replace("ports: {client: 8000}", "ports: {client: eighty}"));
        assertThatThrownBy(() -> TargetFileReader.read(f)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.line()).isEqualTo(17);
            assertThat(e.field()).isEqualTo("daemon.ports.client");
            assertThat(e.getMessage()).contains("expected a whole number", "eighty");
        });
        Path g = write(VALID.replace("name: toy", "name: [a, b]"));
        assertThatThrownBy(() -> TargetFileReader.read(g)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).contains("field `name`", "expected text");
        });
        Path h = write(VALID.replace("  command: [python3, client.py, \"{address}:{port.client}\"]", "  command: {run: x}"));
        assertThatThrownBy(() -> TargetFileReader.read(h)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.field()).isEqualTo("clients.command");
            assertThat(e.line()).isEqualTo(24);
            assertThat(e.getMessage()).contains("expected a command");
        });
    }

    @Test
    void aMissingRequiredFieldIsNamedWithWhatItHolds() throws Exception {
        Path f = write(VALID.replace("  start: [python3, \"{install_dir}/server.py\", --port, \"{port.client}\", --peers, \"{peers|{address}:{port.client}|;}\"]\n", ""));
        assertThatThrownBy(() -> TargetFileReader.read(f)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.field()).isEqualTo("daemon.start");
            assertThat(e.line()).as("the line of daemon:").isEqualTo(14);
            assertThat(e.getMessage()).contains("missing; expected the command that starts the system");
        });
        Path g = write("name: x\nworkloads: [register]\ndaemon: {start: run}\n");
        assertThatThrownBy(() -> TargetFileReader.read(g)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.field()).isEqualTo("clients");
            assertThat(e.getMessage()).contains("missing; expected a mapping with `command`");
        });
    }

    @Test
    void meaningIsCheckedWithTheLineOfTheField() throws Exception {
        Path unknownVar = write(VALID.replace("echo {first}", "echo {leader}"));
        assertThatThrownBy(() -> TargetFileReader.read(unknownVar)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.line()).isEqualTo(22);
            assertThat(e.field()).isEqualTo("daemon.primary");
            assertThat(e.getMessage()).contains("unknown template variable {leader}", "{port.client}", "{param.mode}");
        });
        Path twoChecks = write(VALID.replace("    timeout: 20s\n", "    timeout: 20s\n    http: http://{address}/\n"));
        assertThatThrownBy(() -> TargetFileReader.read(twoChecks)).isInstanceOfSatisfying(TargetFileException.class, e -> {
            assertThat(e.line()).isEqualTo(19);
            assertThat(e.getMessage()).contains("field `daemon.ready`", "exactly one of `port`");
        });
        Path badDuration = write(VALID.replace("timeout: 20s", "timeout: soon"));
        assertThatThrownBy(() -> TargetFileReader.read(badDuration)).hasMessageContaining(":21:")
                .hasMessageContaining("field `daemon.ready.timeout`: expected a duration such as 500ms, 30s or 2m, got `soon`");
        Path missingUpload = write(VALID.replace("- from: server.py", "- from: nope.py"));
        assertThatThrownBy(() -> TargetFileReader.read(missingUpload)).hasMessageContaining(":10:")
                .hasMessageContaining("field `install.files[0].from`").hasMessageContaining("nope.py");
        Path unknownSwitch = write(VALID.replace("unsafe: [lossy]", "unsafe: [lost]"));
        assertThatThrownBy(() -> TargetFileReader.read(unknownSwitch)).hasMessageContaining("field `selftest[1].unsafe[0]`")
                .hasMessageContaining("[lossy]");
        Path relativeWipe = write(VALID.replace("  primary: echo {first}\n", "  wipe: [data]\n"));
        assertThatThrownBy(() -> TargetFileReader.read(relativeWipe)).hasMessageContaining("field `daemon.wipe[0]`: expected an absolute node path");
    }

    @Test
    void badYamlAndDuplicateKeysAreErrors() throws Exception {
        Path f = write("name: a\nname: b\n");
        assertThatThrownBy(() -> TargetFileReader.read(f)).hasMessageContaining(f + ":2").hasMessageContaining("not valid YAML")
                .hasMessageContaining("Duplicate");
        Path empty = write("");
        assertThatThrownBy(() -> TargetFileReader.read(empty)).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> TargetFileReader.read(dir.resolve("none.yaml"))).hasMessageContaining("cannot read the target file");
    }
}

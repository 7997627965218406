package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** --target-file on list and test: the file's target is listed; mistakes in the file are reported with file, line and field. */
class TargetFileOptionsTest {
    private static final String ETCD = Path.of("..", "examples", "etcd", "target.yaml").toString();

    private static String[] run(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int exit = new CommandLine(command).execute(args);
            return new String[] {Integer.toString(exit), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listShowsTheFilesTarget() {
        String[] r = run(new ListCommand(), "--target-file", ETCD);
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("etcd-file", "target file");
    }

    @Test
    void aMistakeInTheFileIsReportedWithFileLineAndField() throws Exception {
        Path bad = Files.createTempFile("target", ".yaml");
        Files.writeString(bad, "name: x\nworkloads: [register]\ndaemon:\n  start: [x]\n  sotp_grace: 5s\nclients: {command: [c]}\n");
        String[] r = run(new TestCommand(), "--target-file", bad.toString(), "--workload", "register", "--provisioner", "local");
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[2]).contains(bad + ":5:3: field `daemon.sotp_grace`: unknown key `sotp_grace`; expected one of:");
        String[] both = run(new TestCommand(), "--target", "etcd", "--target-file", ETCD, "--workload", "register");
        assertThat(both[2]).contains("not both");
        String[] neither = run(new TestCommand(), "--workload", "register");
        assertThat(neither[2]).contains("--target NAME", "--target-file FILE");
    }

    @Test
    void selftestListsTheFilesCases() {
        String[] r = run(new SelftestCommand(), "--target-file", ETCD, "--list");
        assertThat(r[0]).isEqualTo("0");
    }
}

package dev.faultline.cli;

import dev.faultline.harness.control.Node;
import dev.faultline.protocol.ConformanceCheck;
import dev.faultline.protocol.ProtocolClients;
import dev.faultline.protocol.ProtocolSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code faultline client-check}: protocol conformance of a user's client (docs/client-protocol.md). */
@Command(name = "client-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that a client program speaks the client protocol (docs/client-protocol.md), against your running system.",
                "Exit code 0 if every check passes, 1 if one fails."})
final class ClientCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--command", required = true, paramLabel = "CMD",
            description = "The client, e.g. \"python3 my_client.py\" (split like a shell, no shell features).")
    String command;

    @Option(names = "--workload", required = true, description = "Workload whose ops to send: register, bank, lock (others: protocol only).")
    String workload;

    @Option(names = "--node", paramLabel = "[NAME=]ADDR",
            description = "A node of your running system (repeatable; the first is the client's). Default: n1=127.0.0.1.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--param", paramLabel = "K=V", description = "Sent to the client in init.params (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable for the client (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--workdir", description = "The client's working directory. Default: the current one.")
    Path workDir;

    @Option(names = "--op-timeout", converter = Durations.class, defaultValue = "5s", paramLabel = "DURATION",
            description = "A reply must come within this. Default: ${DEFAULT-VALUE}.")
    Duration opTimeout;

    @Option(names = "--down-node", paramLabel = "ADDR",
            description = "An address where nothing answers: the client must then reply fail or info, never ok.")
    String downNode;

    @Option(names = "--out", description = "Where the clients' stderr logs go. Default: a new temporary directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        List<String> argv;
        try {
            argv = ProtocolClients.parseCommand(command);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--command: " + e.getMessage());
        }
        List<Node> cluster = new ArrayList<>();
        for (String n : nodes.isEmpty() ? List.of("n1=127.0.0.1") : nodes) {
            int eq = n.indexOf('=');
            String name = eq < 0 ? "n" + (cluster.size() + 1) : n.substring(0, eq);
            String addr = eq < 0 ? n : n.substring(eq + 1);
            if (name.isBlank() || addr.isBlank()) throw new ParameterException(spec.commandLine(), "--node " + n + ": expected ADDR or NAME=ADDR");
            cluster.add(new Node(name, addr, null));
        }
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("faultline-client-check");
        ConformanceCheck.Report report = ConformanceCheck.run(new ConformanceCheck.Options(argv, env, workDir, workload, cluster,
                params, ProtocolSettings.defaults().withOpTimeout(opTimeout), downNode, dir));
        w.printf("client-check: %s, workload %s, node %s=%s%n", String.join(" ", argv), workload, cluster.get(0).name(),
                cluster.get(0).address());
        for (ConformanceCheck.Result r : report.results()) w.printf("  %-4s  %-34s %s%n", r.status(), r.name(), r.detail());
        w.printf("clients' stderr: %s%n", dir.resolve("clients"));
        w.printf("%d passed, %d failed, %d warnings, %d skipped: %s%n", report.count(ConformanceCheck.Status.PASS),
                report.count(ConformanceCheck.Status.FAIL), report.count(ConformanceCheck.Status.WARN),
                report.count(ConformanceCheck.Status.SKIP), report.passed() ? "PASS" : "FAIL");
        return report.passed() ? ExitCodes.VALID : ExitCodes.INVALID;
    }
}

package dev.faultline.targetfile;

import com.fasterxml.jackson.core.JsonLocation;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.provision.NodeImage;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.targetfile.TargetDefinition.ClientPlan;
import dev.faultline.targetfile.TargetDefinition.CommandPlan;
import dev.faultline.targetfile.TargetDefinition.DaemonPlan;
import dev.faultline.targetfile.TargetDefinition.Readiness;
import dev.faultline.targetfile.TargetDefinition.UnsafePlan;
import dev.faultline.targetfile.TargetDefinition.Upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The meaning checks of a bound {@link TargetDocument}: each failure names its line through {@link Locations}. */
final class TargetFileChecker {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern JAVA_CLASS = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");

    private final Path file;
    private final Path dir;
    private final Locations locations;
    private Set<String> ports = Set.of();
    private Set<String> params = Set.of();

    TargetFileChecker(Path file, Locations locations) {
        this.file = file;
        this.dir = file.toAbsolutePath().getParent();
        this.locations = locations;
    }

    TargetDefinition check(TargetDocument d) {
        require(NAME.matcher(d.name()).matches(), "name", "expected a name of letters, digits, '-', '_', '.' (it names runs and files), got `" + d.name() + "`");
        require(!d.workloads().isEmpty(), "workloads", "expected at least one workload, e.g. [register]");
        for (int i = 0; i < d.workloads().size(); i++) {
            require(NAME.matcher(d.workloads().get(i)).matches(), "workloads[" + i + "]", "expected a workload name, got `" + d.workloads().get(i) + "`");
        }
        Set<String> packages = new LinkedHashSet<>();
        Optional<Path> dockerfile = Optional.empty();
        List<String> pkgs = d.image().packages();
        for (int i = 0; i < pkgs.size(); i++) {
            require(NodeImage.isPackageName(pkgs.get(i)), "image.packages[" + i + "]",
                    "expected a Debian package name (lower-case letters, digits, + - .), got `" + pkgs.get(i) + "`");
            packages.add(pkgs.get(i));
        }
        if (d.image().dockerfile() != null) {
            require(pkgs.isEmpty(), "image.dockerfile", "expected either `packages` or `dockerfile`, not both (install the packages in the Dockerfile)");
            Path df = dir.resolve(d.image().dockerfile()).normalize();
            require(Files.isRegularFile(df), "image.dockerfile", "expected a Dockerfile, relative to " + dir + "; there is no file " + df);
            dockerfile = Optional.of(df);
        }
        for (String p : d.params().keySet()) {
            require(PARAM_NAME.matcher(p).matches(), "params." + p, "expected a parameter name of letters, digits, '_', '.', '-'");
            require(d.params().get(p) != null, "params." + p, "expected a default value (text)");
        }
        params = d.params().keySet();
        ports = d.daemon().ports().keySet();
        for (Map.Entry<String, Integer> e : d.daemon().ports().entrySet()) {
            require(NAME.matcher(e.getKey()).matches(), "daemon.ports." + e.getKey(), "expected a port name of letters, digits, '-', '_'");
            require(e.getValue() != null && e.getValue() >= 1 && e.getValue() <= 65535, "daemon.ports." + e.getKey(),
                    "expected a port number between 1 and 65535, got " + e.getValue());
        }

        DaemonPlan daemon = daemon(d.name(), d.daemon());
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < d.install().files().size(); i++) uploads.add(upload(i, d.install().files().get(i)));
        List<Template> install = new ArrayList<>();
        for (int i = 0; i < d.install().commands().size(); i++) install.add(template("install.commands[" + i + "]", d.install().commands().get(i)));
        ClientPlan clients = clients(d.clients());
        Map<String, UnsafePlan> unsafe = new LinkedHashMap<>();
        for (Map.Entry<String, TargetDocument.Unsafe> e : d.unsafe().entrySet()) unsafe.put(e.getKey(), unsafe(e.getKey(), e.getValue()));
        List<SelfTestCase> selfTests = new ArrayList<>();
        for (int i = 0; i < d.selftest().size(); i++) selfTests.add(selfTest(i, d.selftest().get(i), d.workloads(), unsafe.keySet()));
        return new TargetDefinition(file, dir, d.name(), d.description(), Set.copyOf(d.workloads()), packages, dockerfile, d.params(),
                uploads, install, daemon, clients, unsafe, selfTests);
    }

    private DaemonPlan daemon(String targetName, TargetDocument.Daemon d) {
        String name = d.name() == null ? targetName : d.name();
        require(NAME.matcher(name).matches(), "daemon.name", "expected a name of letters, digits, '-', '_', '.' (it names the pid and log files)");
        CommandPlan start = command("daemon.start", d.start());
        CommandPlan restart = d.restart() == null ? start : command("daemon.restart", d.restart());
        String dataDir = d.dataDir() == null ? "/var/lib/faultline/" + name + "/data" : absolute("daemon.data_dir", d.dataDir());
        String installDir = "/opt/faultline/" + name;
        String workDir = d.workdir() == null ? installDir : absolute("daemon.workdir", d.workdir());
        List<String> wipe = new ArrayList<>(List.of(dataDir));
        for (int i = 0; i < d.wipe().size(); i++) wipe.add(absolute("daemon.wipe[" + i + "]", d.wipe().get(i)));
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < d.logs().size(); i++) logs.add(absolute("daemon.logs[" + i + "]", d.logs().get(i)));
        Optional<Readiness> ready = d.ready() == null ? Optional.empty() : Optional.of(ready(d.ready()));
        Optional<Template> primary = d.primary() == null ? Optional.empty() : Optional.of(template("daemon.primary", d.primary()));
        Duration grace = d.stopGrace() == null ? Duration.ofSeconds(5) : duration("daemon.stop_grace", d.stopGrace());
        return new DaemonPlan(name, start, restart, env("daemon.env", d.env()), d.ports(), workDir, dataDir, installDir, wipe, logs,
                ready, primary, grace, d.clockUnaffected());
    }

    private Readiness ready(TargetDocument.Ready r) {
        int given = (r.port() != null ? 1 : 0) + (r.http() != null ? 1 : 0) + (r.command() != null ? 1 : 0);
        require(given == 1, "daemon.ready", "expected exactly one of `port` (a TCP port), `http` (a URL answering 2xx) or `command` "
                + "(exits 0 on the node), got " + given);
        Duration timeout = r.timeout() == null ? Duration.ofSeconds(60) : duration("daemon.ready.timeout", r.timeout());
        require(r.body() == null || r.http() != null, "daemon.ready.body", "expected only with `http` (text the answer must contain)");
        if (r.port() != null) {
            Template t = template("daemon.ready.port", r.port());
            if (t.variables().isEmpty()) {
                require(r.port().strip().matches("\\d{1,5}") && Integer.parseInt(r.port().strip()) <= 65535 && Integer.parseInt(r.port().strip()) > 0,
                        "daemon.ready.port", "expected a port number (1-65535) or a template such as {port.client}, got `" + r.port() + "`");
            }
            return new Readiness(Readiness.Kind.PORT, t, null, timeout);
        }
        if (r.http() != null) {
            require(r.http().startsWith("http://") || r.http().startsWith("https://"), "daemon.ready.http",
                    "expected a URL such as http://{address}:{port.client}/health, got `" + r.http() + "`");
            return new Readiness(Readiness.Kind.HTTP, template("daemon.ready.http", r.http()), r.body(), timeout);
        }
        return new Readiness(Readiness.Kind.COMMAND, template("daemon.ready.command", r.command()), null, timeout);
    }

    private Upload upload(int i, TargetDocument.Upload u) {
        String at = "install.files[" + i + "]";
        Path from = dir.resolve(u.from()).normalize();
        require(Files.isRegularFile(from), at + ".from", "expected a file on the controller, relative to " + dir + "; there is no file " + from);
        String to = u.to() == null ? from.getFileName().toString() : u.to();
        require(!to.isBlank() && !to.endsWith("/"), at + ".to", "expected a node file path (absolute, or relative to the install directory)");
        require(u.mode() == null || MODE.matcher(u.mode()).matches(), at + ".mode", "expected octal permissions such as \"0755\", got `" + u.mode() + "`");
        return new Upload(from, to, u.mode());
    }

    private ClientPlan clients(TargetDocument.Clients c) {
        require((c.command() == null) != (c.java() == null), "clients",
                "expected exactly one of `command` (a program speaking the client protocol) or `java` (a ClientFactory class)");
        Optional<Duration> timeout = c.timeout() == null ? Optional.empty() : Optional.of(duration("clients.timeout", c.timeout()));
        if (c.java() != null) {
            require(JAVA_CLASS.matcher(c.java()).matches(), "clients.java", "expected a fully qualified class name, got `" + c.java() + "`");
            require(c.env().isEmpty() && c.timeout() == null, "clients", "`env` and `timeout` are for `command` clients");
            return new ClientPlan(Optional.empty(), Map.of(), Optional.empty(), Optional.of(c.java()));
        }
        return new ClientPlan(Optional.of(command("clients.command", c.command())), env("clients.env", c.env()), timeout, Optional.empty());
    }

    private UnsafePlan unsafe(String name, TargetDocument.Unsafe u) {
        require(NAME.matcher(name).matches(), "unsafe." + name, "expected a switch name of letters, digits, '-', '_', '.'");
        require(u != null, "unsafe." + name, "expected a mapping with `description`, `args`, `env` and/or `client_args`");
        List<Template> args = new ArrayList<>();
        for (int i = 0; i < u.args().size(); i++) args.add(template("unsafe." + name + ".args[" + i + "]", u.args().get(i)));
        List<Template> clientArgs = new ArrayList<>();
        for (int i = 0; i < u.clientArgs().size(); i++) {
            clientArgs.add(template("unsafe." + name + ".client_args[" + i + "]", u.clientArgs().get(i)));
        }
        require(!args.isEmpty() || !u.env().isEmpty() || !clientArgs.isEmpty(), "unsafe." + name,
                "expected `args`, `env` or `client_args` (what the planted bug changes)");
        return new UnsafePlan(u.description(), args, env("unsafe." + name + ".env", u.env()), clientArgs);
    }

    private SelfTestCase selfTest(int i, TargetDocument.SelfTest s, List<String> workloads, Set<String> unsafe) {
        String at = "selftest[" + i + "]";
        require(workloads.contains(s.workload()), at + ".workload", "expected one of the target's workloads " + workloads + ", got `" + s.workload() + "`");
        for (int j = 0; j < s.unsafe().size(); j++) {
            require(unsafe.contains(s.unsafe().get(j)), at + ".unsafe[" + j + "]", "expected one of the file's unsafe switches "
                    + unsafe + ", got `" + s.unsafe().get(j) + "`");
        }
        Validity expect = switch (s.expect()) {
            case "valid" -> Validity.VALID;
            case "invalid" -> Validity.INVALID;
            default -> throw error(at + ".expect", "expected valid or invalid, got `" + s.expect() + "`");
        };
        int nodes = s.nodes() == null ? 3 : s.nodes();
        int concurrency = s.concurrency() == null ? 6 : s.concurrency();
        require(nodes >= 1, at + ".nodes", "expected at least 1");
        require(concurrency >= 1, at + ".concurrency", "expected at least 1");
        Duration limit = s.timeLimit() == null ? Duration.ofSeconds(30) : duration(at + ".time_limit", s.timeLimit());
        Duration interval = s.nemesisInterval() == null ? Duration.ofSeconds(5) : duration(at + ".nemesis_interval", s.nemesisInterval());
        String why = s.why() != null ? s.why() : !s.unsafe().isEmpty() ? "the planted bug is caught"
                : expect == Validity.INVALID ? "a known-unsafe configuration is caught" : "the safe build stays valid";
        try {
            return new SelfTestCase(s.workload(), Set.copyOf(s.unsafe()), s.nemesis(), s.params(), nodes, concurrency, limit, interval,
                    expect, why);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    private CommandPlan command(String at, TargetDocument.Command c) {
        List<Template> words = new ArrayList<>();
        for (int i = 0; i < c.words().size(); i++) words.add(template(c.shell() ? at : at + "[" + i + "]", c.words().get(i)));
        return new CommandPlan(words, c.shell());
    }

    private Map<String, Template> env(String at, Map<String, String> env) {
        Map<String, Template> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            require(ENV_NAME.matcher(e.getKey()).matches(), at + "." + e.getKey(), "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
            require(e.getValue() != null, at + "." + e.getKey(), "expected a value (text)");
            out.put(e.getKey(), template(at + "." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private Template template(String at, String text) {
        Template t;
        try {
            t = Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
        Optional<String> unknown = NodeVars.unknown(t, ports, params);
        if (unknown.isPresent()) {
            throw error(at, "unknown template variable {" + unknown.get() + "}; expected one of " + NodeVars.known(ports, params)
                    + " (ports come from daemon.ports, parameters from params)");
        }
        return t;
    }

    private String absolute(String at, String path) {
        require(path.startsWith("/"), at, "expected an absolute node path, got `" + path + "`");
        require(!path.strip().equals("/") && !path.contains(".."), at, "expected a path below / without '..', got `" + path + "` (it is wiped or read)");
        return path;
    }

    private Duration duration(String at, String raw) {
        Duration d;
        try {
            d = Params.parseDuration(at, raw);
        } catch (IllegalArgumentException e) {
            throw error(at, "expected a duration such as 500ms, 30s or 2m, got `" + raw + "`");
        }
        require(!d.isNegative() && !d.isZero(), at, "expected a positive duration, got `" + raw + "`");
        return d;
    }

    private void require(boolean ok, String at, String message) {
        if (!ok) throw error(at, message);
    }

    private TargetFileException error(String at, String message) {
        JsonLocation loc = locations.of(at);
        return new TargetFileException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), at, message, null);
    }
}

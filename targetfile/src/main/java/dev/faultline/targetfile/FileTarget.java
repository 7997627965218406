package dev.faultline.targetfile;

import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.protocol.ProcessClientFactory;
import dev.faultline.protocol.ProtocolSettings;
import dev.faultline.targetfile.TargetDefinition.ClientPlan;
import dev.faultline.targetfile.TargetDefinition.UnsafePlan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link Target} described by a target file ({@link TargetFileReader}; docs/targets.md). */
public final class FileTarget implements Target, ClientOpTimeout {
    private final TargetDefinition definition;

    public FileTarget(TargetDefinition definition) {
        this.definition = definition;
    }

    /** Reads and checks {@code file}. @throws TargetFileException naming the file, line and field of a mistake */
    public static FileTarget read(Path file) {
        return new FileTarget(TargetFileReader.read(file));
    }

    public TargetDefinition definition() {
        return definition;
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public String description() {
        String d = definition.description().isBlank() ? "described by " + definition.file() : definition.description().strip();
        return d + " (target file " + definition.file() + ")";
    }

    @Override
    public Set<String> workloads() {
        return definition.workloads();
    }

    @Override
    public Set<String> unsafeSwitches() {
        return definition.unsafe().keySet();
    }

    @Override
    public List<SelfTestCase> selfTests() {
        return definition.selfTests();
    }

    /** The file's {@code params}: their defaults, overridden by {@code --param}; no other key is accepted. */
    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = new ArrayList<>();
        definition.params().forEach((name, value) -> out.add(new ParamSpec(name, value, "declared in " + definition.file())));
        return out;
    }

    @Override
    public Set<String> nodePackages() {
        return definition.packages();
    }

    @Override
    public Optional<Path> nodeDockerfile() {
        return definition.dockerfile();
    }

    /** A FileDb, PrimaryAware when the file gives {@code daemon.primary}. */
    @Override
    public Db db(TestOptions options) {
        List<UnsafePlan> unsafe = unsafePlans(options);
        NodeVars.Settings settings = settings(options);
        return definition.daemon().primary().isPresent() ? new PrimaryFileDb(definition, settings, unsafe)
                : new FileDb(definition, settings, unsafe);
    }

    private List<UnsafePlan> unsafePlans(TestOptions options) {
        List<UnsafePlan> unsafe = new ArrayList<>();
        for (String u : options.unsafe()) {
            UnsafePlan plan = definition.unsafe().get(u);
            if (plan == null) {
                throw new IllegalArgumentException(definition.file() + " has no unsafe switch '" + u + "'; it has: " + unsafeSwitches());
            }
            unsafe.add(plan);
        }
        return unsafe;
    }

    NodeVars.Settings settings(TestOptions options) {
        Map<String, String> params = new LinkedHashMap<>(definition.params());
        for (String p : definition.params().keySet()) {
            if (options.params().containsKey(p)) params.put(p, options.params().get(p));
        }
        var d = definition.daemon();
        return new NodeVars.Settings(d.ports(), params, d.dataDir(), d.installDir(), options.testName());
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        requireWorkload(workload);
        ClientPlan plan = definition.clients();
        if (plan.javaClass().isPresent()) return JavaClients.load(definition.file(), plan.javaClass().get());
        NodeVars.Settings settings = settings(options);
        ProtocolSettings declared = ProtocolSettings.defaults().withOpTimeout(clientOpTimeout(options));
        List<UnsafePlan> unsafe = unsafePlans(options);
        // The command is a template over the client's node, so each client is made for its node. The
        // client times its ops out below the runner's client timeout: it kills its child itself and the
        // runner's timeout stays the backstop (a --client-timeout below clients.timeout shortens it).
        return (ctx, node) -> {
            NodeVars vars = new NodeVars(ctx.cluster().nodes(), node, settings);
            Map<String, String> env = new LinkedHashMap<>();
            plan.env().forEach((k, t) -> env.put(k, t.expand(vars)));
            return new ProcessClientFactory(clientArgv(vars, unsafe), env, definition.dir(), workload,
                    declared.within(ctx.clientTimeout())).open(ctx, node);
        };
    }

    /**
     * The file's {@code clients.timeout}, else the protocol client's default op timeout (5 s): the runner
     * waits longer than this before it gives up on an op ({@link ClientOpTimeout}). A Java client class
     * bounds its own ops; it gets the same declaration.
     */
    @Override
    public Duration clientOpTimeout(TestOptions options) {
        return definition.clients().opTimeout().orElse(ProtocolSettings.defaults().opTimeout());
    }

    /** The client command for one node, with the {@code client_args} of the run's unsafe switches appended. */
    List<String> clientArgv(NodeVars vars, List<UnsafePlan> unsafe) {
        List<String> extra = new ArrayList<>();
        for (UnsafePlan u : unsafe) u.clientArgs().forEach(t -> extra.add(t.expand(vars)));
        return definition.clients().command().orElseThrow().argv(vars, extra);
    }

    /** The client command for {@code node} of {@code cluster} in a run with {@code options}. */
    List<String> clientArgv(List<Node> cluster, Node node, TestOptions options) {
        return clientArgv(new NodeVars(cluster, node, settings(options)), unsafePlans(options));
    }
}

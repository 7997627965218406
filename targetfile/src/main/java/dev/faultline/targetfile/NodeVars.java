package dev.faultline.targetfile;

import dev.faultline.harness.control.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of a {@link Template}'s variables for one node of the cluster:
 * <ul>
 *   <li>{@code node}, {@code address}, {@code index} (1-based): this node;</li>
 *   <li>{@code first}, {@code first_address}: the cluster's first node;</li>
 *   <li>{@code data_dir}, {@code install_dir}: node paths (mapped for local sandboxes);</li>
 *   <li>{@code port.NAME}: a port of {@code daemon.ports}; {@code param.NAME}: a parameter of
 *       {@code params}, overridden by {@code --param NAME=VALUE};</li>
 *   <li>{@code test_name}, {@code node_count}.</li>
 * </ul>
 */
public final class NodeVars {
    static final Set<String> FIXED = Set.of("node", "address", "index", "first", "first_address", "data_dir", "install_dir",
            "test_name", "node_count");

    /** What the cluster-independent variables are bound to. */
    public record Settings(Map<String, Integer> ports, Map<String, String> params, String dataDir, String installDir,
                           String testName) {
        public Settings {
            ports = Map.copyOf(ports);
            params = Map.copyOf(params);
        }
    }

    private final List<Node> cluster;
    private final int self;
    private final Settings settings;

    public NodeVars(List<Node> cluster, Node self, Settings settings) {
        this.cluster = List.copyOf(cluster);
        this.self = cluster.indexOf(self);
        if (this.self < 0) throw new IllegalArgumentException(self.name() + " is not in the cluster " + cluster);
        this.settings = settings;
    }

    private NodeVars(List<Node> cluster, int self, Settings settings) {
        this.cluster = cluster;
        this.self = self;
        this.settings = settings;
    }

    public String get(String name) {
        Node n = cluster.get(self);
        return switch (name) {
            case "node" -> n.name();
            case "address" -> n.address();
            case "index" -> Integer.toString(self + 1);
            case "first" -> cluster.get(0).name();
            case "first_address" -> cluster.get(0).address();
            case "data_dir" -> n.remote().nodePath(settings.dataDir());
            case "install_dir" -> n.remote().nodePath(settings.installDir());
            case "test_name" -> settings.testName();
            case "node_count" -> Integer.toString(cluster.size());
            default -> {
                if (name.startsWith("port.") && settings.ports().containsKey(name.substring(5))) {
                    yield Integer.toString(settings.ports().get(name.substring(5)));
                }
                if (name.startsWith("param.") && settings.params().containsKey(name.substring(6))) {
                    yield settings.params().get(name.substring(6));
                }
                throw new IllegalArgumentException("unknown template variable {" + name + "}");
            }
        };
    }

    /** Every member ({@code peers} false) or every member but this node, each with its own variables. */
    public List<NodeVars> members(boolean peers) {
        List<NodeVars> out = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (!peers || i != self) out.add(new NodeVars(cluster, i, settings));
        }
        return out;
    }

    /** The first variable of {@code t} that no node would know, given these ports and parameters. */
    static Optional<String> unknown(Template t, Set<String> ports, Set<String> params) {
        for (String v : t.variables()) {
            boolean known = FIXED.contains(v)
                    || (v.startsWith("port.") && ports.contains(v.substring(5)))
                    || (v.startsWith("param.") && params.contains(v.substring(6)));
            if (!known) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** The variable names a file with these ports and parameters may use, for error messages. */
    static String known(Set<String> ports, Set<String> params) {
        Set<String> all = new TreeSet<>(FIXED);
        for (String p : ports) all.add("port." + p);
        for (String p : params) all.add("param." + p);
        all.add("nodes|FORMAT|SEP");
        all.add("peers|FORMAT|SEP");
        return String.join(", ", all.stream().map(v -> "{" + v + "}").toList());
    }
}

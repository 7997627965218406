package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.NodeSpec;
import dev.faultline.nemesis.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** The node specs a package chooses from: {@code --param NAME.targets=one;majority;n1,n3}. */
final class Targets {
    /** Used when the user names none; impossible ones for the cluster size are left out. */
    static final List<String> DEFAULT = List.of("one", "minority", "majority", "all");

    private Targets() {
    }

    /** Node names of a run with {@code n} nodes, as every provisioner names them. */
    static List<String> nodeNames(TestOptions options) {
        if (options.nodes() < 1) throw new IllegalArgumentException("--nodes must be at least 1, was " + options.nodes());
        return IntStream.rangeClosed(1, options.nodes()).mapToObj(i -> "n" + i).toList();
    }

    /**
     * The user's specs, each validated against the cluster (an impossible one is an error), or the
     * defaults that are possible for this cluster.
     */
    static List<String> resolve(TestOptions options, String param, List<String> defaults) {
        List<String> nodes = nodeNames(options);
        Params params = new Params(options);
        if (params.has(param)) {
            List<String> out = new ArrayList<>();
            for (NodeSpec spec : parse(param, params.string(param, ""))) {
                try {
                    spec.validate(nodes);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--param " + param + ": " + e.getMessage(), e);
                }
                out.add(spec.text());
            }
            if (out.isEmpty()) throw new IllegalArgumentException("--param " + param + " names no node spec");
            return out;
        }
        List<String> out = new ArrayList<>();
        for (String d : defaults) {
            try {
                NodeSpec.parse(d).validate(nodes);
                out.add(d);
            } catch (IllegalArgumentException impossible) {
                // a default that does not fit this cluster size is simply not offered
            }
        }
        return out;
    }

    /** {@link Ability#PRIMARY} if any spec aims at the primary, else nothing. */
    static Set<Ability> needs(List<String> specs) {
        return specs.contains("primaries") ? Set.of(Ability.PRIMARY) : Set.of();
    }

    private static List<NodeSpec> parse(String param, String text) {
        try {
            return NodeSpec.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--param " + param + "=" + text + ": " + e.getMessage(), e);
        }
    }
}

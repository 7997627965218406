package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.NodeRights;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.results.FaultKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several nemesis packages acting as one: ops are routed to the package whose nemesis handles
 * their {@code f}; generators take turns in shuffled rounds (each package's next op once per round,
 * in a random order, so every package acts even in a short run); final generators run one after another; heal heals all;
 * the fault kinds, needs and node rights are those of every package.
 */
public final class CombinedNemesis implements Nemesis {
    private final List<NemesisPackage> packages;
    private final Map<String, Nemesis> byF = new HashMap<>();

    public CombinedNemesis(List<NemesisPackage> packages) {
        this.packages = List.copyOf(packages);
        for (NemesisPackage p : this.packages) {
            for (String f : p.nemesis().fs()) {
                Nemesis previous = byF.put(f, p.nemesis());
                if (previous != null && previous != p.nemesis()) {
                    throw new IllegalArgumentException("nemesis packages overlap: more than one handles '" + f + "'");
                }
            }
        }
    }

    /** One package made of all the given ones (an empty list gives a nemesis that does nothing). */
    public static NemesisPackage combine(List<NemesisPackage> packages) {
        CombinedNemesis nemesis = new CombinedNemesis(packages);
        List<Generator> gens = new ArrayList<>();
        List<Generator> finals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<FaultKind> faults = new LinkedHashSet<>();
        Set<Ability> needs = new HashSet<>();
        NodeRights rights = NodeRights.NONE;
        for (NemesisPackage p : packages) {
            names.add(p.name());
            faults.addAll(p.faults());
            needs.addAll(p.needs());
            rights = rights.plus(p.nodeRights());
            if (p.generator() != null) gens.add(p.generator());
            if (p.finalGenerator() != null) finals.add(p.finalGenerator());
        }
        return new NemesisPackage(names.isEmpty() ? "none" : String.join("+", names), nemesis,
                gens.isEmpty() ? Generators.empty() : Generators.shuffledRounds(gens),
                finals.isEmpty() ? null : Generators.seq(finals), List.copyOf(faults), needs, rights);
    }

    public List<NemesisPackage> packages() {
        return packages;
    }

    @Override
    public Set<String> fs() {
        return Set.copyOf(byF.keySet());
    }

    @Override
    public void setup(TestContext ctx) throws Exception {
        for (NemesisPackage p : packages) p.nemesis().setup(ctx);
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) throws Exception {
        Nemesis n = byF.get(invocation.f());
        if (n == null) {
            return invocation.info("no nemesis handles '" + invocation.f() + "' (known: " + new LinkedHashSet<>(byF.keySet()) + ")");
        }
        return n.invoke(ctx, invocation);
    }

    /** Heals every package, even when some fail; throws the first failure with the others suppressed. */
    @Override
    public void heal(TestContext ctx) throws Exception {
        Exception first = null;
        for (NemesisPackage p : packages) {
            try {
                p.nemesis().heal(ctx);
            } catch (Exception e) {
                Exception wrapped = new Exception("healing " + p.name() + " failed: " + e.getMessage(), e);
                if (first == null) first = wrapped;
                else first.addSuppressed(wrapped);
            }
        }
        if (first != null) throw first;
    }
}

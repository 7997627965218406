package dev.faultline.harness.spi;

import dev.faultline.harness.generator.Generator;
import dev.faultline.results.FaultKind;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fault packaged with its own schedule, in the spirit of Jepsen's nemesis.combined: packages
 * compose by combining their nemeses and mixing their generators.
 *
 * @param generator      start/stop ops for the main phase
 * @param finalGenerator ops that stop the fault before the final phase (may be null; heal runs anyway)
 * @param faults         the fault windows its ops open and close, so reports draw them without guessing
 * @param needs          what the target's {@link Db} must be able to do for this fault; checked before a run
 * @param nodeRights     what the nodes need for this fault beyond the harness's minimum (packages, devices,
 *                       capabilities); granted only to runs that use the package
 */
public record NemesisPackage(String name, Nemesis nemesis, Generator generator, Generator finalGenerator,
                             List<FaultKind> faults, Set<Ability> needs, NodeRights nodeRights) {
    public NemesisPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nemesis, "nemesis");
        faults = List.copyOf(faults);
        needs = Set.copyOf(needs);
        Objects.requireNonNull(nodeRights, "nodeRights");
    }

    /** A package whose nodes need nothing beyond the harness's minimum. */
    public NemesisPackage(String name, Nemesis nemesis, Generator generator, Generator finalGenerator,
                          List<FaultKind> faults, Set<Ability> needs) {
        this(name, nemesis, generator, finalGenerator, faults, needs, NodeRights.NONE);
    }

    /** A package that declares no fault windows and needs nothing of the target. */
    public NemesisPackage(String name, Nemesis nemesis, Generator generator, Generator finalGenerator) {
        this(name, nemesis, generator, finalGenerator, List.of(), Set.of());
    }

    /** The same package with another main-phase schedule (a replay's recorded one). */
    public NemesisPackage withGenerator(Generator schedule) {
        return new NemesisPackage(name, nemesis, schedule, finalGenerator, faults, needs, nodeRights);
    }

    /**
     * @throws IllegalArgumentException naming the fault and the missing ability if {@code db} cannot
     *                                  suffer this fault (e.g. "--nemesis kill needs a target that can be killed")
     */
    public void requireAbilities(String target, Db db) {
        for (Ability a : needs) {
            if (!a.of(db)) {
                throw new IllegalArgumentException("--nemesis " + name + " needs a target that can " + a.phrase()
                        + "; " + target + " cannot (its Db does not implement " + a.type().getSimpleName() + ")");
            }
        }
    }
}

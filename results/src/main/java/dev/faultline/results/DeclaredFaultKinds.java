package dev.faultline.results;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fault windows from the fault kinds a run's nemeses declared: a {@code startF} op opens a window
 * of its kind's label (or adds to the open one), the next {@code stopF} op of that label closes it,
 * and the runner's {@link FaultKind#HEAL_F heal} op closes every open window. Kinds that share a
 * label share a window (the clock's bump and strobe both end at reset-clock).
 */
final class DeclaredFaultKinds implements FaultWindows.Rules {
    private final List<FaultKind> kinds;

    DeclaredFaultKinds(List<FaultKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    @Override
    public FaultWindows.Effect effect(String f, Set<String> open) {
        Set<String> closes = new LinkedHashSet<>();
        Set<String> opens = new LinkedHashSet<>();
        if (f.equals(FaultKind.HEAL_F)) closes.addAll(open);
        for (FaultKind k : kinds) {
            if (k.stopF().equals(f) && open.contains(k.label())) closes.add(k.label());
            if (k.startF().equals(f)) opens.add(k.label());
        }
        return closes.isEmpty() && opens.isEmpty() ? FaultWindows.Effect.NONE : new FaultWindows.Effect(closes, opens);
    }
}

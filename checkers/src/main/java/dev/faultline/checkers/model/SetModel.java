package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** A grow-only set: {@code add v}, and {@code read} returning every element (in any order). */
public final class SetModel extends ObjectModel<Set<Object>> {
    @Override
    public String name() {
        return "set";
    }

    @Override
    protected Set<Object> init(Object initial) {
        if (initial == null) return Set.of();
        if (!(initial instanceof Collection<?> c)) throw new IllegalArgumentException("set initial state must be a list, found " + initial);
        return Collections.unmodifiableSet(new HashSet<>(c));
    }

    @Override
    protected void validate(Op invocation, Op completion) {
        switch (invocation.f()) {
            case "add" -> {}
            case "read" -> {
                if (completion != null && !(completion.value() instanceof Collection<?>))
                    throw new IllegalArgumentException("set read must return a list, found " + completion.value());
            }
            default -> throw new IllegalArgumentException("model set has no operation '" + invocation.f() + "' (expected add, read)");
        }
    }

    @Override
    protected boolean unconstrained(Op invocation, Op completion) {
        return completion == null && invocation.f().equals("read");
    }

    @Override
    protected boolean readOnly(Op invocation, Op completion) {
        return invocation.f().equals("read");
    }

    @Override
    protected Set<Object> step(Set<Object> state, Op invocation, Op completion) {
        if (invocation.f().equals("read")) {
            Collection<?> seen = (Collection<?>) completion.value();
            return seen.size() >= state.size() && state.equals(new HashSet<>(seen)) ? state : null;
        }
        if (state.contains(invocation.value())) return state;
        Set<Object> next = new HashSet<>(state);
        next.add(invocation.value());
        return Collections.unmodifiableSet(next);
    }

    @Override
    protected String describe(Set<Object> state) {
        return state.stream().map(String::valueOf).sorted().toList().toString();
    }
}

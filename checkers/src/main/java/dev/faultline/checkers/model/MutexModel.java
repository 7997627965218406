package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;

/** A lock: {@code acquire} when free, {@code release} when held (as Knossos's mutex: the holder is not tracked). */
public final class MutexModel implements Model {
    private static final long FREE = 0;
    private static final long HELD = 1;

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Machine machine(Object initial) {
        long init;
        if (initial == null || Boolean.FALSE.equals(initial) || "free".equals(initial)) init = FREE;
        else if (Boolean.TRUE.equals(initial) || "held".equals(initial)) init = HELD;
        else throw new IllegalArgumentException("mutex initial state must be free/false or held/true, found " + initial);
        return new Machine() {
            @Override
            public long init() {
                return init;
            }

            @Override
            public Transition transition(Op invocation, Op completion) {
                return switch (invocation.f()) {
                    case "acquire" -> Transition.guarded(FREE, HELD);
                    case "release" -> Transition.guarded(HELD, FREE);
                    default -> throw new IllegalArgumentException(
                            "model mutex has no operation '" + invocation.f() + "' (expected acquire, release)");
                };
            }

            @Override
            public String describe(long state) {
                return state == HELD ? "held" : "free";
            }
        };
    }
}

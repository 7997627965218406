package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

/** Validates what clients and nemeses return, so a buggy adapter cannot corrupt the history. */
final class Completions {
    private Completions() {
    }

    /** The completion with the invocation's process, f and key; an invalid answer becomes info. */
    static Op check(Op invocation, Op completion) {
        if (completion == null) return invocation.info("adapter-bug: returned no completion");
        if (completion.type() == OpType.INVOKE) return invocation.info("adapter-bug: returned an invocation, not a completion");
        if (!completion.f().equals(invocation.f())) {
            return invocation.info("adapter-bug: completion f '" + completion.f() + "' differs from '" + invocation.f() + "'");
        }
        return new Op(-1, -1, invocation.process(), completion.type(), invocation.f(), invocation.key(), completion.value(), completion.error());
    }
}

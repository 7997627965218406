package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A FIFO queue: {@code enqueue v}, and {@code dequeue} returning the oldest element, or nil when
 * the queue is empty. A dequeue with an unknown outcome may have removed the head.
 */
public final class FifoQueueModel extends ObjectModel<List<Object>> {
    @Override
    public String name() {
        return "fifo-queue";
    }

    @Override
    protected List<Object> init(Object initial) {
        if (initial == null) return List.of();
        if (!(initial instanceof Collection<?> c)) throw new IllegalArgumentException("fifo-queue initial state must be a list, found " + initial);
        return Collections.unmodifiableList(new ArrayList<>(c));
    }

    @Override
    protected void validate(Op invocation, Op completion) {
        switch (invocation.f()) {
            case "enqueue" -> {
                if (invocation.value() == null) throw new IllegalArgumentException("fifo-queue cannot enqueue nil");
            }
            case "dequeue" -> {}
            default -> throw new IllegalArgumentException("model fifo-queue has no operation '" + invocation.f() + "' (expected enqueue, dequeue)");
        }
    }

    @Override
    protected List<Object> step(List<Object> state, Op invocation, Op completion) {
        if (invocation.f().equals("enqueue")) {
            List<Object> next = new ArrayList<>(state.size() + 1);
            next.addAll(state);
            next.add(invocation.value());
            return Collections.unmodifiableList(next);
        }
        if (state.isEmpty()) return completion == null || completion.value() == null ? state : null;
        if (completion != null && !Objects.equals(completion.value(), state.get(0))) return null;
        return Collections.unmodifiableList(new ArrayList<>(state.subList(1, state.size())));
    }
}

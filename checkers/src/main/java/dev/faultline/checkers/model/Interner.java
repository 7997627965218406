package dev.faultline.checkers.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers values densely in the order first seen, so that a {@link Machine} can name its
 * states by {@code long}: equal values (by {@code equals}) get the same id. One per machine; not
 * thread-safe.
 */
final class Interner<T> {
    private final List<T> values = new ArrayList<>();
    private final Map<T, Long> ids = new HashMap<>();

    /** The id of {@code value}, a new one (the next number) the first time it is seen. */
    long id(T value) {
        Long id = ids.get(value);
        if (id != null) return id;
        long next = values.size();
        values.add(value);
        ids.put(value, next);
        return next;
    }

    /** The value with this id. */
    T value(long id) {
        return values.get((int) id);
    }
}

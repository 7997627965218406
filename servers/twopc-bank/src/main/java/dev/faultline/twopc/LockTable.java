package dev.faultline.twopc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared/exclusive locks on account names, taken all-or-nothing by an owner (a transaction or a
 * read). All-or-nothing means no deadlock inside one participant; across participants a waiter gives
 * up after its wait budget. Grants are FIFO-fair: a request is granted only when it conflicts neither
 * with held locks nor with any earlier waiting request, so a read that needs every account is not
 * starved by a stream of transfers.
 */
public final class LockTable {
    public enum Mode { SHARED, EXCLUSIVE }

    private record Request(String owner, Mode mode, Set<String> keys) {}

    private final Map<String, String> exclusive = new HashMap<>();
    private final Map<String, Set<String>> shared = new HashMap<>();
    private final Map<String, Request> held = new HashMap<>();
    private final List<Request> waiting = new ArrayList<>();

    /** Takes all {@code keys} for {@code owner}, waiting up to {@code waitMs}; false if the wait ran out. */
    public synchronized boolean acquire(String owner, Mode mode, Collection<String> keys, long waitMs) throws InterruptedException {
        if (held.containsKey(owner)) return true;
        Request r = new Request(owner, mode, new LinkedHashSet<>(keys));
        waiting.add(r);
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        try {
            while (true) {
                if (grantable(r)) {
                    grant(r);
                    return true;
                }
                long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0) return false;
                wait(Math.max(1, leftNs / 1_000_000L));
            }
        } finally {
            waiting.remove(r);
            notifyAll();
        }
    }

    /** Releases everything {@code owner} holds; false if it held nothing. */
    public synchronized boolean release(String owner) {
        Request r = held.remove(owner);
        if (r == null) return false;
        for (String k : r.keys()) {
            if (r.mode() == Mode.EXCLUSIVE) {
                exclusive.remove(k);
            } else {
                Set<String> s = shared.get(k);
                if (s != null) {
                    s.remove(owner);
                    if (s.isEmpty()) shared.remove(k);
                }
            }
        }
        notifyAll();
        return true;
    }

    public synchronized boolean holds(String owner) {
        return held.containsKey(owner);
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    public synchronized int heldCount() {
        return held.size();
    }

    private boolean grantable(Request r) {
        for (String k : r.keys()) {
            if (exclusive.containsKey(k)) return false;
            if (r.mode() == Mode.EXCLUSIVE && shared.containsKey(k)) return false;
        }
        for (Request earlier : waiting) {
            if (earlier == r) break;
            if (conflicts(earlier, r)) return false;
        }
        return true;
    }

    private static boolean conflicts(Request a, Request b) {
        if (a.mode() == Mode.SHARED && b.mode() == Mode.SHARED) return false;
        Set<String> small = a.keys().size() <= b.keys().size() ? a.keys() : b.keys();
        Set<String> big = small == a.keys() ? b.keys() : a.keys();
        for (String k : small) if (big.contains(k)) return true;
        return false;
    }

    private void grant(Request r) {
        for (String k : r.keys()) {
            if (r.mode() == Mode.EXCLUSIVE) exclusive.put(k, r.owner());
            else shared.computeIfAbsent(k, x -> new HashSet<>()).add(r.owner());
        }
        held.put(r.owner(), r);
    }
}

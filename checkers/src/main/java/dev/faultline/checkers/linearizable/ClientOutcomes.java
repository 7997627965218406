package dev.faultline.checkers.linearizable;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

/**
 * How the client ops of a history ended. A history without a single ok client op says nothing
 * about consistency (the cluster never served): the checker calls it unknown rather than valid.
 */
record ClientOutcomes(int invoked, int ok, int fail, int info, int open) {
    static ClientOutcomes of(History history) {
        int invoked = 0, ok = 0, fail = 0, info = 0, open = 0;
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.isNemesis() || !op.isInvoke()) continue;
            invoked++;
            int c = history.completion(i);
            if (c < 0) open++;
            else if (history.get(c).isOk()) ok++;
            else if (history.get(c).isFail()) fail++;
            else info++;
        }
        return new ClientOutcomes(invoked, ok, fail, info, open);
    }

    /** "no client op completed ok (4 invoked: 1 fail, 2 info, 1 never completed): the cluster never served, ..." */
    String neverServed() {
        StringBuilder sb = new StringBuilder("no client op completed ok (").append(invoked).append(" invoked");
        String sep = ": ";
        if (fail > 0) { sb.append(sep).append(fail).append(" fail"); sep = ", "; }
        if (info > 0) { sb.append(sep).append(info).append(" info"); sep = ", "; }
        if (open > 0) sb.append(sep).append(open).append(" never completed");
        return sb.append("): the cluster never served, nothing to check").toString();
    }
}

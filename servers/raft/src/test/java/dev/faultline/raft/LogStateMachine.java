package dev.faultline.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test state machine: remembers every applied command string in order; apply returns the count. */
final class LogStateMachine implements StateMachine {
    private final List<String> applied = new ArrayList<>();

    @Override
    public synchronized byte[] apply(long index, byte[] command) {
        applied.add(new String(command, StandardCharsets.UTF_8));
        return Integer.toString(applied.size()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized byte[] snapshot() {
        return String.join("\n", applied).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void restore(byte[] snapshot) {
        applied.clear();
        String s = new String(snapshot, StandardCharsets.UTF_8);
        if (!s.isEmpty()) {
            applied.addAll(List.of(s.split("\n", -1)));
        }
    }

    synchronized List<String> applied() {
        return List.copyOf(applied);
    }
}

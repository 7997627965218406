package dev.faultline.checkers.history;

/**
 * One line of a history: an invocation or a completion.
 *
 * <p>Values are plain JSON-shaped Java objects: {@code null}, {@link Long} (every integer is
 * normalised to Long), {@link Double}, {@link String}, {@link Boolean}, {@link java.util.List}
 * and {@link java.util.Map} with String keys. Codecs and clients must normalise to these types so
 * that models can compare values with {@code equals}.
 *
 * @param index   position in the history, 0-based, dense
 * @param time    nanoseconds since the run started (controller's monotonic clock); -1 if unknown
 * @param process the logical process; {@link #NEMESIS} for fault-injection records
 * @param type    invoke, ok, fail or info
 * @param f       the operation's function, e.g. "read", "write", "cas", "start-partition"
 * @param key     the key for per-key workloads, or null
 * @param value   the operation's argument (invoke) or result (completion)
 * @param error   the client's reason for a fail or info, or null
 */
public record Op(long index, long time, int process, OpType type, String f, String key, Object value, String error) {

    /** The process id of the nemesis. Serialised as the string "nemesis". */
    public static final int NEMESIS = -1;

    public Op {
        if (type == null) throw new IllegalArgumentException("op type is required");
        if (f == null) throw new IllegalArgumentException("op f is required");
    }

    public static Op invoke(int process, String f, String key, Object value) {
        return new Op(-1, -1, process, OpType.INVOKE, f, key, value, null);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public boolean isInvoke() {
        return type == OpType.INVOKE;
    }

    public boolean isOk() {
        return type == OpType.OK;
    }

    public boolean isFail() {
        return type == OpType.FAIL;
    }

    public boolean isInfo() {
        return type == OpType.INFO;
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, time, process, type, f, key, value, error);
    }

    public Op withTime(long newTime) {
        return new Op(index, newTime, process, type, f, key, value, error);
    }

    public Op withProcess(int newProcess) {
        return new Op(index, time, newProcess, type, f, key, value, error);
    }

    public Op withValue(Object newValue) {
        return new Op(index, time, process, type, f, key, newValue, error);
    }

    /** The completion of this invocation: same process, f and key; a new type, value and error. */
    public Op complete(OpType completionType, Object result, String reason) {
        if (!completionType.isCompletion()) throw new IllegalArgumentException("not a completion type: " + completionType);
        return new Op(-1, -1, process, completionType, f, key, result, reason);
    }

    public Op ok(Object result) {
        return complete(OpType.OK, result, null);
    }

    public Op fail(String reason) {
        return complete(OpType.FAIL, value, reason);
    }

    public Op info(String reason) {
        return complete(OpType.INFO, value, reason);
    }

    /** "nemesis" or the process number, as written in histories. */
    public String processName() {
        return isNemesis() ? "nemesis" : Integer.toString(process);
    }
}

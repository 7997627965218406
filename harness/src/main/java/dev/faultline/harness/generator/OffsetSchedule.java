package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

import java.time.Duration;
import java.util.List;

/**
 * A fixed list of nemesis ops, each emitted at its offset from an anchor: what
 * {@code faultline test --replay} runs in place of the nemesis packages' generators. The anchor is
 * the time this generator is first asked, minus {@code leadIn}: the runner starts the nemesis
 * schedule one nemesis interval into the main phase, so with that interval as the lead-in the
 * offsets count from the main phase's start, as they were recorded. An op whose time has passed
 * (the previous one ran long) goes at once; ops never overtake each other. After the last op the
 * schedule stays open (pending) until {@code end}, so that a main phase whose other generators run
 * out lasts as long as the recorded one (whose fault schedule never ended by itself).
 */
public final class OffsetSchedule implements Generator {
    /** One op: its f and value, and when it goes relative to the main phase's start. */
    public record Entry(Duration offset, String f, Object value) {
        public Entry {
            if (offset.isNegative()) throw new IllegalArgumentException("offset of " + f + " is negative: " + offset);
        }
    }

    private final List<Entry> entries;
    private final long leadInNanos;
    private final long endNanos;
    private final int next;
    private final long anchor;

    private OffsetSchedule(List<Entry> entries, long leadInNanos, long endNanos, int next, long anchor) {
        this.entries = entries;
        this.leadInNanos = leadInNanos;
        this.endNanos = endNanos;
        this.next = next;
        this.anchor = anchor;
    }

    /** A schedule that ends with its last op. */
    public static Generator of(List<Entry> entries, Duration leadIn) {
        return of(entries, leadIn, Duration.ZERO);
    }

    /**
     * @param leadIn how long after the anchor this generator is first asked
     * @param end    offset until which the schedule stays open after its last op
     */
    public static Generator of(List<Entry> entries, Duration leadIn, Duration end) {
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).offset().compareTo(entries.get(i - 1).offset()) < 0) {
                throw new IllegalArgumentException("schedule entries must be in time order: entry " + i + " (" + entries.get(i).f()
                        + " at " + entries.get(i).offset() + ") comes before entry " + (i - 1));
            }
        }
        return new OffsetSchedule(List.copyOf(entries), leadIn.toNanos(), end.toNanos(), 0, Long.MIN_VALUE);
    }

    @Override
    public Step op(GenContext ctx) {
        // The anchor is fixed by a Pending successor: an emitted op the interpreter does not take yet
        // (it waits for its time, and asks again after a completion) would not keep it.
        if (anchor == Long.MIN_VALUE) return new Step.Pending(new OffsetSchedule(entries, leadInNanos, endNanos, next, ctx.time() - leadInNanos));
        if (next >= entries.size()) return ctx.time() < anchor + endNanos ? new Step.Pending(null) : Step.EXHAUSTED;
        int thread = ctx.thread(Op.NEMESIS);
        if (thread == -2) throw new IllegalStateException("a replayed schedule needs the nemesis thread; this context has " + ctx.allThreads());
        if (!ctx.freeThreads().contains(thread)) return new Step.Pending(null);
        Entry e = entries.get(next);
        long at = Math.max(anchor + e.offset().toNanos(), ctx.time());
        return new Step.Emit(new Op(-1, at, Op.NEMESIS, OpType.INVOKE, e.f(), null, e.value(), null),
                new OffsetSchedule(entries, leadInNanos, endNanos, next + 1, anchor));
    }

    /** The nanosecond time the offsets count from, or {@link Long#MIN_VALUE} until first asked. */
    long anchor() {
        return anchor;
    }

    @Override
    public String toString() {
        return "OffsetSchedule[" + next + "/" + entries.size() + "]";
    }
}

package dev.faultline.protocol;

import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.control.Node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@code faultline client-check}: runs a user's protocol client against the user's own running
 * system (its node addresses) and checks the protocol, not the system: handshake, framing, ids,
 * reply types, timing, and that a short sequential script per workload gets the answers any
 * correct system gives (a definite failure is {@code fail}, an unknown op is {@code fail}). It
 * names the client's stdout line of every problem. See docs/client-protocol.md.
 */
public final class ConformanceCheck {
    /**
     * @param nodes       the cluster the client is told about; the first is its node
     * @param downAddress an address where nothing answers (optional): the client must then answer fail or info, never ok
     * @param outDir      where the clients' stderr goes ({@code clients/<n>.stderr.log})
     */
    public record Options(List<String> command, Map<String, String> env, Path workDir, String workload, List<Node> nodes,
                          Map<String, String> params, ProtocolSettings settings, String downAddress, Path outDir) {
    }

    public enum Status { PASS, WARN, FAIL, SKIP }

    public record Result(Status status, String name, String detail) {
    }

    public record Report(List<Result> results) {
        public boolean passed() {
            return results.stream().noneMatch(r -> r.status() == Status.FAIL);
        }

        public long count(Status s) {
            return results.stream().filter(r -> r.status() == s).count();
        }
    }

    private final Options o;
    private final List<Result> results = new ArrayList<>();
    /** Problems with single replies, by check name, with line numbers. */
    private final Map<String, List<String>> replyProblems = new LinkedHashMap<>();
    private long replies;
    private long maxLatencyNanos;
    private int processCounter;

    private ConformanceCheck(Options o) {
        this.o = o;
        for (String k : List.of("framing", "ids", "types", "timing")) replyProblems.put(k, new ArrayList<>());
    }

    public static Report run(Options options) throws InterruptedException {
        return new ConformanceCheck(options).run();
    }

    private Report run() throws InterruptedException {
        Node node = o.nodes().get(0);
        try (Session s = start(node, "handshake")) {
            if (s != null) {
                Script script = new Script(s);
                switch (o.workload()) {
                    case "register" -> script.register();
                    case "bank" -> script.bank();
                    case "lock" -> script.lock();
                    default -> results.add(new Result(Status.SKIP, "semantics", "no script for workload " + o.workload()
                            + "; only the protocol is checked"));
                }
                script.unknownOp();
            }
        }
        for (var e : replyProblems.entrySet()) {
            String what = switch (e.getKey()) {
                case "framing" -> "every stdout line is one JSON object";
                case "ids" -> "every reply carries the id of the op in flight";
                case "types" -> "every reply's type is ok, fail or info, its error a string";
                default -> "every reply within the op timeout (" + o.settings().opTimeout().toMillis() + " ms)";
            };
            String detail = e.getValue().isEmpty()
                    ? what + " (" + replies + " replies" + (e.getKey().equals("timing") ? ", slowest " + maxLatencyNanos / 1_000_000 + " ms" : "") + ")"
                    : what + ": " + String.join("; ", e.getValue());
            results.add(new Result(e.getValue().isEmpty() ? (replies == 0 ? Status.SKIP : Status.PASS) : Status.FAIL, e.getKey(), detail));
        }
        concurrent(node);
        exitsOnEof(node);
        if (o.downAddress() != null) unreachable(new Node("down", o.downAddress(), null));
        return new Report(List.copyOf(results));
    }

    /** Two processes at once, as the harness runs them (one per worker). */
    private void concurrent(Node node) throws InterruptedException {
        try (Session a = start(node, null); Session b = start(node, null)) {
            if (a == null || b == null) {
                results.add(new Result(Status.FAIL, "two processes", "a second client process did not start while the first ran"));
                return;
            }
            String op = probeOp();
            Exchange x = a.call(op, probeKey(), null);
            Exchange y = b.call(op, probeKey(), null);
            boolean ok = x.reply() != null && y.reply() != null;
            results.add(new Result(ok ? Status.PASS : Status.FAIL, "two processes",
                    ok ? "two client processes served ops at the same time" : "with two processes running: " + (x.reply() == null ? x.problem() : y.problem())));
        }
    }

    private void exitsOnEof(Node node) throws InterruptedException {
        Session s = start(node, null);
        if (s == null) return;
        s.child.closeStdin();
        boolean exited = s.child.waitFor(Duration.ofSeconds(2));
        results.add(new Result(exited ? Status.PASS : Status.FAIL, "end of input",
                exited ? "exits when stdin closes (code " + s.child.exitCode() + ")"
                        : "still running 2 s after stdin closed (the harness then sends SIGTERM, SIGKILL)"));
        s.close();
    }

    private void unreachable(Node down) throws InterruptedException {
        Session s = startQuiet(down);
        if (s == null) {
            results.add(new Result(Status.PASS, "unreachable node", "init against " + down.address() + " answered init_failed (ops would be fail)"));
            return;
        }
        try (s) {
            Exchange e = s.call(probeOp(), probeKey(), null);
            if (e.reply() == null) {
                results.add(new Result(Status.FAIL, "unreachable node", "against " + down.address() + ": " + e.problem()));
            } else {
                boolean ok = e.reply().type() != OpType.OK;
                results.add(new Result(ok ? Status.PASS : Status.FAIL, "unreachable node",
                        "against " + down.address() + ", stdout line " + e.line() + ": " + e.reply().type().wireName()
                                + (ok ? " after " + e.millis() + " ms" : " — an op cannot succeed against a node that is down")));
            }
        }
    }

    private String probeOp() {
        return switch (o.workload()) {
            case "bank" -> "read";
            case "lock" -> "release"; // harmless: releasing a lock never held
            default -> "read";
        };
    }

    private String probeKey() {
        return o.workload().equals("bank") ? null : "faultline-check";
    }

    private Session start(Node node, String checkName) throws InterruptedException {
        int process = processCounter++;
        Session s = new Session(this, process);
        String problem = s.init(node);
        if (checkName != null) {
            results.add(new Result(problem == null ? Status.PASS : Status.FAIL, checkName, problem == null
                    ? "init answered with init_ok on stdout line 1 after " + s.initMillis + " ms" : problem));
        }
        if (problem != null) {
            s.close();
            return null;
        }
        return s;
    }

    private Session startQuiet(Node node) throws InterruptedException {
        Session s = new Session(this, processCounter++);
        String problem = s.init(node);
        if (problem == null) return s;
        s.close();
        return null;
    }

    /** One exchange: the reply (or why there is none), the stdout line, the latency. */
    record Exchange(Wire.Reply reply, long line, String problem, long nanos) {
        long millis() {
            return nanos / 1_000_000;
        }
    }

    /** A client process under check. */
    static final class Session implements AutoCloseable {
        private final ConformanceCheck check;
        private final int processNumber;
        ChildProcess child;
        private long nextId;
        long initMillis;
        boolean dead;

        Session(ConformanceCheck check, int processNumber) {
            this.check = check;
            this.processNumber = processNumber;
        }

        String init(Node node) throws InterruptedException {
            Options o = check.o;
            Path stderr = o.outDir().resolve("clients").resolve(processNumber + ".stderr.log");
            try {
                child = ChildProcess.start(o.command(), o.env(), o.workDir(), stderr, o.settings().maxLineBytes());
            } catch (IOException e) {
                dead = true;
                return "cannot start " + o.command() + ": " + e.getMessage();
            }
            long t0 = System.nanoTime();
            try {
                child.send(Wire.init(new Wire.Init(node, o.nodes(), o.workload(), o.params(), processNumber,
                        o.settings().opTimeout().toMillis())));
            } catch (IOException e) {
                dead = true;
                return "the client does not read its stdin: " + e.getMessage() + " (stderr: " + stderr + ")";
            }
            Line l = child.poll(t0 + o.settings().startTimeout().toNanos());
            initMillis = (System.nanoTime() - t0) / 1_000_000;
            if (l == null) return fail("no answer to init within " + o.settings().startTimeout().toMillis() + " ms");
            if (l.eof()) return fail("the client exited before answering init (code " + exit() + "; stderr: " + stderr + ")");
            if (l.problem() != null) return fail("stdout line " + l.number() + ": " + l.problem());
            try {
                Wire.initReply(l.text());
            } catch (Wire.Violation v) {
                return fail("stdout line " + l.number() + ": " + v.getMessage());
            } catch (Wire.InitFailed f) {
                return fail("stdout line " + l.number() + ": init_failed: " + f.getMessage());
            }
            return null;
        }

        private String fail(String why) {
            dead = true;
            return why;
        }

        private Integer exit() throws InterruptedException {
            child.waitFor(Duration.ofMillis(300));
            return child.exitCode();
        }

        /** Sends one op and reads its reply, recording reply-level problems with the check. */
        Exchange call(String f, String key, Object value) throws InterruptedException {
            if (dead) return new Exchange(null, 0, "the client is no longer running", 0);
            long id = ++nextId;
            Options o = check.o;
            long t0 = System.nanoTime();
            try {
                child.send(Wire.invoke(id, dev.faultline.checkers.history.Op.invoke(processNumber, f, key, value)));
            } catch (IOException e) {
                dead = true;
                return new Exchange(null, 0, "the client no longer reads its stdin (" + e.getMessage() + ")", 0);
            }
            Line l = child.poll(t0 + o.settings().opTimeout().toNanos());
            long nanos = System.nanoTime() - t0;
            if (l == null) {
                String p = f + " (id " + id + "): no reply within " + o.settings().opTimeout().toMillis() + " ms";
                check.replyProblems.get("timing").add(p);
                dead = true;
                return new Exchange(null, 0, p, nanos);
            }
            if (l.eof()) {
                dead = true;
                return new Exchange(null, l.number(), f + " (id " + id + "): the client exited (code " + exit() + ") instead of replying", nanos);
            }
            check.replies++;
            check.maxLatencyNanos = Math.max(check.maxLatencyNanos, nanos);
            try {
                if (l.problem() != null) throw new Wire.Violation(l.problem());
                return new Exchange(Wire.reply(l.text(), id), l.number(), null, nanos);
            } catch (Wire.Violation v) {
                String m = v.getMessage();
                String kind = m.contains("\"id\"") || m.startsWith("reply for id") ? "ids"
                        : m.startsWith("\"") ? "types" : "framing";
                String p = "stdout line " + l.number() + ": " + m + (l.text() == null ? "" : ": " + Wire.abbreviate(l.text()));
                check.replyProblems.get(kind).add(p);
                dead = true; // the harness kills a client after a bad line
                return new Exchange(null, l.number(), p, nanos);
            }
        }

        @Override
        public void close() {
            if (child != null) child.stop(Duration.ofMillis(500));
        }
    }

    /** The sequential script per workload: answers every correct system gives to one client alone. */
    private final class Script {
        private final Session s;
        private final String key = "faultline-check-" + Long.toHexString(System.nanoTime() & 0xffffffL);

        Script(Session s) {
            this.s = s;
        }

        private Exchange expect(String name, String f, String k, Object value, Predicate<Wire.Reply> good, String wanted)
                throws InterruptedException {
            Exchange e = s.call(f, k, value);
            String op = f + (k == null ? "" : " " + k) + (value == null ? "" : " " + Wire.MAPPER.valueToTree(value));
            if (e.reply() == null) {
                results.add(new Result(s.dead && e.problem().startsWith("the client is no longer") ? Status.SKIP : Status.FAIL, name,
                        op + ": " + e.problem()));
            } else if (good.test(e.reply())) {
                results.add(new Result(Status.PASS, name, op + " → " + describe(e.reply()) + " (stdout line " + e.line() + ", " + e.millis() + " ms)"));
            } else {
                results.add(new Result(Status.FAIL, name, op + " → " + describe(e.reply()) + " on stdout line " + e.line() + "; expected " + wanted));
            }
            return e;
        }

        private String describe(Wire.Reply r) {
            return r.type().wireName() + (r.hasValue() ? " " + Wire.MAPPER.valueToTree(r.value()) : "")
                    + (r.error() == null ? "" : " (" + r.error() + ")");
        }

        private Predicate<Wire.Reply> ok(Object value) {
            return r -> r.type() == OpType.OK && (!r.hasValue() || Objects.equals(r.value(), value));
        }

        private Predicate<Wire.Reply> okValue(Object value) {
            return r -> r.type() == OpType.OK && Objects.equals(r.value(), value);
        }

        void register() throws InterruptedException {
            expect("read of a fresh key", "read", key, null, okValue(null), "ok null (a key never written has no value)");
            expect("write", "write", key, 1L, ok(1L), "ok");
            expect("read sees the write", "read", key, null, okValue(1L), "ok 1");
            expect("cas that matches", "cas", key, List.of(1L, 2L), ok(List.of(1L, 2L)), "ok");
            expect("cas that does not match is fail", "cas", key, List.of(1L, 3L), r -> r.type() == OpType.FAIL,
                    "fail: the register holds 2, so the cas definitely did not happen (ok is wrong, info is too weak)");
            expect("the failed cas changed nothing", "read", key, null, okValue(2L), "ok 2");
        }

        void bank() throws InterruptedException {
            Exchange first = expect("read of every balance", "read", null, null,
                    r -> r.type() == OpType.OK && balances(r.value()) != null, "ok with a map of account name to integer balance");
            Map<String, Long> before = first.reply() == null ? null : balances(first.reply().value());
            if (before == null || before.size() < 2) return;
            List<String> accounts = new ArrayList<>(before.keySet());
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("from", accounts.get(0));
            t.put("to", accounts.get(1));
            t.put("amount", 1L);
            expect("transfer", "transfer", null, t, r -> r.type() == OpType.OK || r.type() == OpType.FAIL,
                    "ok, or fail if it definitely did not happen (e.g. insufficient funds)");
            long total = before.values().stream().mapToLong(Long::longValue).sum();
            expect("the total is unchanged", "read", null, null, r -> {
                Map<String, Long> after = r.type() == OpType.OK ? balances(r.value()) : null;
                return after != null && after.keySet().equals(before.keySet()) && after.values().stream().mapToLong(Long::longValue).sum() == total;
            }, "ok with the same accounts and the total " + total);
            Map<String, Object> huge = new LinkedHashMap<>(t);
            huge.put("amount", total + 1);
            expect("an overdraft is fail", "transfer", null, huge, r -> r.type() == OpType.FAIL,
                    "fail: no account can hold more than the total, so a transfer of total+1 cannot happen");
        }

        private Map<String, Long> balances(Object v) {
            if (!(v instanceof Map<?, ?> m) || m.isEmpty()) return null;
            Map<String, Long> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                if (!(e.getValue() instanceof Long l)) return null;
                out.put((String) e.getKey(), l);
            }
            return out;
        }

        void lock() throws InterruptedException {
            Exchange a = expect("acquire", "acquire", key, 5000L, r -> r.type() == OpType.OK && token(r.value()) != null,
                    "ok with the fencing token (an integer, or a map with \"token\")");
            Long t = a.reply() == null ? null : token(a.reply().value());
            if (t == null) return;
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("token", t);
            w.put("value", "check-1");
            expect("write with the token", "write", key, w, r -> r.type() == OpType.OK && r.value() instanceof Map<?, ?> m
                    && m.get("seq") instanceof Long, "ok with {\"token\":t,\"value\":v,\"seq\":s}");
            expect("renew", "renew", key, t, r -> r.type() == OpType.OK, "ok");
            expect("release", "release", key, t, r -> r.type() == OpType.OK, "ok");
            expect("a later acquire gets a larger token", "acquire", key, 5000L,
                    r -> r.type() == OpType.OK && token(r.value()) != null && token(r.value()) > t, "ok with a token > " + t);
            expect("a stale token's write is fail", "write", key, Map.of("token", t, "value", "stale"),
                    r -> r.type() == OpType.FAIL, "fail: the fenced resource must refuse a superseded token");
        }

        private Long token(Object v) {
            Object x = v instanceof Map<?, ?> m ? m.get("token") : v;
            return x instanceof Long l ? l : null;
        }

        void unknownOp() throws InterruptedException {
            expect("an unknown f is fail", "no-such-op", key, null, r -> r.type() == OpType.FAIL,
                    "fail: a client must refuse an op it does not know (it definitely did not happen)");
        }
    }
}

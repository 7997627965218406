package dev.faultline.protocol;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link Client} that is a child process speaking the client protocol. The process is started
 * (and told its node with {@code init}) at the first op, so its stderr file can be named after the
 * op's process. Every op gets a completion: a late reply, a crash, a hang or a malformed line make
 * the op {@code info} and kill the child; a child that died or wrote stray output between ops is
 * replaced before the op is sent; an op that could not be sent at all is {@code fail}.
 */
final class ProcessClient implements Client {
    private static final Logger log = LoggerFactory.getLogger(ProcessClient.class);

    private final ProcessClientFactory factory;
    private final TestContext ctx;
    private final Node node;
    private ChildProcess child;
    private long nextId;

    ProcessClient(ProcessClientFactory factory, TestContext ctx, Node node) {
        this.factory = factory;
        this.ctx = ctx;
        this.node = node;
    }

    @Override
    public Op invoke(TestContext c, Op invocation) throws InterruptedException {
        String notReady = ready(invocation.process());
        if (notReady != null) return invocation.fail("no-client: " + notReady);
        ProtocolSettings s = factory.settings();
        long id = ++nextId;
        try {
            child.send(Wire.invoke(id, invocation));
        } catch (IOException e) {
            // The write failed: the process had closed its stdin (it exited), so it never read this op.
            String why = "not-sent: client " + child.name() + " no longer reads its stdin (" + e.getMessage() + ")";
            discard();
            return invocation.fail(why);
        }
        long deadline = System.nanoTime() + s.opTimeout().toNanos();
        Line line;
        try {
            line = child.poll(deadline);
        } catch (InterruptedException e) {
            discard(); // abandoned by the interpreter: the op's outcome is unknown, the process goes
            throw e;
        }
        if (line == null) {
            log.warn("client {} on {}: no reply to op {} ({}) within {} ms; killing it", child.name(), node.name(), id,
                    invocation.f(), s.opTimeout().toMillis());
            discard();
            return invocation.info("timeout: no reply within " + s.opTimeout().toMillis() + " ms; client process killed");
        }
        if (line.eof()) {
            String exit = exitDescription();
            log.warn("client {} on {}: {} with op {} ({}) in flight", child.name(), node.name(), exit, id, invocation.f());
            discard();
            return invocation.info("crashed: client process " + exit + " with the op in flight");
        }
        try {
            if (line.problem() != null) throw new Wire.Violation(line.problem());
            return Wire.reply(line.text(), id).complete(invocation);
        } catch (Wire.Violation v) {
            log.warn("client {} on {}: stdout line {} breaks the protocol ({}): {}", child.name(), node.name(), line.number(),
                    v.getMessage(), line.text() == null ? "" : Wire.abbreviate(line.text()));
            discard();
            return invocation.info("protocol: stdout line " + line.number() + ": " + v.getMessage());
        }
    }

    /** Makes sure a healthy, initialised child is waiting for an op; returns why not, or null. */
    private String ready(int process) throws InterruptedException {
        if (child != null) {
            String trouble = idleTrouble();
            if (trouble == null) return null;
            log.warn("client {} on {}: {}; starting a new one", child.name(), node.name(), trouble);
            discard();
        }
        try {
            child = start(process);
            return null;
        } catch (StartFailure e) {
            log.warn("client for {} (process {}) did not start: {}", node.name(), process, e.getMessage());
            return e.getMessage();
        }
    }

    /** Output or an exit between ops: the process is not fit to take the next op. */
    private String idleTrouble() {
        Line stray = child.pollNow();
        if (stray == null) return child.isAlive() ? null : exitDescription() + " between ops";
        if (stray.eof()) return exitDescription() + " between ops";
        return "stdout line " + stray.number() + " was written with no op in flight: "
                + (stray.text() == null ? stray.problem() : Wire.abbreviate(stray.text()));
    }

    private String exitDescription() {
        try {
            child.waitFor(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer code = child.exitCode();
        return code == null ? "closed its stdout" : "exited with code " + code;
    }

    private static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }

    private ChildProcess start(int process) throws StartFailure, InterruptedException {
        ProtocolSettings s = factory.settings();
        Path stderr = ctx.runDir().resolve("clients").resolve(process + ".stderr.log");
        ChildProcess p;
        try {
            p = ChildProcess.start(factory.command(), factory.env(), factory.workDir(), stderr, s.maxLineBytes());
        } catch (IOException e) {
            throw new StartFailure("cannot start " + factory.command() + ": " + e.getMessage());
        }
        nextId = 0;
        try {
            p.send(Wire.init(new Wire.Init(node, ctx.cluster().nodes(), factory.workload(), ctx.options().params(), process,
                    s.opTimeout().toMillis())));
            Line line = p.poll(System.nanoTime() + s.startTimeout().toNanos());
            if (line == null) throw new StartFailure("no init_ok within " + s.startTimeout().toMillis() + " ms");
            if (line.eof()) {
                p.waitFor(Duration.ofMillis(200));
                throw new StartFailure("the client exited (code " + p.exitCode() + ") before answering init; see " + stderr);
            }
            if (line.problem() != null) throw new StartFailure("stdout line " + line.number() + ": " + line.problem());
            Wire.initReply(line.text());
            return p;
        } catch (IOException e) {
            p.kill();
            throw new StartFailure("the client does not read its stdin (" + e.getMessage() + "); see " + stderr);
        } catch (Wire.Violation e) {
            p.kill();
            throw new StartFailure("stdout line 1: " + e.getMessage());
        } catch (Wire.InitFailed e) {
            p.stop(s.stopGrace());
            throw new StartFailure("init_failed: " + e.getMessage());
        } catch (StartFailure | InterruptedException e) {
            p.kill();
            throw e;
        }
    }

    private void discard() {
        if (child == null) return;
        child.kill();
        child = null;
    }

    @Override
    public void close() {
        if (child == null) return;
        child.stop(factory.settings().stopGrace());
        child = null;
    }
}

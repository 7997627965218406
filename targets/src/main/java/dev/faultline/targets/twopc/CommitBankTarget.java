package dev.faultline.targets.twopc;

import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.LogPatterns;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmLogPatterns;
import dev.faultline.workloads.bank.BankWorkload;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the bank targets over the servers/twopc-bank servers share: a participant on every node, the
 * coordinator on the first, every client talking to the coordinator, the {@code twopc-bank.*} knobs.
 * They differ in the commit protocol the servers run (2PC or 3PC), their planted bugs and self-tests.
 */
abstract sealed class CommitBankTarget implements Target, LogPatterns, ClientOpTimeout permits TwopcTarget, ThreepcTarget {
    private final String name;
    private final boolean threePhase;

    CommitBankTarget(String name, boolean threePhase) {
        this.name = name;
        this.threePhase = threePhase;
    }

    static JvmBundle bundle() {
        return JvmBundle.server(TwopcTarget.NAME, dev.faultline.twopc.Main.class, dev.faultline.server.http.JsonHttpServer.class);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<ParamSpec> params() {
        return TwopcSettings.PARAMS;
    }

    @Override
    public final List<String> logPatterns() {
        return JvmLogPatterns.with("claimed by both");
    }

    @Override
    public final Set<String> workloads() {
        return Set.of(BankWorkload.NAME);
    }

    @Override
    public final Db db(TestOptions options) {
        return new TwopcDb(TwopcSettings.of(options, threePhase), bundle());
    }

    /** One request per transfer or read, to the coordinator. */
    @Override
    public final Duration clientOpTimeout(TestOptions options) {
        return JsonHttp.opTimeout(TwopcSettings.of(options, threePhase).clientTimeout(), 1);
    }

    @Override
    public final ClientFactory clients(String workload, TestOptions options) {
        requireWorkload(workload);
        TwopcSettings settings = TwopcSettings.of(options, threePhase);
        Duration connect = JsonHttp.connectTimeout(settings.clientTimeout());
        // Every client talks to the coordinator, whatever node the worker was bound to.
        return (ctx, node) -> new BankClient(JsonHttp.client(connect), TwopcDb.coordinatorNode(ctx).address(),
                settings.coordinatorPort(), settings.clientTimeout());
    }
}

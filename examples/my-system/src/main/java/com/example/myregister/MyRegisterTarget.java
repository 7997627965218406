package com.example.myregister;

import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.jvm.JvmBundle;

import java.util.Set;

/**
 * The Faultline target for {@link RegisterServer}: found by the name {@code my-register} through
 * META-INF/services/dev.faultline.harness.spi.Target (a plugin jar), or given as an instance to
 * {@code FaultlineTest.target(new MyRegisterTarget())}.
 */
public final class MyRegisterTarget implements Target {
    static final String STALE_READS = "stale-reads";

    @Override
    public String name() {
        return "my-register";
    }

    @Override
    public String description() {
        return "example: a primary/follower register server over HTTP (examples/my-system)";
    }

    @Override
    public Set<String> workloads() {
        return Set.of("register");
    }

    @Override
    public Set<String> unsafeSwitches() {
        return Set.of(STALE_READS);
    }

    @Override
    public Db db(TestOptions options) {
        // The jar (or class directory) holding RegisterServer is shipped to every node.
        return new MyRegisterDb(JvmBundle.of("my-register", RegisterServer.class), options.unsafe(STALE_READS));
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        return (ctx, node) -> new MyRegisterClient(node.address(), MyRegisterDb.PORT);
    }
}

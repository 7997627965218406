package dev.faultline.cli;

import dev.faultline.protocol.ProtocolBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code faultline bench protocol}: throughput and latency of protocol clients (docs/client-protocol.md). */
@Command(name = "protocol", mixinStandardHelpOptions = true,
        description = {"Ops/s and latency of the client protocol path: one Python client process per worker against a trivial "
                + "in-memory target (the client's memory, or a TCP line server that a Java client also drives, for comparison)."})
final class ProtocolBenchCommand implements Callable<Integer> {
    @Option(names = "--target", defaultValue = "tcp", description = "memory or tcp (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--workers", defaultValue = "4", description = "Client processes/threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--duration", converter = Durations.class, defaultValue = "10s", description = "Per client kind (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--python", defaultValue = "python3", description = "Interpreter of the bench client (default: ${DEFAULT-VALUE}).")
    String python;

    @Override
    public Integer call() throws Exception {
        if (!target.equals("tcp") && !target.equals("memory")) throw new IllegalArgumentException("--target must be memory or tcp, was " + target);
        ProtocolBench.run(target, workers, duration, python, System.out);
        return 0;
    }
}

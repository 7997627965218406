package dev.faultline.cli;

import picocli.CommandLine.Command;

/** {@code faultline bench}: benchmarks, as commands (not tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark.",
        subcommands = {CheckerBench.class, ProtocolBenchCommand.class, TxnBench.class}, synopsisSubcommandLabel = "BENCHMARK")
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: checker, protocol or txn");
    }
}

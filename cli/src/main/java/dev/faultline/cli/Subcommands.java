package dev.faultline.cli;

import java.util.List;

/**
 * Every subcommand of {@code faultline}. To add one, write a picocli {@code @Command} class (in any
 * module the cli depends on) and add it here: one line per command.
 */
final class Subcommands {
    static final List<Class<?>> ALL = List.of(
            TestCommand.class,
            CheckCommand.class,
            ReportCommand.class,
            ServeCommand.class,
            ListCommand.class,
            ImageCommand.class,
            BenchCommand.class,
            SelftestCommand.class,
            ClientCheckCommand.class,
            CdsTrainingCommand.class);

    private Subcommands() {}
}

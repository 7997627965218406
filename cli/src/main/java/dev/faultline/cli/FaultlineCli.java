package dev.faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code faultline} command. Subcommands are listed in {@link Subcommands}.
 *
 * <p>Exit codes (docs/architecture.md): 0 valid, 1 invalid, 2 unknown, 3 the run itself crashed or
 * the command line was wrong; the reason goes to stderr.
 */
@Command(name = "faultline", mixinStandardHelpOptions = true, versionProvider = FaultlineCli.Version.class,
        description = "Jepsen-style cluster testing: real clusters, real faults, consistency checkers.",
        synopsisSubcommandLabel = "COMMAND")
public final class FaultlineCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with the given output streams (for tests). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line, with every subcommand of {@link Subcommands#ALL}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FaultlineCli());
        for (Class<?> sub : Subcommands.ALL) cl.addSubcommand(sub);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("faultline: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            }
            return ExitCodes.CRASH;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("faultline: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("FAULTLINE_DEBUG") != null) ex.printStackTrace(c.getErr());
            return ExitCodes.CRASH;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FaultlineCli.class.getPackage().getImplementationVersion();
            return new String[] {"faultline " + (v == null ? "development build" : v)};
        }
    }
}

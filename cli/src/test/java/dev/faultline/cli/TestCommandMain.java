package dev.faultline.cli;

import picocli.CommandLine;

/** `faultline test` as a process of its own, for the test that interrupts a controller. */
public final class TestCommandMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new TestCommand()).execute(args));
    }
}

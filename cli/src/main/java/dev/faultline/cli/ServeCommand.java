package dev.faultline.cli;

import dev.faultline.results.StoreServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline serve}: the store's runs, reports and files on http://127.0.0.1:PORT/ until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the store (runs index, reports, history and node logs) on 127.0.0.1 until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--store", defaultValue = "store", description = "The store directory (default ${DEFAULT-VALUE}).")
    Path store;

    @Spec CommandSpec spec;

    /** Starts the server and returns it (the command's {@link #call} then waits until the JVM is stopped). */
    StoreServer start() throws IOException {
        if (!Files.isDirectory(store)) {
            throw new IOException("no store at " + store.toAbsolutePath() + " (run a test first, or pass --store DIR)");
        }
        return StoreServer.start(store, port);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        StoreServer server;
        try {
            server = start();
        } catch (IOException e) {
            err.println("faultline serve: " + e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "faultline-serve-shutdown"));
        spec.commandLine().getOut().println("Serving " + store.toAbsolutePath().normalize() + " at " + server.url() + " (Ctrl-C to stop)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}

package dev.faultline.raftkv;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar raft-kv.jar --id n1 --data-dir DIR --peers n1=h1:7001,... --client-port 8001}.
 * Logs go to stdout and to {@code DIR/raft-kv.log}. Exit code 2 on bad arguments, 3 if it cannot
 * start, 70 on a fatal storage error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        KvOptions options;
        try {
            options = KvOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("raft-kv: " + e.getMessage());
            System.err.print(KvOptions.USAGE);
            System.exit(2);
            return;
        }
        // Listen before loading logging, Jackson and Raft (most of the start-up time): until the
        // node runs, clients get a definite 503 instead of a refused connection.
        ClientPort port;
        try {
            port = ClientPort.bind(options.id(), options.clientPort());
        } catch (Exception e) {
            System.err.println("raft-kv: failed to start: " + e.getMessage());
            System.exit(3);
            return;
        }
        // Must be set before the first logger is created. The configuration has its own name so that it
        // still applies on a classpath that carries another logback.xml (faultline.jar ships the server).
        System.setProperty("raftkv.log.file", options.dataDir().resolve("raft-kv.log").toString());
        System.setProperty("raftkv.node", options.id());
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", "raft-kv-logback.xml");
        KvServer server = new KvServer(options, port);
        server.onFatal(() -> Runtime.getRuntime().halt(70));
        try {
            server.start();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("{} failed to start", options.id(), e);
            System.err.println("raft-kv: failed to start: " + e);
            System.exit(3);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}

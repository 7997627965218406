package dev.faultline.paxos;

import java.util.Arrays;

/**
 * Entry point: {@code java -cp 'lib/*' dev.faultline.paxos.Main --id n1 --data-dir DIR --peers n1=h1:8001,...}.
 * Logs go to stdout. Exit code 2 on bad arguments, 3 if it cannot start.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PaxosOptions options;
        try {
            options = PaxosOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("paxos: " + e.getMessage());
            System.err.print(PaxosOptions.USAGE);
            System.exit(2);
            return;
        }
        // Its own name, so that it applies on a class path that carries another logback.xml.
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", "paxos-logback.xml");
        PaxosServer server;
        try {
            server = PaxosServer.start(options);
        } catch (Exception e) {
            System.err.println("paxos: " + options.id() + " failed to start: " + e);
            e.printStackTrace();
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}

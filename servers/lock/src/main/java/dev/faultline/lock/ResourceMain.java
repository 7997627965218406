package dev.faultline.lock;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp 'lib/*' dev.faultline.lock.ResourceMain --port P [--bind ADDR] [--data-dir DIR]
 * [--unsafe no-fencing]}: the fenced resource, one per cluster.
 */
public final class ResourceMain {
    static final String USAGE = "usage: java -cp 'lib/*' dev.faultline.lock.ResourceMain --port PORT [--bind ADDR]"
            + " [--data-dir DIR] [--unsafe no-fencing]";

    private ResourceMain() {
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        String bind = "0.0.0.0";
        Path dataDir = null;
        boolean fencing = true;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                String v = args[++i];
                switch (flag) {
                    case "--port" -> port = LockOptions.port(flag, v);
                    case "--bind" -> bind = v;
                    case "--data-dir" -> dataDir = Path.of(v);
                    case "--unsafe" -> {
                        for (String n : v.split(",")) {
                            if (n.isBlank()) continue;
                            if (!LockUnsafe.RESOURCE.contains(n.trim())) {
                                throw new IllegalArgumentException("--unsafe: unknown switch '" + n.trim()
                                        + "' for the resource (known: " + LockUnsafe.RESOURCE + ")");
                            }
                            fencing = false;
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                }
            }
            if (port == null) throw new IllegalArgumentException("--port is required\n" + USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println("resource: " + e.getMessage());
            System.exit(2);
            return;
        }
        ResourceServer server = ResourceServer.start(bind, port, dataDir, fencing);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("resource: closing: " + e);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}

package dev.faultline.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** {@code java -cp 'lib/*' dev.faultline.lock.Main --id n1 --data-dir DIR --peers ... --client-port P}. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options;
        try {
            options = LockOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lock: " + e.getMessage());
            System.exit(2);
            return;
        }
        LockServer server = LockServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}

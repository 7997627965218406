package dev.faultline.protocol;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.run.RunContext;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code faultline bench protocol}: ops/s and latency of the protocol path (Java → pipe → a Python
 * client process → pipe → Java), with one client process per worker thread as in a run, against a
 * trivial in-memory target: the client's own memory ({@code memory}), or an in-process TCP line
 * server that a plain Java client also drives for comparison ({@code tcp}). Register ops (read,
 * write, cas) on one key per worker; no interpreter or history (see harness.run.Bench for those).
 */
public final class ProtocolBench {
    private ProtocolBench() {
    }

    /** The measurement of one client kind. */
    public record Result(String name, int workers, long ops, double seconds, long p50Nanos, long p99Nanos, long infos) {
        public double opsPerSecond() {
            return ops / seconds;
        }

        public String line() {
            return String.format("%-28s %2d workers %9d ops %6.2f s %9.0f ops/s  p50 %7.1f µs  p99 %8.1f µs%s", name, workers, ops,
                    seconds, opsPerSecond(), p50Nanos / 1e3, p99Nanos / 1e3, infos > 0 ? "  (" + infos + " info)" : "");
        }
    }

    /** Runs the benchmark and prints one line per client kind. */
    public static List<Result> run(String target, int workers, Duration duration, String python, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("faultline-bench-protocol");
        Path script = dir.resolve("bench_client.py");
        try (InputStream in = ProtocolBench.class.getResourceAsStream("bench_client.py")) {
            Files.copy(in, script);
        }
        List<Result> results = new ArrayList<>();
        try (LineServer server = target.equals("tcp") ? new LineServer() : null) {
            Map<String, String> params = server == null ? Map.of("bench.target", "memory")
                    : Map.of("bench.target", "tcp", "bench.port", Integer.toString(server.port()));
            Node node = new Node("n1", "127.0.0.1", null);
            TestOptions options = new TestOptions("bench", "bench", "register", List.of(), 1, workers, duration, duration, 1,
                    Set.of(), params);
            TestContext ctx = new RunContext(options, new Cluster(List.of(node)), null, dir, System.nanoTime(), Duration.ofSeconds(10));
            if (server != null) {
                results.add(measure("java client (tcp)", workers, duration, w -> new JavaLineClient(server.port())));
                out.println(results.get(results.size() - 1).line());
            }
            ProcessClientFactory factory = new ProcessClientFactory(List.of(python, script.toString()), Map.of(), dir, "register",
                    ProtocolSettings.defaults());
            results.add(measure("protocol client (" + target + ")", workers, duration, w -> factory.open(ctx, node)));
            out.println(results.get(results.size() - 1).line());
        }
        out.println("client stderr: " + dir.resolve("clients"));
        return results;
    }

    interface Opener {
        Client open(int worker) throws Exception;
    }

    private static Result measure(String name, int workers, Duration duration, Opener opener) throws Exception {
        // warm-up: start every client and let the JIT see the path
        List<Client> clients = new ArrayList<>();
        for (int w = 0; w < workers; w++) clients.add(opener.open(w));
        for (int w = 0; w < workers; w++) for (int i = 0; i < 2000; i++) clients.get(w).invoke(null, op(w, i, new SplittableRandom(i)));
        long[][] samples = new long[workers][];
        int[] counts = new int[workers];
        long[] infos = new long[workers];
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            samples[w] = new long[1 << 16];
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(worker);
                Client c = clients.get(worker);
                long[] s = samples[worker];
                int n = 0;
                try {
                    while (!stop.get()) {
                        long a = System.nanoTime();
                        Op done = c.invoke(null, op(worker, n, random));
                        long lat = System.nanoTime() - a;
                        if (done.isInfo()) infos[worker]++;
                        if (n == s.length) s = samples[worker] = Arrays.copyOf(s, s.length * 2);
                        s[n++] = lat;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    counts[worker] = n;
                }
            }, "bench-" + w);
            threads.add(t);
            t.start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Client c : clients) c.close();
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(samples[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        long p50 = all.length == 0 ? 0 : all[all.length / 2];
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 99L / 100)];
        return new Result(name, workers, total, seconds, p50, p99, Arrays.stream(infos).sum());
    }

    private static Op op(int worker, int n, SplittableRandom random) {
        String key = "k" + worker;
        return switch (random.nextInt(3)) {
            case 0 -> Op.invoke(worker, "read", key, null);
            case 1 -> Op.invoke(worker, "write", key, (long) random.nextInt(5));
            default -> Op.invoke(worker, "cas", key, List.of((long) random.nextInt(5), (long) random.nextInt(5)));
        };
    }

    /** The trivial target: GET k / SET k v / CAS k a b, one line each, on loopback. */
    static final class LineServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Map<String, Long> data = new ConcurrentHashMap<>();
        private final List<Socket> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

        LineServer() throws IOException {
            Thread t = new Thread(this::accept, "bench-line-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    s.setTcpNoDelay(true);
                    connections.add(s);
                    Thread t = new Thread(() -> serve(s), "bench-line-conn");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // shut down
            }
        }

        private void serve(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                 OutputStream out = s.getOutputStream()) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] w = line.split(" ");
                    String reply = switch (w[0]) {
                        case "GET" -> {
                            Long v = data.get(w[1]);
                            yield v == null ? "OK\n" : "OK " + v + "\n";
                        }
                        case "SET" -> {
                            data.put(w[1], Long.parseLong(w[2]));
                            yield "OK\n";
                        }
                        case "CAS" -> data.replace(w[1], Long.parseLong(w[2]), Long.parseLong(w[3])) ? "OK\n" : "FAIL\n";
                        default -> "ERR\n";
                    };
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : connections) s.close();
        }
    }

    /** The Java client of the comparison: the same ops, the same server, no process in between. */
    static final class JavaLineClient implements Client {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        JavaLineClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        @Override
        public Op invoke(TestContext ctx, Op op) throws IOException {
            String req = switch (op.f()) {
                case "read" -> "GET " + op.key();
                case "write" -> "SET " + op.key() + " " + op.value();
                default -> "CAS " + op.key() + " " + ((List<?>) op.value()).get(0) + " " + ((List<?>) op.value()).get(1);
            };
            out.write((req + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String[] w = in.readLine().split(" ");
            if (w[0].equals("FAIL")) return op.fail("cas-mismatch");
            return op.ok(op.f().equals("read") ? (w.length > 1 ? (Object) Long.parseLong(w[1]) : null) : op.value());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}

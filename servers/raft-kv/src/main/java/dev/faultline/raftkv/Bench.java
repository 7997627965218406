package dev.faultline.raftkv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark: {@code java -cp raft-kv.jar dev.faultline.raftkv.Bench [--clients 16] [--ops 20000]
 * [--seconds 20] [--urls http://h:p,...]}. Without {@code --urls} it starts a 3-node cluster of
 * child JVMs on loopback (temp data dirs, killed at the end). Runs a write phase (PUT) then a read
 * phase (linearizable GET) against the leader, each bounded by op count and time, and prints
 * throughput and p50/p99/max latency.
 */
public final class Bench {
    private Bench() {
    }

    private record Phase(String name, int ok, int errors, double seconds, long[] latenciesNanos) {
        void print() {
            Arrays.sort(latenciesNanos);
            System.out.printf("%-6s %7d ok %5d errors in %6.2f s = %8.0f ops/s   p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms%n",
                    name, ok, errors, seconds, ok / seconds, pct(0.50), pct(0.99),
                    latenciesNanos.length == 0 ? 0 : latenciesNanos[latenciesNanos.length - 1] / 1e6);
        }

        double pct(double q) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(q * latenciesNanos.length))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = 16;
        int ops = 20_000;
        int seconds = 20;
        String urls = null;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--ops" -> ops = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--urls" -> urls = args[++i];
                case "--dir" -> base = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Bench [--clients N] [--ops N] [--seconds S] [--urls http://h:p,...] [--dir BASE]");
                    System.exit(2);
                }
            }
        }
        List<Process> children = new ArrayList<>();
        Path tmp = null;
        try {
            List<String> nodes = new ArrayList<>();
            if (urls == null) {
                // --dir: the nodes' data under BASE (e.g. a faultline-lazyfs mount, docs/disk-faults.md)
                tmp = base == null ? Files.createTempDirectory("raft-kv-bench") : Files.createTempDirectory(base, "raft-kv-bench");
                nodes = spawnCluster(tmp, children);
                System.out.println("started 3 local nodes in " + tmp + ": " + nodes);
            } else {
                nodes.addAll(List.of(urls.split(",")));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            String leader = awaitLeader(http, nodes);
            System.out.printf("leader %s; %d clients, at most %d ops or %d s per phase%n", leader, clients, ops, seconds);
            run("write", http, leader, clients, ops, seconds, true).print();
            run("read", http, leader, clients, ops, seconds, false).print();
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
            }
            for (Process p : children) {
                p.waitFor();
            }
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static Phase run(String name, HttpClient http, String base, int clients, int ops, int seconds,
                             boolean write) throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] lat = new long[ops];
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong last = new AtomicLong(start);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = issued.getAndIncrement()) < ops && System.nanoTime() < end) {
                    String key = "bench" + ThreadLocalRandom.current().nextInt(1000);
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/kv/" + key))
                            .timeout(Duration.ofSeconds(10));
                    HttpRequest req = write ? b.PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + i + "}")).build()
                            : b.GET().build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (r.statusCode() == 200) {
                            lat[done.getAndIncrement()] = t1 - t0;
                        } else {
                            errors.incrementAndGet();
                        }
                        last.accumulateAndGet(t1, Math::max);
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int n = done.get();
        return new Phase(name, n, errors.get(), (last.get() - start) / 1e9, Arrays.copyOf(lat, n));
    }

    private static String awaitLeader(HttpClient http, List<String> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String n : nodes) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n + "/status"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.body().contains("\"role\":\"leader\"")) {
                        return n;
                    }
                } catch (IOException e) {
                    // not up yet
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader among " + nodes + " within 60 s");
    }

    private static List<String> spawnCluster(Path dir, List<Process> children) throws IOException {
        int[] raft = new int[3];
        int[] client = new int[3];
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            raft[i] = freePort();
            client[i] = freePort();
            peers.append(i == 0 ? "" : ",").append("n").append(i + 1).append("=127.0.0.1:").append(raft[i]);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "n" + (i + 1);
            Path out = dir.resolve(id + ".out");
            children.add(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--id", id, "--data-dir", dir.resolve(id).toString(), "--peers",
                    peers.toString(), "--client-port", Integer.toString(client[i]))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            urls.add("http://127.0.0.1:" + client[i]);
        }
        return urls;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

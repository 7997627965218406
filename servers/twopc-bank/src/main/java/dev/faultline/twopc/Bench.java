package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load generator against a running coordinator: concurrent clients issue random transfers
 * (and a share of reads) until the op budget or the time limit runs out, then print throughput,
 * latency and whether the final total is intact.
 *
 * <pre>java -cp twopc-bank.jar dev.faultline.twopc.Bench --coordinator 127.0.0.1:7000 --clients 16 --seconds 10 --max-ops 200000 --read-percent 5</pre>
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        HostPort coord = HostPort.parse(o.getOrDefault("coordinator", "127.0.0.1:7000"), "--coordinator");
        int clients = Integer.parseInt(o.getOrDefault("clients", "16"));
        long seconds = Long.parseLong(o.getOrDefault("seconds", "10"));
        long maxOps = Long.parseLong(o.getOrDefault("max-ops", "200000"));
        int readPercent = Integer.parseInt(o.getOrDefault("read-percent", "0"));
        int maxAmount = Integer.parseInt(o.getOrDefault("max-amount", "5"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        JsonNode initial = getWithRetry(http, coord, "/balances");
        List<String> accounts = new ArrayList<>();
        initial.path("balances").fieldNames().forEachRemaining(accounts::add);
        long total0 = sum(initial);

        AtomicLong budget = new AtomicLong(maxOps);
        LongAdder ok = new LongAdder();
        LongAdder refused = new LongAdder();
        LongAdder unavailable = new LongAdder();
        LongAdder indeterminate = new LongAdder();
        LongAdder reads = new LongAdder();
        long[][] latencies = new long[clients][];
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            fs.add(pool.submit(() -> {
                Random rnd = new Random(id);
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                    long t0 = System.nanoTime();
                    try {
                        if (rnd.nextInt(100) < readPercent) {
                            get(http, coord, "/balances");
                            reads.increment();
                            continue;
                        }
                        String from = accounts.get(rnd.nextInt(accounts.size()));
                        String to;
                        do to = accounts.get(rnd.nextInt(accounts.size())); while (to.equals(from));
                        HttpRequest req = HttpRequest.newBuilder(coord.uri("/transfer")).timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(
                                        Map.of("from", from, "to", to, "amount", 1 + rnd.nextInt(maxAmount))))).build();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() == 200) ok.increment();
                        else if (r.statusCode() == 409) refused.increment();
                        else if (Json.MAPPER.readTree(r.body()).path("definite").asBoolean()) unavailable.increment();
                        else indeterminate.increment();
                    } catch (Exception e) {
                        indeterminate.increment();
                    }
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = System.nanoTime() - t0;
                }
                latencies[id] = Arrays.copyOf(lat, n);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        long total1 = sum(getWithRetry(http, coord, "/balances"));
        System.out.printf("clients=%d duration=%.1fs accounts=%d%n", clients, secs, accounts.size());
        System.out.printf("transfers committed=%d (%.0f/s) refused(409)=%d unavailable=%d indeterminate=%d reads=%d%n",
                ok.sum(), ok.sum() / secs, refused.sum(), unavailable.sum(), indeterminate.sum(), reads.sum());
        if (all.length > 0)
            System.out.printf("transfer latency ms: p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", pct(all, 50), pct(all, 90), pct(all, 99),
                    all[all.length - 1] / 1e6);
        System.out.printf("total before=%d after=%d %s%n", total0, total1, total0 == total1 ? "(conserved)" : "(MONEY CREATED OR DESTROYED)");
        System.exit(total0 == total1 ? 0 : 1);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static long sum(JsonNode balances) {
        long s = 0;
        for (JsonNode v : balances.path("balances")) s += v.asLong();
        return s;
    }

    /** Cold JVMs on a busy machine can miss the read's lease budget once or twice. */
    private static JsonNode getWithRetry(HttpClient http, HostPort coord, String path) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return get(http, coord, path);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    private static JsonNode get(HttpClient http, HostPort coord, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(coord.uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + new String(r.body()));
        return Json.MAPPER.readTree(r.body());
    }
}

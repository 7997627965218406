package dev.faultline.twopc;

import dev.faultline.testkit.Ports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A real loopback cluster for tests: one JVM per node started with ProcessBuilder, killed with
 * SIGKILL ({@link Process#destroyForcibly}), paused with SIGSTOP, restarted on the same port and
 * data directory.
 */
final class BankCluster implements AutoCloseable {
    /** The HTTP answer of a client request. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status == 200;
        }

        boolean definiteFailure() {
            return status != 200 && body != null && body.path("definite").asBoolean(false);
        }
    }

    final Path dir;
    final int coordinatorPort;
    final Map<String, Integer> participantPorts = new LinkedHashMap<>();
    final Map<String, List<String>> participantAccounts = new LinkedHashMap<>();
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final Map<String, Process> procs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param shards          accounts per participant, e.g. {"a0..a3", "a4..a7"}; participants are p1, p2, ...
     * @param participantArgs extra arguments of participant i (the last entry repeats for the rest)
     */
    BankCluster(Path dir, String[] shards, long initialBalance, List<List<String>> participantArgs, List<String> coordinatorArgs) throws IOException {
        this.dir = dir;
        this.coordinatorPort = freePort();
        StringBuilder plist = new StringBuilder();
        for (int i = 0; i < shards.length; i++) {
            String id = "p" + (i + 1);
            int port = freePort();
            participantPorts.put(id, port);
            participantAccounts.put(id, Accounts.parse(shards[i]));
            List<String> a = new ArrayList<>(List.of("--role", "participant", "--id", id, "--data-dir", dir.resolve(id).toString(),
                    "--bind", "127.0.0.1", "--port", Integer.toString(port), "--accounts", shards[i],
                    "--initial-balance", Long.toString(initialBalance), "--coordinator", "127.0.0.1:" + coordinatorPort));
            a.addAll(participantArgs.get(Math.min(i, participantArgs.size() - 1)));
            args.put(id, a);
            if (plist.length() > 0) plist.append(',');
            plist.append(id).append("=127.0.0.1:").append(port);
        }
        List<String> c = new ArrayList<>(List.of("--role", "coordinator", "--id", "c", "--data-dir", dir.resolve("c").toString(),
                "--bind", "127.0.0.1", "--client-port", Integer.toString(coordinatorPort), "--participants", plist.toString()));
        c.addAll(coordinatorArgs);
        args.put("c", c);
    }

    BankCluster start() throws Exception {
        try {
            for (String node : args.keySet()) launch(node);
            for (String node : args.keySet()) awaitReady(node);
            awaitUntil("coordinator maps every account", () -> {
                try {
                    return status("c").path("unmapped").isEmpty();
                } catch (Exception e) {
                    return false;
                }
            }, 20_000);
            return this;
        } catch (Exception | AssertionError e) {
            close(); // the caller's try-with-resources never gets the cluster: do not leave its JVMs running
            throw e;
        }
    }

    List<String> accounts() {
        List<String> all = new ArrayList<>();
        participantAccounts.values().forEach(all::addAll);
        return all;
    }

    void launch(String node) throws IOException {
        launch(node, args.get(node));
    }

    /** Starts {@code node} with replaced extra arguments (base arguments kept). */
    void restartWith(String node, List<String> extra) throws Exception {
        List<String> base = new ArrayList<>(args.get(node).subList(0, node.equals("c") ? 12 : 16));
        base.addAll(extra);
        args.put(node, base);
        launch(node);
        awaitReady(node);
    }

    private void launch(String node, List<String> nodeArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Xmx128m", "-XX:-UsePerfData", "-cp", classpath(), "dev.faultline.twopc.Main"));
        cmd.addAll(nodeArgs);
        Files.createDirectories(dir);
        File out = dir.resolve(node + ".out").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
        procs.put(node, p);
    }

    void kill9(String node) throws InterruptedException {
        Process p = procs.remove(node);
        if (p == null) return;
        p.destroyForcibly();
        p.waitFor();
    }

    /** SIGSTOP: the node answers nothing (its connections stay open) until {@link #resume}. */
    void pause(String node) throws Exception {
        signal(node, "-STOP");
    }

    void resume(String node) throws Exception {
        signal(node, "-CONT");
    }

    private void signal(String node, String signal) throws Exception {
        Process p = procs.get(node);
        if (p == null) throw new IllegalStateException(node + " is not running");
        Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill " + signal + " " + node + " exited with " + kill.exitValue());
    }

    void restart(String node) throws Exception {
        launch(node);
        awaitReady(node);
    }

    void awaitReady(String node) throws Exception {
        awaitUntil(node + " answers /status", () -> {
            Process p = procs.get(node);
            if (p != null && !p.isAlive()) throw new IllegalStateException(node + " exited with " + p.exitValue() + "; see " + dir.resolve(node + ".out"));
            try {
                status(node);
                return true;
            } catch (Exception e) {
                return false;
            }
        }, 30_000);
    }

    int port(String node) {
        return node.equals("c") ? coordinatorPort : participantPorts.get(node);
    }

    JsonNode status(String node) throws IOException, InterruptedException {
        return get(port(node), "/status", 2000).body();
    }

    /** The node's status, or a missing node if it does not answer. */
    JsonNode statusQuiet(String node) {
        try {
            return status(node);
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    JsonNode statusQuiet() {
        return statusQuiet("c");
    }

    Answer transfer(String from, String to, long amount) throws IOException, InterruptedException {
        return post(coordinatorPort, "/transfer", Map.of("from", from, "to", to, "amount", amount), 10_000);
    }

    CompletableFuture<Answer> transferAsync(String from, String to, long amount) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return transfer(from, to, amount);
            } catch (IOException e) {
                return new Answer(-1, null); // connection dropped: indeterminate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(-1, null);
            }
        });
    }

    Answer read() throws IOException, InterruptedException {
        return get(coordinatorPort, "/balances", 10_000);
    }

    /** Reads until a read succeeds (in-doubt txns block reads until resolved). */
    Map<String, Long> awaitBalances(long timeoutMs) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        awaitUntil("a successful read of all balances", () -> {
            try {
                Answer a = read();
                if (!a.ok()) return false;
                a.body().path("balances").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
                return true;
            } catch (Exception e) {
                return false;
            }
        }, timeoutMs);
        return out;
    }

    Set<String> prepared(String participant) throws IOException, InterruptedException {
        Set<String> s = new LinkedHashSet<>();
        status(participant).path("prepared").forEach(t -> s.add(t.asText()));
        return s;
    }

    Answer get(int port, String path, long timeoutMs) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMillis(timeoutMs)).GET().build();
        return send(req);
    }

    Answer post(int port, String path, Object body, long timeoutMs) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMillis(timeoutMs))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
        return send(req);
    }

    private Answer send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body().length == 0 ? null : Json.MAPPER.readTree(r.body()));
    }

    static void awaitUntil(String what, BooleanSupplier cond, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            Thread.sleep(50);
        }
    }

    static long total(Map<String, Long> balances) {
        return balances.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() throws InterruptedException {
        for (String n : new ArrayList<>(procs.keySet())) kill9(n);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This module's classes plus its runtime libraries, found from the classes themselves. */
    static String classpath() {
        Set<String> parts = new LinkedHashSet<>();
        for (Class<?> c : List.of(Main.class, dev.faultline.server.http.JsonHttpServer.class, JsonNode.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.LoggerFactory.class,
                ch.qos.logback.classic.Logger.class, ch.qos.logback.core.Appender.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot locate " + c, e);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    private static int freePort() throws IOException {
        return Ports.free();
    }
}

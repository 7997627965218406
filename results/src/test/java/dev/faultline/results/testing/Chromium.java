package dev.faultline.results.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven from the command line: the DOM after scripts ran, console output,
 * screenshots. Shared (results test-jar) with every module that tests a report in a browser.
 */
public final class Chromium {
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]\\d*\\)?\\]? ?\"(.*)\", source: (.*)$");

    private final Path binary;
    private final Path scratch;

    private Chromium(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /**
     * Chromium for a browser test: aborts the test when it is not installed, and fails it under
     * {@code CI=true}, where browser tests are required.
     */
    public static Chromium required(Path scratch) {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            String why = "chromium is not installed (apt-get install -y chromium)";
            if ("true".equals(System.getenv("CI"))) org.junit.jupiter.api.Assertions.fail(why + "; browser tests are required under CI=true");
            org.junit.jupiter.api.Assumptions.abort(why + ": skipping browser tests");
        }
        return new Chromium(binary.get(), scratch);
    }

    public static Optional<Path> find() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Chromium at(Path binary, Path scratch) {
        return new Chromium(binary, scratch);
    }

    /** @param console every console message and uncaught error the page produced */
    public record Page(String dom, List<String> console, long millis) {}

    public Page dumpDom(Path html) throws IOException, InterruptedException {
        return dumpDom(html, "");
    }

    /** @param fragment appended to the file URL, e.g. "#op-12" */
    public Page dumpDom(Path html, String fragment) throws IOException, InterruptedException {
        return dumpUrl(html.toAbsolutePath().toUri() + fragment);
    }

    public Page dumpUrl(String url) throws IOException, InterruptedException {
        Result r = run(url, "--dump-dom");
        return new Page(r.stdout, r.console, r.millis);
    }

    public long screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Result r = run(html.toAbsolutePath().toUri().toString(), "--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath());
        if (!Files.isRegularFile(png)) throw new IOException("chromium wrote no screenshot " + png + ":\n" + r.stderr);
        return r.millis;
    }

    private record Result(String stdout, String stderr, List<String> console, long millis) {}

    private Result run(String url, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = scratch.resolve("chromium-" + System.nanoTime() + ".err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 120 s on " + url);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<String> console = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher m = CONSOLE.matcher(line);
            if (line.contains(":CONSOLE")) console.add(m.find() ? m.group(1) + " (" + m.group(2) + ")" : line);
        }
        if (p.exitValue() != 0) throw new IOException("chromium exited with " + p.exitValue() + " on " + url + ":\n" + stderr);
        return new Result(stdout, stderr, console, millis);
    }
}

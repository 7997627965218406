package dev.faultline.nemesis.disk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.Shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The faultline-lazyfs FUSE layer over a target's data directory on one node (source:
 * {@code lazyfs.c} next to this class; built on the node against libfuse3). The directory's content
 * moves to a sibling {@code DIR.faultline-lower} and the layer is mounted on DIR, so the target sees
 * the same files; what it writes and has not fsynced can then be dropped ({@link #unmount(boolean)}
 * with {@code drop}), as a power loss would. Not thread-safe per node; nodes are independent.
 */
final class LazyFsLayer {
    static final String SOURCE = "lazyfs.c";
    static final String HOME = "/opt/faultline/lazyfs";
    static final String BINARY = HOME + "/faultline-lazyfs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Remote remote;
    private final String dir;
    private final String lower;
    private final String state;

    LazyFsLayer(Node node, String dataDir) {
        this.remote = node.remote();
        this.dir = remote.nodePath(dataDir);
        this.lower = dir + ".faultline-lower";
        this.state = remote.nodePath("/run/faultline/lazyfs");
    }

    String lowerDir() {
        return lower;
    }

    /** Uploads the source and compiles it (cc, pkg-config, libfuse3-dev on the node). */
    void build(Duration timeout) {
        Path tmp;
        try (InputStream in = LazyFsLayer.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new IllegalStateException(SOURCE + " is missing from the class path");
            tmp = Files.createTempFile("faultline-lazyfs", ".c");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String src = remote.nodePath(HOME + "/" + SOURCE);
            remote.upload(tmp, src);
            sh("cc -O2 -Wall -o " + q(remote.nodePath(BINARY)) + " " + q(src) + " $(pkg-config --cflags --libs fuse3)",
                    timeout, "compiling faultline-lazyfs (the node needs the Debian packages fuse3 libfuse3-dev gcc libc6-dev pkg-config: "
                            + "the docker provisioner adds them, a Dockerfile of your own or an SSH host must have them)");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** Moves the data directory's content below the layer and mounts it (the target must be down). */
    void install(Duration timeout) {
        sh(vars() + "if mountpoint -q \"$D\"; then fusermount3 -u \"$D\" 2>/dev/null || umount -l \"$D\"; fi\n"
                + "rm -rf \"$L\" \"$S\" && mkdir -p \"$S\" \"$D\" && mv \"$D\" \"$L\" && mkdir \"$D\"\n", timeout, "moving the data below the layer");
        mount(timeout);
    }

    boolean mounted() {
        return remote.sh(vars() + "mountpoint -q \"$D\"", Duration.ofSeconds(15)).ok();
    }

    /** Starts the layer's daemon on the data directory and waits until it is mounted. */
    void mount(Duration timeout) {
        sh(vars() + "rm -f \"$S/drop\" \"$S/report.jsonl\"\n"
                + "setsid " + q(remote.nodePath(BINARY)) + " \"$L\" \"$S\" \"$D\" -f </dev/null >>\"$S/log\" 2>&1 &\n"
                + "echo $! > \"$S/pid\"\n"
                + "i=0; while ! mountpoint -q \"$D\"; do [ $i -ge 100 ] && { echo \"faultline-lazyfs did not mount: $(tail -n 5 \"$S/log\")\" >&2; exit 1; }; sleep 0.1; i=$((i+1)); done\n",
                timeout, "mounting faultline-lazyfs");
    }

    /**
     * Unmounts the layer (the target must be down). With {@code drop}, everything not fsynced is
     * undone first and returned as the layer reports it (one map per file: op, file, bytes dropped...).
     */
    List<Map<String, Object>> unmount(boolean drop, Duration timeout) {
        ExecResult r = sh(vars() + (drop ? "touch \"$S/drop\"\n" : "rm -f \"$S/drop\"\n")
                + "rm -f \"$S/report.jsonl\"\n"
                + "i=0; while mountpoint -q \"$D\"; do fusermount3 -u \"$D\" 2>/dev/null || umount \"$D\" 2>/dev/null || true\n"
                + "  [ $i -ge 100 ] && { echo \"cannot unmount $D\" >&2; exit 1; }; mountpoint -q \"$D\" && sleep 0.1; i=$((i+1)); done\n"
                + "p=$(cat \"$S/pid\" 2>/dev/null); i=0\n"
                + "while [ -n \"$p\" ] && kill -0 \"$p\" 2>/dev/null; do [ $i -ge 300 ] && { echo \"faultline-lazyfs $p did not exit\" >&2; exit 1; }; sleep 0.1; i=$((i+1)); done\n"
                + "rm -f \"$S/drop\"\n"
                + (drop ? "[ -f \"$S/report.jsonl\" ] || { echo \"faultline-lazyfs wrote no report: $(tail -n 5 \"$S/log\")\" >&2; exit 1; }\ncat \"$S/report.jsonl\"\n" : ""),
                timeout, "unmounting faultline-lazyfs");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) continue;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(line, Map.class);
                out.add(m);
            } catch (IOException e) {
                throw new IllegalStateException("faultline-lazyfs report line is not JSON: " + line, e);
            }
        }
        return out;
    }

    /** Unmounts without dropping and moves the content back: the node as it was before {@link #install}. */
    void uninstall(Duration timeout) {
        if (mounted()) unmount(false, timeout);
        sh(vars() + "if [ -d \"$L\" ] && ! mountpoint -q \"$D\"; then rm -rf \"$D\" && mv \"$L\" \"$D\"; fi\n", timeout,
                "moving the data back from below the layer");
    }

    private String vars() {
        return "D=" + q(dir) + "; L=" + q(lower) + "; S=" + q(state) + "\n";
    }

    private ExecResult sh(String script, Duration timeout, String what) {
        return remote.sh(script, timeout).orThrow(remote.describe() + ": " + what);
    }

    private static String q(String s) {
        return Shell.quote(s);
    }
}

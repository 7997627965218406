package dev.faultline.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The shipped examples (examples/clients/) and a running kv_server.py for tests. */
final class Examples {
    private Examples() {
    }

    static Path dir() {
        Path here = Path.of("").toAbsolutePath();
        Path d = here.resolve("examples/clients");
        return d.toFile().isDirectory() ? d : here.getParent().resolve("examples/clients");
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** kv_server.py on host:port, started and waited for (its first stdout line says it listens). */
    static final class KvServer implements AutoCloseable {
        final Process process;
        final String host;
        final int port;

        KvServer(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            process = new ProcessBuilder(List.of("python3", file("kv_server.py").toString(), "--host", host, "--port", Integer.toString(port)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (first == null || !first.startsWith("kv_server listening")) {
                process.destroyForcibly();
                throw new IOException("kv_server.py did not start: " + first);
            }
        }

        static KvServer start() throws IOException {
            return new KvServer("127.0.0.1", freePort());
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // python3 may be a wrapper (pyenv)
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

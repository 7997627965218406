package dev.faultline.harness.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles, on the controller, a tiny program that prints System.currentTimeMillis() five times a second for a bounded time. */
public final class ClockProbe {
    public static final String CLASS_NAME = "ClockProbe";
    private static final String SOURCE = """
            public class ClockProbe {
                public static void main(String[] args) throws Exception {
                    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        System.out.println("now " + System.currentTimeMillis());
                        System.out.flush();
                        Thread.sleep(200);
                    }
                }
            }
            """;

    private ClockProbe() {
    }

    /** Returns the compiled ClockProbe.class (in {@code dir}). */
    public static Path compile(Path dir) throws IOException {
        Path src = dir.resolve(CLASS_NAME + ".java");
        Files.writeString(src, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("the controller runs on a JRE without javac");
        int rc = javac.run(null, null, null, "--release", "17", "-d", dir.toString(), src.toString());
        if (rc != 0) throw new IllegalStateException("javac failed: " + rc);
        return dir.resolve(CLASS_NAME + ".class");
    }
}

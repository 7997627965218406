package dev.faultline.harness.control.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;

/**
 * The one Docker client of this JVM, configured like the docker CLI ({@code DOCKER_HOST} or the
 * local socket). docker-java clients are thread-safe; sharing one keeps the connection pool small.
 */
public final class DockerEngine {
    private static volatile DockerClient client;

    private DockerEngine() {
    }

    public static DockerClient client() {
        DockerClient c = client;
        if (c == null) {
            synchronized (DockerEngine.class) {
                c = client;
                if (c == null) client = c = create();
            }
        }
        return c;
    }

    private static DockerClient create() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                // Long enough for an image import or a blocking exec stream; execs enforce their own deadline.
                .responseTimeout(Duration.ofMinutes(30))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** True if an engine answers a ping. */
    public static boolean available() {
        try {
            client().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Why no engine answers, for error messages; empty when one does. */
    public static String unavailableReason() {
        try {
            client().pingCmd().exec();
            return "";
        } catch (RuntimeException e) {
            return "no Docker engine answers at " + DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); start one with bin/ensure-docker";
        }
    }
}

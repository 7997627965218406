package dev.faultline.harness.control.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one host over SSH with a private key.
 *
 * @param knownHosts         OpenSSH known_hosts file that host keys are verified against
 * @param acceptUnknownHosts accept (and log) a host whose key is not in {@code knownHosts}; a key
 *                           that contradicts a recorded one is still rejected
 */
public record SshEndpoint(String host, int port, String user, Path privateKey, Path knownHosts,
                          boolean acceptUnknownHosts, Duration connectTimeout) {
    public static final Path DEFAULT_KNOWN_HOSTS = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");

    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (knownHosts == null) knownHosts = DEFAULT_KNOWN_HOSTS;
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
    }

    public SshEndpoint(String host, int port, String user, Path privateKey) {
        this(host, port, user, privateKey, DEFAULT_KNOWN_HOSTS, false, Duration.ofSeconds(10));
    }

    public SshEndpoint withKnownHosts(Path file) {
        return new SshEndpoint(host, port, user, privateKey, file, acceptUnknownHosts, connectTimeout);
    }

    public SshEndpoint acceptingUnknownHosts(boolean accept) {
        return new SshEndpoint(host, port, user, privateKey, knownHosts, accept, connectTimeout);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}

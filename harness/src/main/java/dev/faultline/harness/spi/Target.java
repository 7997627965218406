package dev.faultline.harness.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A system that Faultline can test: how to install it and how to talk to it for each workload it
 * supports. Discovered with {@link java.util.ServiceLoader}.
 */
public interface Target {
    String name();

    String description();

    /**
     * Every {@code --param} key this target reads, with its default and meaning ({@code faultline list}
     * shows them). A run rejects a key that none of its target, workload and nemeses declares. None
     * by default; a target that reads keys it cannot list declares a namespace ({@link ParamSpec#namespace}).
     */
    default List<ParamSpec> params() {
        return List.of();
    }

    Set<String> workloads();

    /** The planted-bug switches this target understands ({@code --unsafe NAME}). */
    default Set<String> unsafeSwitches() {
        return Set.of();
    }

    /**
     * The runs {@code faultline selftest} makes against this target: every planted bug under the
     * faults that expose it (must be caught), and the safe build under each fault (must stay valid).
     * None by default. See docs/selftest.md.
     */
    default List<SelfTestCase> selfTests() {
        return List.of();
    }

    /** @throws IllegalArgumentException naming the supported workloads if this target has no {@code workload} */
    default void requireWorkload(String workload) {
        if (!workloads().contains(workload)) {
            throw new IllegalArgumentException(name() + " supports the workloads " + workloads() + ", not '" + workload + "'");
        }
    }

    /**
     * Debian packages the target needs on its nodes beyond the harness's own (a JRE, iptables,
     * iproute2, procps, libfaketime, sshd, netcat, curl): added to the locally built node image.
     */
    default Set<String> nodePackages() {
        return Set.of();
    }

    /**
     * A Dockerfile that builds this target's whole node image instead (for users with a registry
     * for its base image); empty by default: the debootstrap image plus {@link #nodePackages()}.
     */
    default Optional<Path> nodeDockerfile() {
        return Optional.empty();
    }

    /** A fresh Db for one run; its optional abilities ({@link Killable}, ...) decide which faults the run can use. */
    Db db(TestOptions options);

    ClientFactory clients(String workload, TestOptions options);
}

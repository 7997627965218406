package dev.faultline.nemesis.it;

import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.provision.DockerProvisioner;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small real cluster (containers on an internal network, with NET_ADMIN) running {@link Probe}. */
final class DockerCluster implements TestContext, AutoCloseable {
    private final DockerProvisioner provisioner;
    private final Cluster cluster;
    private final Db db = new ProbeDb();
    private final TestOptions options;
    private final long start = System.nanoTime();

    private DockerCluster(DockerProvisioner provisioner, Cluster cluster, TestOptions options) {
        this.provisioner = provisioner;
        this.cluster = cluster;
        this.options = options;
    }


    static DockerCluster start(int nodes) throws Exception {
        DockerRequired.check();
        DockerProvisioner p = DockerProvisioner.withNodeImage();
        try {
            Cluster c = p.provision(nodes);
            TestOptions o = new TestOptions("nemesis-it", "probe", "none", List.of(), nodes, 1, Duration.ofSeconds(60),
                    Duration.ofSeconds(5), 1, Set.of(), Map.of());
            DockerCluster dc = new DockerCluster(p, c, o);
            OnNodes.runAll(c, Duration.ofSeconds(120), node -> {
                dc.db.setup(dc, node);
                return "up";
            }).orThrow("probe setup");
            return dc;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    @Override
    public TestOptions options() {
        return options;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public Db db() {
        return db;
    }

    @Override
    public Path runDir() {
        return Path.of("target");
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() - start;
    }

    @Override
    public Duration clientTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void close() {
        provisioner.close();
    }
}

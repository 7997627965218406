package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes Docker resources of runs whose controller is gone. A run is gone when its labels name
 * this machine's boot id and no process with that pid and start time is alive, or when they name
 * an earlier boot of this machine (a local engine that outlived a reboot). Resources of live runs,
 * of runs controlled from other machines (a shared remote engine) and resources without our labels
 * are never touched: other people run tests on the same engine.
 */
public final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** What a sweep did. */
    public record Report(Set<String> removedRuns, List<String> removedContainers, List<String> removedNetworks,
                         Set<String> liveRuns) {
    }

    /** Removes everything of every dead run. */
    public static Report clean(DockerClient docker) {
        String boot = RunIdentity.currentBootId();
        boolean localEngine = isLocalEngine();
        Set<String> dead = new TreeSet<>();
        Set<String> live = new TreeSet<>();
        List<Map<String, String>> labelSets = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RunIdentity.LABEL_RUN)).exec()
                .forEach(c -> labelSets.add(c.getLabels()));
        docker.listNetworksCmd().exec().stream().map(Network::getLabels)
                .filter(l -> l != null && l.containsKey(RunIdentity.LABEL_RUN)).forEach(labelSets::add);
        for (Map<String, String> labels : labelSets) {
            String runId = labels.get(RunIdentity.LABEL_RUN);
            if (ownerGone(labels, boot, localEngine)) dead.add(runId);
            else live.add(runId);
        }
        dead.removeAll(live); // conflicting labels for one run id: leave it alone
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        for (String runId : dead) {
            Report r = removeRun(docker, runId);
            containers.addAll(r.removedContainers());
            networks.addAll(r.removedNetworks());
        }
        if (!dead.isEmpty()) log.info("removed leftovers of dead runs {}: {} containers, {} networks", dead, containers.size(), networks.size());
        return new Report(dead, containers, networks, live);
    }

    /** Removes the containers and networks labelled with {@code runId}, whoever owns them. */
    static Report removeRun(DockerClient docker, String runId) {
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        String filter = RunIdentity.LABEL_RUN + "=" + runId;
        try {
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    containers.add(c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId());
                } catch (NotFoundException gone) {
                    // removed concurrently
                }
            }
            for (Network n : docker.listNetworksCmd().exec()) {
                if (n.getLabels() == null || !runId.equals(n.getLabels().get(RunIdentity.LABEL_RUN))) continue;
                try {
                    docker.removeNetworkCmd(n.getId()).exec();
                    networks.add(n.getName());
                } catch (NotFoundException gone) {
                    // removed concurrently
                }
            }
        } catch (RuntimeException e) { // engine gone or refusing: report, never throw from cleanup
            log.warn("could not remove every resource of run {}: {}", runId, e.getMessage());
        }
        return new Report(Set.of(runId), containers, networks, Set.of());
    }

    static boolean ownerGone(Map<String, String> labels, String currentBoot, boolean localEngine) {
        if ("true".equals(labels.get(RunIdentity.LABEL_KEEP))) return false; // --leave-db-running: the user removes it
        String host = labels.get(RunIdentity.LABEL_HOST);
        String pid = labels.get(RunIdentity.LABEL_PID);
        if (host == null || pid == null) return false;
        if (!host.equals(currentBoot)) {
            // Another boot id: an earlier boot of this machine if the engine is local, else another machine.
            return localEngine;
        }
        long pidValue;
        long started;
        try {
            pidValue = Long.parseLong(pid);
            started = Long.parseLong(labels.getOrDefault(RunIdentity.LABEL_PID_START, "0"));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pidValue);
        if (p.isEmpty() || !p.get().isAlive()) return true;
        if (started == 0) return false;
        Optional<Long> actual = p.get().info().startInstant().map(Instant::toEpochMilli);
        // Same pid, different start time: the pid was reused by an unrelated process.
        return actual.isPresent() && Math.abs(actual.get() - started) > 2_000;
    }

    private static boolean isLocalEngine() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() || host.startsWith("unix://");
    }
}

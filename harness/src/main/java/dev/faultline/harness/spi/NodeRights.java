package dev.faultline.harness.spi;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a fault needs on every node beyond the harness's minimum, declared by its nemesis package
 * ({@link NemesisPackage#nodeRights}) so that only runs using that fault get it: Debian packages
 * for the node image, host devices passed into the node ({@code /dev/fuse}) and Linux capabilities
 * ({@code SYS_ADMIN}). The docker provisioner grants them; on ssh nodes the user provides them.
 */
public record NodeRights(Set<String> packages, Set<String> devices, Set<String> capabilities) {
    public static final NodeRights NONE = new NodeRights(Set.of(), Set.of(), Set.of());
    private static final Pattern CAPABILITY = Pattern.compile("[A-Z][A-Z_]*");

    public NodeRights {
        packages = Set.copyOf(new TreeSet<>(packages));
        devices = Set.copyOf(devices);
        capabilities = Set.copyOf(capabilities);
        for (String d : devices) {
            if (!d.startsWith("/dev/")) throw new IllegalArgumentException("a node device is a path under /dev/, not '" + d + "'");
        }
        for (String c : capabilities) {
            if (!CAPABILITY.matcher(c).matches()) throw new IllegalArgumentException("not a capability name: '" + c + "' (e.g. SYS_ADMIN)");
        }
    }

    public boolean isEmpty() {
        return packages.isEmpty() && devices.isEmpty() && capabilities.isEmpty();
    }

    /** Both sets of rights. */
    public NodeRights plus(NodeRights other) {
        return new NodeRights(union(packages, other.packages), union(devices, other.devices), union(capabilities, other.capabilities));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}

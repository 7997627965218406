package dev.faultline.nemesis.partition;

import java.util.List;
import java.util.Map;

/** Test access to the package-private iptables scripts. */
public final class IptablesScripts {
    public static Map<String, String> samples() {
        return Map.of("iptables drop", Iptables.dropFrom(List.of("n2", "n3")),
                "iptables drop none", Iptables.dropFrom(List.of()),
                "iptables heal", Iptables.heal());
    }
}

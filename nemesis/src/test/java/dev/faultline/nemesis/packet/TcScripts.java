package dev.faultline.nemesis.packet;

import java.util.List;
import java.util.Map;

/** Test access to the package-private tc scripts. */
public final class TcScripts {
    public static Map<String, String> samples() {
        return Map.of("tc apply", Tc.apply(List.of("n2", "n3"), new Netem(100, 20, 1, 1, 10)),
                "tc heal", Tc.heal(),
                "iptables loss", IptablesLoss.apply(List.of("n2"), 12.5),
                "iptables loss heal", IptablesLoss.heal());
    }
}

package dev.faultline.nemesis.packet;

import dev.faultline.harness.control.Shell;

import java.util.List;
import java.util.Locale;

/**
 * Packet loss without netem, for kernels built without {@code sch_netem} (as some VM kernels are):
 * in our own filter chain {@value #CHAIN}, reached from OUTPUT, one rule per peer drops packets to
 * that peer at random with the iptables {@code statistic} match. Only loss can be done this way;
 * delay, duplication and reordering need netem.
 */
final class IptablesLoss {
    static final String CHAIN = "FAULTLINE-PKT";

    private static final String REQUIRE = "command -v iptables >/dev/null 2>&1 || { echo 'iptables is not installed on this node' >&2; exit 127; }\n";

    private IptablesLoss() {
    }

    /** Replaces our rules with random drops of {@code lossPct}% of the packets to each peer. Prints "peer address" per peer. */
    static String apply(List<String> peers, double lossPct) {
        if (!(lossPct > 0 && lossPct <= 100)) throw new IllegalArgumentException("loss must be in (0, 100]%, was " + lossPct);
        String probability = String.format(Locale.ROOT, "%.4f", lossPct / 100);
        StringBuilder s = new StringBuilder(REQUIRE).append("set -e\n");
        s.append("iptables -w -N ").append(CHAIN).append(" 2>/dev/null || true\n");
        s.append("iptables -w -C OUTPUT -j ").append(CHAIN).append(" 2>/dev/null || iptables -w -I OUTPUT 1 -j ").append(CHAIN).append('\n');
        s.append("iptables -w -F ").append(CHAIN).append('\n');
        for (String peer : peers) {
            String p = Shell.word("node name", peer);
            s.append("ip=$(getent ahostsv4 ").append(p).append(" | awk 'NR==1{print $1}')\n")
                    .append("[ -n \"$ip\" ] || { echo 'cannot resolve node ").append(p).append(" (getent ahostsv4)' >&2; exit 3; }\n")
                    .append("iptables -w -A ").append(CHAIN).append(" -d \"$ip\" -m statistic --mode random --probability ")
                    .append(probability).append(" -j DROP\n")
                    .append("echo \"").append(p).append(" $ip\"\n");
        }
        return s.toString();
    }

    /** Removes our jump and chain; succeeds when they are already gone. */
    static String heal() {
        return REQUIRE
                + "while iptables -w -D OUTPUT -j " + CHAIN + " 2>/dev/null; do :; done\n"
                + "iptables -w -F " + CHAIN + " 2>/dev/null || true\n"
                + "iptables -w -X " + CHAIN + " 2>/dev/null || true\n"
                + "if iptables -w -S " + CHAIN + " >/dev/null 2>&1; then echo 'chain " + CHAIN + " is still there' >&2; exit 1; fi\n";
    }
}

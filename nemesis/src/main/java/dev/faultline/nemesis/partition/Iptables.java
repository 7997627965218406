package dev.faultline.nemesis.partition;

import dev.faultline.harness.control.Shell;

import java.util.List;

/**
 * The iptables scripts of the partition fault. Every rule lives in our own chain
 * {@value #CHAIN}, reached by one jump at the top of INPUT, so healing removes exactly what we
 * added and never touches the node's other rules (Docker's, the user's).
 */
final class Iptables {
    static final String CHAIN = "FAULTLINE";

    private static final String REQUIRE = "command -v iptables >/dev/null 2>&1 || { echo 'iptables is not installed on this node' >&2; exit 127; }\n";

    private Iptables() {
    }

    /**
     * Replaces our chain's rules with one INPUT DROP per peer, from the peer's IPv4 address as this
     * node resolves it. Prints "peer address" per rule.
     */
    static String dropFrom(List<String> peers) {
        StringBuilder s = new StringBuilder(REQUIRE);
        s.append("set -e\n");
        s.append("iptables -w -N ").append(CHAIN).append(" 2>/dev/null || true\n");
        s.append("iptables -w -C INPUT -j ").append(CHAIN).append(" 2>/dev/null || iptables -w -I INPUT 1 -j ").append(CHAIN).append('\n');
        s.append("iptables -w -F ").append(CHAIN).append('\n');
        for (String peer : peers) {
            String p = Shell.word("node name", peer);
            s.append("ip=$(getent ahostsv4 ").append(p).append(" | awk 'NR==1{print $1}')\n");
            s.append("[ -n \"$ip\" ] || { echo 'cannot resolve node ").append(p).append(" (getent ahostsv4)' >&2; exit 3; }\n");
            s.append("iptables -w -A ").append(CHAIN).append(" -s \"$ip\" -j DROP\n");
            s.append("echo \"").append(p).append(" $ip\"\n");
        }
        return s.toString();
    }

    /** Removes our jump and our chain; succeeds when they are already gone. */
    static String heal() {
        return REQUIRE
                + "while iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done\n"
                + "iptables -w -F " + CHAIN + " 2>/dev/null || true\n"
                + "iptables -w -X " + CHAIN + " 2>/dev/null || true\n"
                + "if iptables -w -S " + CHAIN + " >/dev/null 2>&1; then echo 'chain " + CHAIN + " is still there' >&2; exit 1; fi\n";
    }
}

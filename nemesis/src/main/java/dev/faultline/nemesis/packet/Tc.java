package dev.faultline.nemesis.packet;

import dev.faultline.harness.control.Shell;

import java.util.List;

/**
 * The {@code tc} scripts of the packet fault. On each interface that leads to an affected peer we
 * install a root {@code prio} qdisc with our handle {@value #ROOT} and four bands; the default
 * priomap only uses the first three, so ordinary traffic passes untouched. A {@code netem} qdisc
 * hangs under the fourth band, and one u32 filter per peer IPv4 address steers packets for that
 * peer into it.
 *
 * <p>Our handle is our mark: heal deletes a root qdisc only if its handle is {@value #ROOT} (with
 * {@code tc qdisc del ... root handle fa17:}, which the kernel refuses for any other root), taking
 * the netem qdisc and filters with it. A fault replaces only the kernel's default root qdisc
 * (handle {@code 0:}, which comes back when ours is deleted); an interface whose root qdisc someone
 * else installed is refused ({@value #FOREIGN_EXIT}) rather than replaced.
 */
final class Tc {
    static final String ROOT = "fa17:";
    static final String NETEM = "fa18:";
    /** Exit code of {@link #apply} when the kernel lacks the prio or netem qdisc. */
    static final int UNSUPPORTED_EXIT = 4;
    /** Exit code of {@link #apply} when an interface has a root qdisc that we did not install. */
    static final int FOREIGN_EXIT = 5;

    private static final String REQUIRE = "command -v tc >/dev/null 2>&1 || { echo 'tc (iproute2) is not installed on this node' >&2; exit 127; }\n";
    /** "kind handle" of the device's root qdisc, e.g. "noqueue 0:" or "prio fa17:". */
    private static final String ROOT_OF = "tc qdisc show dev \"$1\" 2>/dev/null | awk '$4 == \"root\" {print $2 \" \" $3; exit}'";

    private Tc() {
    }

    /** Removes our qdiscs, then delays/drops/duplicates packets to each peer. Prints "peer address device" per peer. */
    static String apply(List<String> peers, Netem netem) {
        StringBuilder s = new StringBuilder(REQUIRE).append("root_of() { ").append(ROOT_OF).append("; }\n")
                .append(removeAll()).append("set -e\n");
        s.append("unsupported() { case \"$1\" in *nknown*|*upported*) echo \"this kernel has no $2 qdisc ($3): $1\" >&2; exit ")
                .append(UNSUPPORTED_EXIT).append(";; *) echo \"$1\" >&2; exit 1;; esac; }\n");
        s.append("setup_dev() {\n")
                .append("  root=$(root_of \"$1\")\n")
                .append("  case \"$root\" in\n")
                .append("    *\" ").append(ROOT).append("\") return 0;;\n")
                .append("    \"\"|*\" 0:\") ;;\n")
                .append("    *) echo \"$1 has a root qdisc that Faultline did not install ($root): a packet fault would replace it, so it is left alone\" >&2; exit ")
                .append(FOREIGN_EXIT).append(";;\n")
                .append("  esac\n")
                .append("  err=$(tc qdisc replace dev \"$1\" root handle ").append(ROOT)
                .append(" prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 2>&1) || unsupported \"$err\" prio CONFIG_NET_SCH_PRIO\n")
                .append("  err=$(tc qdisc add dev \"$1\" parent ").append(ROOT).append("4 handle ").append(NETEM).append(" netem ")
                .append(netem.argsText()).append(" 2>&1) || { tc qdisc del dev \"$1\" root handle ").append(ROOT)
                .append("; unsupported \"$err\" netem CONFIG_NET_SCH_NETEM; }\n")
                .append("}\n");
        for (String peer : peers) {
            String p = Shell.word("node name", peer);
            s.append("ip=$(getent ahostsv4 ").append(p).append(" | awk 'NR==1{print $1}')\n")
                    .append("[ -n \"$ip\" ] || { echo 'cannot resolve node ").append(p).append(" (getent ahostsv4)' >&2; exit 3; }\n")
                    .append("dev=$(ip -4 route get \"$ip\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)\n")
                    .append("[ -n \"$dev\" ] && [ \"$dev\" != lo ] || { echo \"no network device leads to ").append(p).append(" ($ip)\" >&2; exit 3; }\n")
                    .append("setup_dev \"$dev\"\n")
                    .append("tc filter add dev \"$dev\" parent ").append(ROOT).append(" protocol ip prio 1 u32 match ip dst \"$ip\"/32 flowid ").append(ROOT).append("4\n")
                    .append("echo \"").append(p).append(" $ip $dev\"\n");
        }
        return s.toString();
    }

    /** Deletes our root qdisc (handle {@value #ROOT}) on every interface and checks none is left; leaves every other qdisc alone. */
    static String heal() {
        return REQUIRE + "root_of() { " + ROOT_OF + "; }\n" + removeAll()
                + "for d in $(ls /sys/class/net); do\n"
                + "  case \"$(root_of \"$d\")\" in *\" " + ROOT + "\") echo \"our qdisc is still on $d\" >&2; exit 1;; esac\n"
                + "done\n";
    }

    /** Needs {@code root_of}. */
    private static String removeAll() {
        return "for d in $(ls /sys/class/net); do\n"
                + "  case \"$(root_of \"$d\")\" in *\" " + ROOT + "\") tc qdisc del dev \"$d\" root handle " + ROOT + ";; esac\n"
                + "done\n";
    }
}

package dev.faultline.targetfile;

import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.SelfTestCase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A checked target file: every template parsed, every duration and path resolved. What
 * {@link FileTarget} and {@link FileDb} run from.
 *
 * @param file     the target file (for messages)
 * @param dir      its directory: relative controller paths resolve here, and clients run here
 * @param params   parameter defaults, overridden by {@code --param}
 */
public record TargetDefinition(Path file, Path dir, String name, String description, Set<String> workloads,
                               Set<String> packages, Optional<Path> dockerfile, Map<String, String> params,
                               List<Upload> uploads, List<Template> installCommands, DaemonPlan daemon,
                               ClientPlan clients, Map<String, UnsafePlan> unsafe, List<SelfTestCase> selfTests) {

    public TargetDefinition {
        workloads = Set.copyOf(workloads);
        packages = Set.copyOf(packages);
        params = Map.copyOf(params);
        uploads = List.copyOf(uploads);
        installCommands = List.copyOf(installCommands);
        unsafe = Map.copyOf(unsafe);
        selfTests = List.copyOf(selfTests);
    }

    /** A controller file copied to a node path (absolute, or relative to the install directory). */
    public record Upload(Path from, String to, String mode) {
    }

    /** A command whose words are templates; a shell command is one template run by {@code sh -c}. */
    public record CommandPlan(List<Template> words, boolean shell) {
        public CommandPlan {
            words = List.copyOf(words);
        }

        /** The argv for one node, with planted-bug arguments appended. */
        public List<String> argv(NodeVars vars, List<String> extraArgs) {
            if (shell) {
                String line = words.get(0).expand(vars);
                if (!extraArgs.isEmpty()) line += " " + Shell.join(extraArgs);
                return List.of("sh", "-c", line);
            }
            List<String> out = new ArrayList<>();
            for (Template w : words) out.add(w.expand(vars));
            out.addAll(extraArgs);
            return out;
        }
    }

    /** How a started node is judged up: a TCP port, an HTTP URL (2xx, with {@code body} in it if given), or a node command. */
    public record Readiness(Kind kind, Template target, String body, Duration timeout) {
        public enum Kind { PORT, HTTP, COMMAND }
    }

    /**
     * @param primary         a command run on every node; the node name most of them print is the primary
     * @param clockUnaffected why clock faults do not reach the program, or null if they do
     */
    public record DaemonPlan(String name, CommandPlan start, CommandPlan restart, Map<String, Template> env,
                             Map<String, Integer> ports, String workDir, String dataDir, String installDir,
                             List<String> wipe, List<String> logs, Optional<Readiness> ready, Optional<Template> primary,
                             Duration stopGrace, String clockUnaffected) {
        public DaemonPlan {
            env = Map.copyOf(env);
            ports = Map.copyOf(ports);
            wipe = List.copyOf(wipe);
            logs = List.copyOf(logs);
        }

        public String logFile() {
            return "/var/log/faultline/" + name + ".log";
        }
    }

    /** Clients: a protocol command (run on the controller, in the target file's directory) or a Java ClientFactory class. */
    public record ClientPlan(Optional<CommandPlan> command, Map<String, Template> env, Optional<Duration> opTimeout,
                             Optional<String> javaClass) {
        public ClientPlan {
            env = Map.copyOf(env);
        }
    }

    /**
     * A planted bug: arguments appended to the daemon's commands, and environment; {@code clientArgs} are
     * appended to the client command (for a system whose unsafe configuration is the client's choice).
     */
    public record UnsafePlan(String description, List<Template> args, Map<String, Template> env, List<Template> clientArgs) {
        public UnsafePlan {
            args = List.copyOf(args);
            env = Map.copyOf(env);
            clientArgs = List.copyOf(clientArgs);
        }
    }
}

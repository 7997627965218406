package dev.faultline.targetfile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What a target file says, as Jackson binds it (docs/targets.md is the reference). Only shapes and
 * required keys are enforced here; {@link TargetFileReader} checks the meaning (templates, durations,
 * one readiness check, ...) and names the line of each mistake.
 */
public record TargetDocument(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("description") String description,
        @JsonProperty(value = "workloads", required = true) List<String> workloads,
        @JsonProperty("image") Image image,
        @JsonProperty("params") Map<String, String> params,
        @JsonProperty("install") Install install,
        @JsonProperty(value = "daemon", required = true) Daemon daemon,
        @JsonProperty(value = "clients", required = true) Clients clients,
        @JsonProperty("unsafe") Map<String, Unsafe> unsafe,
        @JsonProperty("selftest") List<SelfTest> selftest) {

    public TargetDocument {
        description = description == null ? "" : description;
        workloads = List.copyOf(workloads);
        image = image == null ? new Image(List.of(), null) : image;
        params = params == null ? Map.of() : Map.copyOf(params);
        install = install == null ? new Install(List.of(), List.of()) : install;
        unsafe = unsafe == null ? Map.of() : Map.copyOf(unsafe);
        selftest = selftest == null ? List.of() : List.copyOf(selftest);
    }

    /** Debian packages added to the node image, or a Dockerfile (relative to the target file) that builds it. */
    public record Image(@JsonProperty("packages") List<String> packages, @JsonProperty("dockerfile") String dockerfile) {
        public Image {
            packages = packages == null ? List.of() : List.copyOf(packages);
        }
    }

    /** Files uploaded from the controller and commands run on every node at setup, before the daemon starts. */
    public record Install(@JsonProperty("files") List<Upload> files, @JsonProperty("commands") List<String> commands) {
        public Install {
            files = files == null ? List.of() : List.copyOf(files);
            commands = commands == null ? List.of() : List.copyOf(commands);
        }
    }

    /**
     * @param from controller path, relative to the target file's directory
     * @param to   node path; relative paths are under the install directory; default: the file's name there
     * @param mode octal permissions, e.g. "0755"
     */
    public record Upload(@JsonProperty(value = "from", required = true) String from, @JsonProperty("to") String to,
                         @JsonProperty("mode") String mode) {
    }

    /**
     * The system's process on each node.
     *
     * @param start           the command (a list of words, or one string run by {@code sh -c}); templates
     * @param restart         the command after a kill (default: {@code start})
     * @param ports           named ports, {@code {port.NAME}} in templates
     * @param dataDir         {@code {data_dir}}; wiped at setup and teardown
     * @param wipe            more node paths wiped at setup and teardown
     * @param logs            node paths of log files to collect (the daemon's own output always is)
     * @param stopGrace       SIGTERM-to-SIGKILL grace at teardown
     * @param clockUnaffected why clock faults do not reach the program (recorded by the clock nemesis), if they do not
     */
    public record Daemon(
            @JsonProperty("name") String name,
            @JsonProperty(value = "start", required = true) Command start,
            @JsonProperty("restart") Command restart,
            @JsonProperty("env") Map<String, String> env,
            @JsonProperty("ports") Map<String, Integer> ports,
            @JsonProperty("workdir") String workdir,
            @JsonProperty("data_dir") String dataDir,
            @JsonProperty("wipe") List<String> wipe,
            @JsonProperty("logs") List<String> logs,
            @JsonProperty("ready") Ready ready,
            @JsonProperty("primary") String primary,
            @JsonProperty("stop_grace") String stopGrace,
            @JsonProperty("clock_unaffected") String clockUnaffected) {
        public Daemon {
            env = env == null ? Map.of() : Map.copyOf(env);
            ports = ports == null ? Map.of() : Map.copyOf(ports);
            wipe = wipe == null ? List.of() : List.copyOf(wipe);
            logs = logs == null ? List.of() : List.copyOf(logs);
        }
    }

    /**
     * When a started node counts as up: exactly one of a TCP port accepting connections, an HTTP URL
     * answering 2xx (with {@code body} in its answer, if given), or a command exiting 0 on the node.
     */
    public record Ready(@JsonProperty("port") String port, @JsonProperty("http") String http,
                        @JsonProperty("body") String body, @JsonProperty("command") String command,
                        @JsonProperty("timeout") String timeout) {
    }

    /**
     * How workers talk to the system: a command speaking the client protocol (docs/client-protocol.md;
     * with {@code env} and an op {@code timeout}), or a Java {@code ClientFactory} class on the class path.
     */
    public record Clients(@JsonProperty("command") Command command, @JsonProperty("env") Map<String, String> env,
                          @JsonProperty("timeout") String timeout, @JsonProperty("java") String java) {
        public Clients {
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    /** A planted bug: extra arguments for the daemon's commands, extra environment, extra client arguments. */
    public record Unsafe(@JsonProperty("description") String description, @JsonProperty("args") List<String> args,
                         @JsonProperty("env") Map<String, String> env, @JsonProperty("client_args") List<String> clientArgs) {
        public Unsafe {
            description = description == null ? "" : description;
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
            clientArgs = clientArgs == null ? List.of() : List.copyOf(clientArgs);
        }
    }

    /** One self-test case ({@code faultline selftest --target-file}). */
    public record SelfTest(
            @JsonProperty(value = "workload", required = true) String workload,
            @JsonProperty("unsafe") List<String> unsafe,
            @JsonProperty("nemesis") List<String> nemesis,
            @JsonProperty("params") Map<String, String> params,
            @JsonProperty("nodes") Integer nodes,
            @JsonProperty("concurrency") Integer concurrency,
            @JsonProperty("time_limit") String timeLimit,
            @JsonProperty("nemesis_interval") String nemesisInterval,
            @JsonProperty(value = "expect", required = true) String expect,
            @JsonProperty("why") String why) {
        public SelfTest {
            unsafe = unsafe == null ? List.of() : List.copyOf(unsafe);
            nemesis = nemesis == null ? List.of() : List.copyOf(nemesis);
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /** A command: a list of words run as they are, or one string run by {@code sh -c}. Each word is a template. */
    public record Command(List<String> words, boolean shell) {
        public Command {
            words = List.copyOf(words);
            if (words.isEmpty()) throw new IllegalArgumentException("expected a command: a non-empty list of words or a string");
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Command of(Object yaml) {
            if (yaml instanceof String s) {
                if (s.isBlank()) throw new IllegalArgumentException("expected a command, got an empty string");
                return new Command(List.of(s), true);
            }
            if (yaml instanceof List<?> list) {
                for (Object o : list) {
                    if (!(o instanceof String) && !(o instanceof Number)) {
                        throw new IllegalArgumentException("expected each word of the command to be text, got " + o);
                    }
                }
                return new Command(list.stream().map(String::valueOf).toList(), false);
            }
            throw new IllegalArgumentException("expected a command: a list of words or one string for sh -c");
        }
    }
}

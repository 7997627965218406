package dev.faultline.protocol;

import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.TestContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Clients that are child processes on the controller speaking the client protocol
 * (docs/client-protocol.md): one process per client, i.e. per worker thread, restarted after a
 * crash, a hang or an indeterminate op. Stderr of each goes to
 * {@code <runDir>/clients/<process>.stderr.log}.
 */
public final class ProcessClientFactory implements ClientFactory {
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private final String workload;
    private final ProtocolSettings settings;

    /**
     * @param command  the client's argv, e.g. {@code ["python3", "client.py"]} ({@link ProtocolClients#parseCommand} splits a string)
     * @param env      variables added to the controller's environment for the client
     * @param workDir  the client's working directory (relative paths in {@code command} resolve there), or null for the controller's
     * @param workload the workload name sent in {@code init}
     * @param settings timeouts and limits
     */
    public ProcessClientFactory(List<String> command, Map<String, String> env, Path workDir, String workload,
                                ProtocolSettings settings) {
        if (command == null || command.isEmpty()) throw new IllegalArgumentException("the client command is empty");
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.workload = workload;
        this.settings = settings;
    }

    @Override
    public Client open(TestContext ctx, Node node) {
        return new ProcessClient(this, ctx, node);
    }

    public List<String> command() {
        return command;
    }

    public Map<String, String> env() {
        return env;
    }

    public Path workDir() {
        return workDir;
    }

    public String workload() {
        return workload;
    }

    public ProtocolSettings settings() {
        return settings;
    }
}

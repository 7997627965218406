package dev.faultline.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Entry points for callers that configure protocol clients from text (target files, the CLI). */
public final class ProtocolClients {
    private ProtocolClients() {
    }

    /** A factory for {@code command} (a shell-like string, see {@link #parseCommand}). */
    public static ProcessClientFactory factory(String command, Map<String, String> env, Path workDir, String workload,
                                               ProtocolSettings settings) {
        return new ProcessClientFactory(parseCommand(command), env, workDir, workload, settings);
    }

    /**
     * Splits a command line into argv without a shell: words separated by whitespace; single
     * quotes keep everything literally; double quotes keep whitespace and honour {@code \"} and
     * {@code \\}; a backslash outside quotes escapes the next character. No variables, globs or
     * pipes: write {@code sh -c '...'} for those.
     *
     * @throws IllegalArgumentException for an empty command or an unclosed quote
     */
    public static List<String> parseCommand(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else w.append(c);
            } else if (quote == '"') {
                if (c == '"') quote = 0;
                else if (c == '\\' && i + 1 < command.length() && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) w.append(command.charAt(++i));
                else w.append(c);
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                inWord = true;
                if (c == '\'' || c == '"') quote = c;
                else if (c == '\\' && i + 1 < command.length()) w.append(command.charAt(++i));
                else w.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("client command has an unclosed " + quote + " quote: " + command);
        if (inWord) words.add(w.toString());
        if (words.isEmpty()) throw new IllegalArgumentException("client command is empty");
        return List.copyOf(words);
    }
}

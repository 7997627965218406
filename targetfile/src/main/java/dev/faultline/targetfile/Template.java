package dev.faultline.targetfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A text with placeholders over the cluster: {@code {node}}, {@code {address}}, {@code {port.client}},
 * ... ({@link NodeVars} says which exist), and two lists over the members:
 * {@code {nodes|FORMAT|SEPARATOR}} (every node) and {@code {peers|FORMAT|SEPARATOR}} (every node but
 * this one), where FORMAT is itself a template expanded for each member (default {@code {node}}) and
 * SEPARATOR joins them (default {@code ,}). {@code {{} and {@code }}} are literal braces.
 *
 * <p>Example: {@code {nodes|{node}=http://{address}:{port.peer}|,}} gives etcd's
 * {@code n1=http://10.0.0.2:2380,n2=http://10.0.0.3:2380,...}.
 */
public final class Template {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_.-]+)?");

    private sealed interface Part permits Literal, Var, Each {
    }

    private record Literal(String text) implements Part {
    }

    private record Var(String name) implements Part {
    }

    private record Each(boolean peers, Template format, String separator) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException saying what is wrong with the placeholders */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + (i + 1) + " of \"" + text + "\" (write }} for a literal brace)");
            } else if (c == '{') {
                int end = closing(text, i);
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(placeholder(text, text.substring(i + 1, end)));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) parts.add(new Literal(literal.toString()));
        return new Template(text, parts);
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int j = open; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return j;
        }
        throw new IllegalArgumentException("unclosed '{' at position " + (open + 1) + " of \"" + text + "\" (write {{ for a literal brace)");
    }

    private static Part placeholder(String text, String inside) {
        List<String> fields = splitTopLevel(inside);
        String name = fields.get(0).strip();
        if (name.equals("nodes") || name.equals("peers")) {
            if (fields.size() > 3) throw new IllegalArgumentException("{" + inside + "}: expected {" + name + "|FORMAT|SEPARATOR}");
            Template format = parse(fields.size() > 1 ? fields.get(1) : "{node}");
            if (format.parts.stream().anyMatch(p -> p instanceof Each)) {
                throw new IllegalArgumentException("{" + inside + "}: a member's FORMAT cannot itself list nodes or peers");
            }
            String separator = fields.size() > 2 ? fields.get(2) : ",";
            return new Each(name.equals("peers"), format, separator);
        }
        if (fields.size() > 1) {
            throw new IllegalArgumentException("{" + inside + "} in \"" + text + "\": only {nodes|...} and {peers|...} take a FORMAT and SEPARATOR");
        }
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("{" + inside + "} in \"" + text + "\" is not a variable name");
        return new Var(name);
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == '|' && depth == 0) {
                out.add(s.substring(start, j));
                start = j + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** The variable names used, in lists' formats too. */
    public Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Var v) out.add(v.name());
            else if (p instanceof Each e) out.addAll(e.format().variables());
        }
        return out;
    }

    /** @throws IllegalArgumentException for a variable {@code vars} does not know */
    public String expand(NodeVars vars) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Var v) {
                out.append(vars.get(v.name()));
            } else if (p instanceof Each e) {
                List<String> items = new ArrayList<>();
                for (NodeVars member : vars.members(e.peers())) items.add(e.format().expand(member));
                out.append(String.join(e.separator(), items));
            }
        }
        return out.toString();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}

package dev.faultline.checkers.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the EDN subset that Jepsen and Knossos histories use, producing the value types of
 * {@link Op}: keywords and symbols become their name without the colon ({@code :cas -> "cas"}),
 * integers Long, decimals Double, vectors/lists/sets unmodifiable Lists, maps Maps with String keys
 * (non-string keys are printed), tagged literals their value ({@code #inst "..."} the string,
 * {@code #jepsen.history.Op{...}} the map).
 *
 * <p>Hand-written rather than a library because every error must name the source line and column,
 * and the top-level vector of a Knossos file must be walked element by element to give each op its
 * line.
 */
final class EdnReader {
    private final String text;
    private final String source;
    private final int lineOffset;
    private int pos;
    private int line = 1;
    private int lineStart;

    EdnReader(String text, String source) {
        this(text, source, 0);
    }

    /** A reader for a fragment that starts on line {@code lineOffset + 1} of its source. */
    EdnReader(String text, String source, int lineOffset) {
        this.text = text;
        this.source = source;
        this.lineOffset = lineOffset;
    }

    int line() {
        return line + lineOffset;
    }

    int position() {
        return pos;
    }

    /** Skips whitespace, commas, comments and {@code #_} discards; returns false at end of input. */
    boolean skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c) || c == ',') {
                pos++;
            } else if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (c == '#' && pos + 1 < text.length() && text.charAt(pos + 1) == '_') {
                pos += 2;
                read();
            } else {
                return true;
            }
        }
        return false;
    }

    /** The next significant character without consuming it; fails at end of input. */
    char peek() {
        if (!skipSpace()) throw error("unexpected end of input");
        return text.charAt(pos);
    }

    /** Consumes {@code c} (after whitespace) or fails. */
    void expect(char c) {
        char found = peek();
        if (found != c) throw error("expected '" + c + "', found '" + found + "'");
        pos++;
    }

    /** Reads one form. */
    Object read() {
        char c = peek();
        switch (c) {
            case '[':
            case '(':
                pos++;
                return readSeq(c == '[' ? ']' : ')');
            case '{':
                pos++;
                return readMap();
            case '"':
                pos++;
                return readString();
            case ':':
                pos++;
                return readToken("keyword");
            case '\\':
                pos++;
                return readChar();
            case '#':
                return readDispatch();
            case ']':
            case ')':
            case '}':
                throw error("unexpected '" + c + "'");
            default:
                return readAtom();
        }
    }

    private List<Object> readSeq(char close) {
        int startLine = line();
        List<Object> out = new ArrayList<>();
        while (true) {
            if (!skipSpace()) throw error("unterminated collection opened on line " + startLine + " (expected '" + close + "')");
            char c = text.charAt(pos);
            if (c == close) {
                pos++;
                return Collections.unmodifiableList(out);
            }
            if (c == ']' || c == ')' || c == '}') throw error("expected '" + close + "' to close the collection opened on line " + startLine + ", found '" + c + "'");
            out.add(read());
        }
    }

    private Map<String, Object> readMap() {
        int startLine = line();
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            if (!skipSpace()) throw error("unterminated map opened on line " + startLine + " (expected '}')");
            if (text.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(out);
            }
            if (text.charAt(pos) == ']' || text.charAt(pos) == ')') throw error("expected '}' to close the map opened on line " + startLine + ", found '" + text.charAt(pos) + "'");
            Object key = read();
            if (!skipSpace() || text.charAt(pos) == '}') throw error("map key " + key + " has no value");
            Object value = read();
            String k = key instanceof String s ? s : String.valueOf(key);
            if (out.containsKey(k)) throw error("duplicate map key " + k);
            out.put(k, value);
        }
    }

    private String readString() {
        int startLine = line();
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c == '\n') {
                line++;
                lineStart = pos;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) break;
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '"', '\\' -> sb.append(e);
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("truncated \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape '" + text.substring(pos, pos + 4) + "'");
                    }
                    pos += 4;
                }
                default -> throw error("unknown string escape '\\" + e + "'");
            }
        }
        throw error("unterminated string opened on line " + startLine);
    }

    private String readChar() {
        String token = readToken("character");
        return switch (token) {
            case "newline" -> "\n";
            case "space" -> " ";
            case "tab" -> "\t";
            case "return" -> "\r";
            default -> {
                if (token.length() == 1) yield token;
                if (token.length() == 5 && token.charAt(0) == 'u') {
                    try {
                        yield String.valueOf((char) Integer.parseInt(token.substring(1), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad character literal \\" + token);
                    }
                }
                throw error("bad character literal \\" + token);
            }
        };
    }

    private Object readDispatch() {
        pos++; // '#'
        if (pos >= text.length()) throw error("unexpected end of input after '#'");
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            return readSeq('}');
        }
        if (Character.isLetter(c)) {
            readToken("tag"); // #inst, #uuid, #jepsen.history.Op: keep the tagged value
            return read();
        }
        throw error("unsupported dispatch '#" + c + "'");
    }

    private Object readAtom() {
        char c = text.charAt(pos);
        String token = readToken("symbol");
        boolean numeric = Character.isDigit(c) || ((c == '-' || c == '+') && token.length() > 1 && Character.isDigit(token.charAt(1)));
        if (!numeric) {
            return switch (token) {
                case "nil" -> null;
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> token;
            };
        }
        try {
            if (token.endsWith("M")) return Double.parseDouble(token.substring(0, token.length() - 1));
            if (token.contains("/")) {
                String[] parts = token.split("/");
                return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
            }
            if (token.indexOf('.') >= 0 || token.indexOf('e') >= 0 || token.indexOf('E') >= 0) return Double.parseDouble(token);
            String digits = token.endsWith("N") ? token.substring(0, token.length() - 1) : token;
            BigInteger n = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
            if (n.bitLength() > 63) throw error("integer " + token + " does not fit in 64 bits");
            return n.longValue();
        } catch (NumberFormatException e) {
            throw error("bad number '" + token + "'");
        }
    }

    private String readToken(String what) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}'
                    || c == '"' || c == ';') break;
            pos++;
        }
        if (pos == start) throw error("empty " + what);
        return text.substring(start, pos);
    }

    HistoryException error(String what) {
        return new HistoryException(source + " line " + line() + " column " + (pos - lineStart + 1) + ": " + what);
    }
}

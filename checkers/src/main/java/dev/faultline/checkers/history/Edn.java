package dev.faultline.checkers.history;

/** Reads one EDN value (e.g. a command-line argument such as {@code {:x 0 :y 0}}) into the value types of {@link Op}. */
public final class Edn {
    private Edn() {}

    /** @throws HistoryException naming {@code source} and the column if the text is not exactly one EDN value */
    public static Object parse(String text, String source) {
        EdnReader r = new EdnReader(text, source);
        Object v = r.read();
        if (r.skipSpace()) throw r.error("unexpected content after the value");
        return v;
    }
}

package dev.faultline.protocol;

/**
 * One line of a client process's stdout, numbered from 1 over the life of that process; or the
 * end of its stdout ({@link #eof}).
 *
 * @param problem why the line cannot be a message although it was read (too long), or null
 */
record Line(long number, String text, boolean eof, String problem) {
    static Line eof(long number) {
        return new Line(number, null, true, null);
    }
}

package dev.faultline.targetfile;

import java.nio.file.Path;

/**
 * A target file that cannot be used, told as {@code FILE:LINE:COLUMN: field `daemon.ready.port`:
 * expected ...}: where, which field, and what was expected.
 */
public final class TargetFileException extends IllegalArgumentException {
    private final Path file;
    private final int line;
    private final int column;
    private final String field;

    public TargetFileException(Path file, int line, int column, String field, String message, Throwable cause) {
        super(format(file, line, column, field, message), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    private static String format(Path file, int line, int column, String field, String message) {
        StringBuilder s = new StringBuilder(file.toString());
        if (line > 0) s.append(':').append(line);
        if (line > 0 && column > 0) s.append(':').append(column);
        s.append(": ");
        if (field != null && !field.isEmpty()) s.append("field `").append(field).append("`: ");
        return s.append(message).toString();
    }

    public Path file() {
        return file;
    }

    /** 1-based; 0 when unknown. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Dotted path such as {@code daemon.ready.port} or {@code install.files[0].from}; empty for the whole file. */
    public String field() {
        return field;
    }
}

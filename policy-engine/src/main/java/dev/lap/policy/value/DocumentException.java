package dev.lap.policy.value;

/** A JSON or YAML document could not be read; {@link #line()} and {@link #column()} are 1-based, 0 if unknown. */
public final class DocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public DocumentException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}

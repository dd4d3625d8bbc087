package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A policy error, with OPA's code ({@code rego_parse_error}, {@code rego_unsafe_var_error},
 * {@code eval_conflict_error}, ...) and, where it has one, the source location. {@code details}
 * are the lines OPA prints under some errors ({@code have: (string)} / {@code want: (number)}
 * under a type error); they are not part of the message.
 */
public record RegoError(
        String code, String message, @Nullable Location location, List<String> details) {
    public static final String PARSE = "rego_parse_error";
    public static final String COMPILE = "rego_compile_error";
    public static final String UNSAFE_VAR = "rego_unsafe_var_error";
    public static final String RECURSION = "rego_recursion_error";
    public static final String TYPE = "rego_type_error";
    public static final String EVAL_CONFLICT = "eval_conflict_error";
    public static final String EVAL_TYPE = "eval_type_error";
    public static final String EVAL_BUILTIN = "eval_builtin_error";
    public static final String EVAL_CANCEL = "eval_cancel_error";
    public static final String EVAL_LIMIT = "eval_limit_error";
    /** lap's own: an evaluation built more values than {@code PolicyEngine.Builder.maxValueBytes} allows. */
    public static final String EVAL_MEMORY_LIMIT = "eval_memory_limit_error";

    public static final String EVAL_INTERNAL = "eval_internal_error";

    public RegoError {
        requireNonNull(code, "code");
        requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    public RegoError(String code, String message, @Nullable Location location) {
        this(code, message, location, List.of());
    }

    /** This error with OPA's detail lines. */
    public RegoError withDetails(List<String> lines) {
        return new RegoError(code, message, location, lines);
    }

    public static RegoError at(String code, String message, @Nullable Location location) {
        return new RegoError(code, message, location);
    }

    /** {@code file:row:col: code: message}, or {@code code: message} without a location. */
    @Override
    public String toString() {
        return (location == null ? "" : location + ": ") + code + ": " + message;
    }

    /**
     * The one-line form followed by the source line and a caret under the column, when known,
     * then the detail lines.
     */
    public String render() {
        StringBuilder sb = new StringBuilder(toString());
        if (location != null && !location.lineText().isEmpty()) {
            String text = location.lineText().replace('\t', ' ');
            sb.append("\n\t")
                    .append(text)
                    .append("\n\t")
                    .append(" ".repeat(Math.max(0, location.col() - 1)))
                    .append('^');
        }
        for (String line : details) {
            sb.append("\n\t").append(line);
        }
        return sb.toString();
    }
}

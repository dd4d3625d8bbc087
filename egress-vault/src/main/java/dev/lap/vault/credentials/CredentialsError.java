package dev.lap.vault.credentials;

import java.nio.file.Path;
import java.util.Objects;

/** One problem in a credentials file, where it is and what to do about it. */
public record CredentialsError(Path file, int line, int column, String message) {
    public CredentialsError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:col: message}, the form editors and terminals link. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}

package dev.lap.vault.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A file of TLS material (the CA's key or certificate, an extra CA file) that is missing,
 * unreadable, malformed or unsafe. The message names the file, says what is wrong with it and
 * what to do, so that a command line can print it as it is.
 */
public final class TlsFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    TlsFileException(Path file, String problem) {
        this(file, problem, null);
    }

    TlsFileException(Path file, String problem, @Nullable Throwable cause) {
        super(requireNonNull(file, "file") + ": " + requireNonNull(problem, "problem"), cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}

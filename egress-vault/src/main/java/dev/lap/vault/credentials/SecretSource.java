package dev.lap.vault.credentials;

import java.nio.file.Path;
import java.util.Objects;

/** Where the vault read a credential's real value from ({@code value_from} in the file). */
public sealed interface SecretSource {
    /** A variable of the vault's own environment (never the sandbox's). */
    record Env(String variable) implements SecretSource {
        public Env {
            Objects.requireNonNull(variable, "variable");
        }
    }

    /** A file, e.g. a mounted Kubernetes secret; one trailing newline is not part of the value. */
    record File(Path path) implements SecretSource {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }
}

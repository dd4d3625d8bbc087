package dev.lap.policy;

import static java.util.Objects.requireNonNull;

/** One Rego module: the name errors will cite, and its text. */
public record PolicySource(String file, String text) {
    public PolicySource {
        requireNonNull(file, "file");
        requireNonNull(text, "text");
    }
}

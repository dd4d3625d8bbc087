package dev.lap.vault.scrub;

import java.util.Objects;

/**
 * One pattern pair: every occurrence of {@code target} becomes {@code replacement}, reported under
 * {@code id}. The two have the same length so that the stream keeps its length.
 *
 * <p>{@link #toString()} names only the id and length: one side of every pair is a real secret.
 */
public record Replacement(String id, byte[] target, byte[] replacement) {
    public Replacement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(replacement, "replacement");
        if (target.length == 0) {
            throw new IllegalArgumentException("replacement " + id + ": the target is empty");
        }
        if (target.length != replacement.length) {
            throw new IllegalArgumentException("replacement " + id + ": target has " + target.length
                    + " bytes but the replacement has " + replacement.length
                    + "; a streamed body keeps its length only if both are equal");
        }
        target = target.clone();
        replacement = replacement.clone();
    }

    @Override
    public byte[] target() {
        return target.clone();
    }

    @Override
    public byte[] replacement() {
        return replacement.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Replacement r
                && id.equals(r.id)
                && java.util.Arrays.equals(target, r.target)
                && java.util.Arrays.equals(replacement, r.replacement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, java.util.Arrays.hashCode(target), java.util.Arrays.hashCode(replacement));
    }

    @Override
    public String toString() {
        return "Replacement[id=" + id + ", length=" + target.length + "]";
    }

    byte[] targetBytes() {
        return target;
    }

    byte[] replacementBytes() {
        return replacement;
    }
}

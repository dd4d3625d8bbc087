package dev.lap.policy.value;

import static java.util.Objects.requireNonNull;

/** A string. Ordered by code point, as Go orders UTF-8 strings byte by byte. */
public record StringValue(String value) implements Value {
    public static final StringValue EMPTY = new StringValue("");

    public StringValue {
        requireNonNull(value, "value");
    }

    public static StringValue of(String value) {
        return value.isEmpty() ? EMPTY : new StringValue(value);
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public int kindOrder() {
        return 3;
    }

    /** Code point order, which equals UTF-8 byte order; {@link String#compareTo} differs on surrogates. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs == ys) {
                    return x - y;
                }
                // A surrogate starts a code point above U+FFFF, which sorts after any BMP char.
                return xs ? 1 : -1;
            }
        }
        return a.length() - b.length();
    }

    @Override
    public String toString() {
        return Json.quote(value);
    }
}

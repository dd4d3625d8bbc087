package dev.lap.cli.policy;

import java.util.Locale;

/** Elapsed time the way {@code opa test} prints it: {@code 812ns}, {@code 68.875µs}, {@code 1.204ms}, {@code 2.5s}. */
final class DurationText {
    private DurationText() {}

    static String of(long nanos) {
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trimmed(nanos / 1e3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trimmed(nanos / 1e6) + "ms";
        }
        return trimmed(nanos / 1e9) + "s";
    }

    private static String trimmed(double d) {
        String s = String.format(Locale.ROOT, "%.3f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}

package dev.lap.sandbox.session;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as people write it in a request or a configuration file: {@code 8h}, {@code 30m},
 * {@code 1h30m}, {@code 90s}, {@code 2d}.
 */
public final class Ttl {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([dhms])");

    private Ttl() {}

    /** @throws IllegalArgumentException with a message that shows the accepted form */
    public static Duration parse(String text) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a duration; write a number with a unit d, h, m or s, e.g. 8h or 1h30m");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    });
        }
        return d;
    }

    /** The shortest form {@link #parse} reads back: {@code 8h}, {@code 1h30m}, {@code 0s}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.toString();
    }
}

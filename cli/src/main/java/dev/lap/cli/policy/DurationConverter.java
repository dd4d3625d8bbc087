package dev.lap.cli.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m} (and ISO-8601 {@code PT5S}) as a positive duration. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m)");

    @Override
    public Duration convert(String text) {
        Duration d = parse(text.strip().toLowerCase(Locale.ROOT));
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration; use e.g. 500ms, 5s or 1m");
        }
        return d;
    }

    private static Duration parse(String text) {
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                default -> 60e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new TypeConversionException(
                    "'" + text + "' is not a duration; use a number and a unit: 500ms, 5s, 1.5s or 1m");
        }
    }
}

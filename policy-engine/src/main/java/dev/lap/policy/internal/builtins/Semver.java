package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.StringValue;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code semver.is_valid} and {@code semver.compare}, with OPA's reading of a version: an
 * optional {@code v}, three decimal numbers, then optional pre-release and build identifiers.
 */
final class Semver {
    private static final Pattern IDENTIFIERS = Pattern.compile("[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*");

    private Semver() {}

    private record Version(long major, long minor, long patch, String preRelease) {}

    static void register(BuiltinRegistry r) {
        r.register(
                "semver.is_valid",
                List.of(Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(a[0] instanceof StringValue s && parse(s.value()) != null));
        r.register("semver.compare", List.of(Type.STRING, Type.STRING), Type.NUMBER, (a, ctx) -> {
            Version x = version(string(a, 0), 1);
            Version y = version(string(a, 1), 2);
            return NumberValue.of(compare(x, y));
        });
    }

    private static Version version(String s, int position) throws BuiltinException {
        Version v = parse(s);
        if (v == null) {
            throw BuiltinException.failed(
                    "semver.compare",
                    "operand " + position + ": string " + GoFormat.quote(s) + " is not a valid SemVer");
        }
        return v;
    }

    static @Nullable Version parse(String text) {
        String s = text.startsWith("v") ? text.substring(1) : text;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            String metadata = s.substring(plus + 1);
            s = s.substring(0, plus);
            if (!metadata.isEmpty() && !IDENTIFIERS.matcher(metadata).matches()) {
                return null;
            }
        }
        String preRelease = "";
        int dash = s.indexOf('-');
        if (dash >= 0) {
            preRelease = s.substring(dash + 1);
            s = s.substring(0, dash);
            if (!preRelease.isEmpty() && !IDENTIFIERS.matcher(preRelease).matches()) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        long[] numbers = new long[3];
        for (int i = 0; i < 3; i++) {
            // Go's ParseInt: an optional sign, then decimal digits, within int64.
            if (!parts[i].matches("[+-]?[0-9]+")) {
                return null;
            }
            try {
                numbers[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new Version(numbers[0], numbers[1], numbers[2], preRelease);
    }

    /** Precedence per semver.org item 11; build metadata is ignored. */
    private static int compare(Version v, Version o) {
        int c = Long.compare(v.major, o.major);
        c = c != 0 ? c : Long.compare(v.minor, o.minor);
        c = c != 0 ? c : Long.compare(v.patch, o.patch);
        if (c != 0) {
            return Integer.signum(c);
        }
        if (v.preRelease.equals(o.preRelease)) {
            return 0;
        }
        if (v.preRelease.isEmpty()) {
            return 1;
        }
        if (o.preRelease.isEmpty()) {
            return -1;
        }
        String[] a = v.preRelease.split("\\.", -1);
        String[] b = o.preRelease.split("\\.", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean aNum = a[i].matches("[0-9]+");
            boolean bNum = b[i].matches("[0-9]+");
            if (aNum != bNum) {
                return aNum ? -1 : 1;
            }
            int d = aNum
                    ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
                    : a[i].compareTo(b[i]);
            if (d != 0) {
                return Integer.signum(d);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}

package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * Time builtins, with Go's semantics: instants are nanoseconds since the Unix epoch and must fit
 * a signed 64-bit integer; a time may come with an IANA zone name ({@code [ns, "Europe/Paris"]});
 * layouts are Go reference-time layouts ({@link GoTimeLayout}). {@code time.now_ns} reads the
 * evaluation's clock once: every call in one evaluation sees the same instant, as in OPA.
 */
final class Time {
    private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Set<String> ZONE_IDS = ZoneId.getAvailableZoneIds();

    private Time() {}

    /** A time operand: the instant in its zone, and the layout a {@code [ns, tz, layout]} triple names. */
    private record ZonedTime(ZonedDateTime time, String layout) {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("time.now_ns", List.of(), Type.NUMBER, (a, ctx) -> NumberValue.of(ctx.nowNanos()));
        r.register("time.parse_ns", List.of(Type.STRING, Type.STRING), Type.NUMBER, (a, ctx) -> {
            String layout = string(a, 0);
            return parse("time.parse_ns", GoTimeLayout.CONSTANTS.getOrDefault(layout, layout), string(a, 1));
        });
        r.register(
                "time.parse_rfc3339_ns",
                List.of(Type.STRING),
                Type.NUMBER,
                (a, ctx) -> parse("time.parse_rfc3339_ns", GoTimeLayout.CONSTANTS.get("RFC3339"), string(a, 0)));
        r.register(
                "time.parse_duration_ns",
                List.of(Type.STRING),
                Type.NUMBER,
                (a, ctx) -> NumberValue.of(GoDuration.parse("time.parse_duration_ns", string(a, 0))));
        // Time operands are declared as any: OPA reports a bad one with its own wording.
        List<Type> oneTime = List.of(Type.ANY);
        r.register("time.format", oneTime, Type.STRING, (a, ctx) -> {
            ZonedTime t = zoned("time.format", a[0]);
            String layout = t.layout().isEmpty()
                    ? GoTimeLayout.CONSTANTS.get("RFC3339Nano")
                    : GoTimeLayout.CONSTANTS.getOrDefault(t.layout(), t.layout());
            return StringValue.of(GoTimeLayout.format(t.time(), layout));
        });
        r.register("time.date", oneTime, Type.ARRAY, (a, ctx) -> {
            ZonedDateTime t = zoned("time.date", a[0]).time();
            return ArrayValue.of(
                    NumberValue.of(t.getYear()), NumberValue.of(t.getMonthValue()), NumberValue.of(t.getDayOfMonth()));
        });
        r.register("time.clock", oneTime, Type.ARRAY, (a, ctx) -> {
            ZonedDateTime t = zoned("time.clock", a[0]).time();
            return ArrayValue.of(
                    NumberValue.of(t.getHour()), NumberValue.of(t.getMinute()), NumberValue.of(t.getSecond()));
        });
        r.register(
                "time.weekday",
                oneTime,
                Type.STRING,
                (a, ctx) -> StringValue.of(
                        GoTimeLayout.weekday(zoned("time.weekday", a[0]).time())));
        r.register(
                "time.add_date", List.of(Type.ANY, Type.NUMBER, Type.NUMBER, Type.NUMBER), Type.NUMBER, Time::addDate);
        r.register("time.diff", List.of(Type.ANY, Type.ANY), Type.ARRAY, (a, ctx) -> {
            ZonedDateTime t1 = zoned("time.diff", a[0]).time();
            ZonedDateTime t2 = zoned("time.diff", a[1]).time().withZoneSameInstant(t1.getZone());
            return diff(t1, t2);
        });
    }

    private static Value parse(String builtin, String layout, String value) throws BuiltinException {
        try {
            return nanos(builtin, GoTimeLayout.parse(layout, value));
        } catch (GoTimeLayout.ParseException e) {
            throw BuiltinException.failed(builtin, e.getMessage());
        }
    }

    /** Nanoseconds since the epoch, or Go's range error when they do not fit an int64. */
    private static NumberValue nanos(String builtin, ZonedDateTime t) throws BuiltinException {
        BigInteger ns = BigInteger.valueOf(t.toEpochSecond()).multiply(NANOS).add(BigInteger.valueOf(t.getNano()));
        if (ns.compareTo(MIN_NANOS) < 0 || ns.compareTo(MAX_NANOS) > 0) {
            throw BuiltinException.failed(builtin, "time outside of valid range");
        }
        return NumberValue.of(ns.longValueExact());
    }

    private static ZonedTime zoned(String builtin, Value operand) throws BuiltinException {
        Value ns;
        ZoneId zone = ZoneOffset.UTC;
        String layout = "";
        switch (operand) {
            case NumberValue n -> ns = n;
            case ArrayValue arr
            when !arr.isEmpty() -> {
                ns = arr.get(0);
                if (!(ns instanceof NumberValue)) {
                    throw BuiltinException.operand(builtin, 1, "number", ns.typeName());
                }
                if (arr.size() > 1) {
                    zone = zone(builtin, arr.get(1));
                }
                if (arr.size() > 2) {
                    if (!(arr.get(2) instanceof StringValue s)) {
                        throw BuiltinException.operand(
                                builtin, 1, "string", arr.get(2).typeName());
                    }
                    layout = s.value();
                }
            }
            default ->
                throw BuiltinException.operand(
                        builtin, 1, "either number (ns) or [number (ns), string (tz)]", operand.typeName());
        }
        NumberValue n = (NumberValue) ns;
        if (!n.isLong()) {
            throw BuiltinException.failed(builtin, "timestamp too big");
        }
        long v = n.longValue();
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
        return new ZonedTime(instant.atZone(zone), layout);
    }

    private static ZoneId zone(String builtin, Value tz) throws BuiltinException {
        if (!(tz instanceof StringValue s)) {
            throw BuiltinException.operand(builtin, 1, "string", tz.typeName());
        }
        String name = s.value();
        return switch (name) {
            case "", "UTC" -> ZoneOffset.UTC;
            case "Local" -> ZoneId.systemDefault();
            default -> {
                if (!ZONE_IDS.contains(name)) {
                    throw BuiltinException.failed(builtin, "unknown time zone " + name);
                }
                yield ZoneId.of(name);
            }
        };
    }

    /**
     * Go's {@code AddDate}: the month and day are added as numbers and the date normalised
     * afterwards, so January 31 plus one month is March 2 or 3, not February's last day.
     */
    private static Value addDate(Value[] a, BuiltinContext ctx) throws BuiltinException {
        String name = "time.add_date";
        ZonedDateTime t = zoned(name, a[0]).time();
        long years = Operands.integer(name, a[1], 2);
        long months = Operands.integer(name, a[2], 3);
        long days = Operands.integer(name, a[3], 4);
        try {
            long month0 = t.getMonthValue() - 1L + months;
            long year = t.getYear() + years + Math.floorDiv(month0, 12);
            LocalDate first = LocalDate.of(Math.toIntExact(year), (int) Math.floorMod(month0, 12) + 1, 1);
            LocalDate date = first.plusDays(t.getDayOfMonth() - 1L + days);
            return nanos(name, ZonedDateTime.ofLocal(date.atTime(t.toLocalTime()), t.getZone(), null));
        } catch (DateTimeException | ArithmeticException e) {
            throw BuiltinException.failed(name, "time outside of valid range");
        }
    }

    /** Calendar difference, larger minus smaller, each field normalised into its range. */
    private static Value diff(ZonedDateTime t1, ZonedDateTime t2) {
        if (t1.isAfter(t2)) {
            ZonedDateTime swap = t1;
            t1 = t2;
            t2 = swap;
        }
        int year = t2.getYear() - t1.getYear();
        int month = t2.getMonthValue() - t1.getMonthValue();
        int day = t2.getDayOfMonth() - t1.getDayOfMonth();
        int hour = t2.getHour() - t1.getHour();
        int min = t2.getMinute() - t1.getMinute();
        int sec = t2.getSecond() - t1.getSecond();
        if (sec < 0) {
            sec += 60;
            min--;
        }
        if (min < 0) {
            min += 60;
            hour--;
        }
        if (hour < 0) {
            hour += 24;
            day--;
        }
        if (day < 0) {
            day += t1.toLocalDate().lengthOfMonth();
            month--;
        }
        if (month < 0) {
            month += 12;
            year--;
        }
        return ArrayValue.of(
                NumberValue.of(year),
                NumberValue.of(month),
                NumberValue.of(day),
                NumberValue.of(hour),
                NumberValue.of(min),
                NumberValue.of(sec));
    }
}

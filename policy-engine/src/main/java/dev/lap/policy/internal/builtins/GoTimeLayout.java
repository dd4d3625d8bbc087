package dev.lap.policy.internal.builtins;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's time layouts, which spell each field as it would appear for the reference time
 * {@code Mon Jan 2 15:04:05 MST 2006}: parsing and formatting as Go's {@code time.Parse} and
 * {@code Time.Format} do, including their leniencies (a run of spaces matches any run of spaces,
 * unrequested fractional seconds after the seconds field are accepted).
 */
final class GoTimeLayout {
    /** The names {@code time.parse_ns} and {@code time.format} accept for Go's layout constants. */
    static final Map<String, String> CONSTANTS = Map.of(
            "ANSIC", "Mon Jan _2 15:04:05 2006",
            "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
            "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
            "RFC822", "02 Jan 06 15:04 MST",
            "RFC822Z", "02 Jan 06 15:04 -0700",
            "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
            "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
            "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
            "RFC3339", "2006-01-02T15:04:05Z07:00",
            "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00");

    private static final String[] LONG_MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };
    private static final String[] LONG_DAYS = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
    };

    private GoTimeLayout() {}

    private enum Kind {
        LONG_MONTH,
        MONTH,
        NUM_MONTH,
        ZERO_MONTH,
        LONG_WEEKDAY,
        WEEKDAY,
        DAY,
        UNDER_DAY,
        ZERO_DAY,
        UNDER_YEAR_DAY,
        ZERO_YEAR_DAY,
        HOUR,
        HOUR12,
        ZERO_HOUR12,
        MINUTE,
        ZERO_MINUTE,
        SECOND,
        ZERO_SECOND,
        LONG_YEAR,
        YEAR,
        PM,
        LOWER_PM,
        TZ,
        ISO_TZ,
        ISO_SECONDS_TZ,
        ISO_SHORT_TZ,
        ISO_COLON_TZ,
        ISO_COLON_SECONDS_TZ,
        NUM_TZ,
        NUM_SECONDS_TZ,
        NUM_SHORT_TZ,
        NUM_COLON_TZ,
        NUM_COLON_SECONDS_TZ,
        FRAC_ZERO,
        FRAC_NINE
    }

    /** A piece of a layout: literal text, or a field ({@code kind} non-null) spelt {@code text}. */
    private record Chunk(String text, @Nullable Kind kind) {
        boolean literal() {
            return kind == null;
        }
    }

    /** Splits a layout into literals and fields, matching Go's longest-first rules. */
    private static List<Chunk> chunks(String layout) {
        List<Chunk> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            Chunk std = stdAt(layout, i);
            if (std == null) {
                literal.append(layout.charAt(i));
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                out.add(new Chunk(literal.toString(), null));
                literal.setLength(0);
            }
            out.add(std);
            i += std.text.length();
        }
        if (!literal.isEmpty()) {
            out.add(new Chunk(literal.toString(), null));
        }
        return out;
    }

    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    private static @Nullable Chunk stdAt(String l, int i) {
        String rest = l.substring(i);
        char c = l.charAt(i);
        switch (c) {
            case 'J' -> {
                if (rest.startsWith("January")) {
                    return new Chunk("January", Kind.LONG_MONTH);
                }
                if (rest.startsWith("Jan")) {
                    return new Chunk("Jan", Kind.MONTH);
                }
            }
            case 'M' -> {
                if (rest.startsWith("Monday")) {
                    return new Chunk("Monday", Kind.LONG_WEEKDAY);
                }
                if (rest.startsWith("Mon")) {
                    return new Chunk("Mon", Kind.WEEKDAY);
                }
                if (rest.startsWith("MST")) {
                    return new Chunk("MST", Kind.TZ);
                }
            }
            case '0' -> {
                if (rest.startsWith("002")) {
                    return new Chunk("002", Kind.ZERO_YEAR_DAY);
                }
                if (rest.length() > 1 && rest.charAt(1) >= '1' && rest.charAt(1) <= '6') {
                    Kind[] kinds = {
                        Kind.ZERO_MONTH, Kind.ZERO_DAY, Kind.ZERO_HOUR12, Kind.ZERO_MINUTE, Kind.ZERO_SECOND, Kind.YEAR
                    };
                    return new Chunk(rest.substring(0, 2), kinds[rest.charAt(1) - '1']);
                }
            }
            case '1' -> {
                return rest.startsWith("15") ? new Chunk("15", Kind.HOUR) : new Chunk("1", Kind.NUM_MONTH);
            }
            case '2' -> {
                return rest.startsWith("2006") ? new Chunk("2006", Kind.LONG_YEAR) : new Chunk("2", Kind.DAY);
            }
            case '_' -> {
                if (rest.startsWith("_2")) {
                    // "_2006" is a literal underscore before a year.
                    if (rest.startsWith("_2006")) {
                        return null;
                    }
                    return new Chunk("_2", Kind.UNDER_DAY);
                }
                if (rest.startsWith("__2")) {
                    return new Chunk("__2", Kind.UNDER_YEAR_DAY);
                }
            }
            case '3' -> {
                return new Chunk("3", Kind.HOUR12);
            }
            case '4' -> {
                return new Chunk("4", Kind.MINUTE);
            }
            case '5' -> {
                return new Chunk("5", Kind.SECOND);
            }
            case 'P' -> {
                if (rest.startsWith("PM")) {
                    return new Chunk("PM", Kind.PM);
                }
            }
            case 'p' -> {
                if (rest.startsWith("pm")) {
                    return new Chunk("pm", Kind.LOWER_PM);
                }
            }
            case '-' -> {
                for (String s : new String[] {"-07:00:00", "-070000", "-07:00", "-0700", "-07"}) {
                    if (rest.startsWith(s)) {
                        return new Chunk(s, numericZone(s));
                    }
                }
            }
            case 'Z' -> {
                for (String s : new String[] {"Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"}) {
                    if (rest.startsWith(s)) {
                        return new Chunk(s, numericZone(s));
                    }
                }
            }
            case '.', ',' -> {
                if (rest.length() > 1 && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
                    char digit = rest.charAt(1);
                    int j = 1;
                    while (j < rest.length() && rest.charAt(j) == digit) {
                        j++;
                    }
                    if (j >= rest.length() || !isDigit(rest.charAt(j))) {
                        return new Chunk(rest.substring(0, j), digit == '0' ? Kind.FRAC_ZERO : Kind.FRAC_NINE);
                    }
                }
            }
            default -> {}
        }
        return null;
    }

    private static Kind numericZone(String s) {
        boolean iso = s.startsWith("Z");
        return switch (s.substring(1)) {
            case "07:00:00" -> iso ? Kind.ISO_COLON_SECONDS_TZ : Kind.NUM_COLON_SECONDS_TZ;
            case "070000" -> iso ? Kind.ISO_SECONDS_TZ : Kind.NUM_SECONDS_TZ;
            case "07:00" -> iso ? Kind.ISO_COLON_TZ : Kind.NUM_COLON_TZ;
            case "0700" -> iso ? Kind.ISO_TZ : Kind.NUM_TZ;
            default -> iso ? Kind.ISO_SHORT_TZ : Kind.NUM_SHORT_TZ;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ---- formatting ----

    static String format(ZonedDateTime t, String layout) {
        StringBuilder b = new StringBuilder();
        for (Chunk chunk : chunks(layout)) {
            if (chunk.literal()) {
                b.append(chunk.text);
                continue;
            }
            int offset = t.getOffset().getTotalSeconds();
            switch (chunk.kind) {
                case LONG_YEAR -> pad(b, t.getYear(), 4);
                case YEAR -> pad(b, Math.floorMod(t.getYear(), 100), 2);
                case LONG_MONTH -> b.append(LONG_MONTHS[t.getMonthValue() - 1]);
                case MONTH -> b.append(LONG_MONTHS[t.getMonthValue() - 1], 0, 3);
                case NUM_MONTH -> b.append(t.getMonthValue());
                case ZERO_MONTH -> pad(b, t.getMonthValue(), 2);
                case LONG_WEEKDAY -> b.append(LONG_DAYS[t.getDayOfWeek().getValue() % 7]);
                case WEEKDAY -> b.append(LONG_DAYS[t.getDayOfWeek().getValue() % 7], 0, 3);
                case DAY -> b.append(t.getDayOfMonth());
                case UNDER_DAY -> b.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case ZERO_DAY -> pad(b, t.getDayOfMonth(), 2);
                case UNDER_YEAR_DAY -> b.append(String.format("%3d", t.getDayOfYear()));
                case ZERO_YEAR_DAY -> pad(b, t.getDayOfYear(), 3);
                case HOUR -> pad(b, t.getHour(), 2);
                case HOUR12 -> b.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case ZERO_HOUR12 -> pad(b, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
                case MINUTE -> b.append(t.getMinute());
                case ZERO_MINUTE -> pad(b, t.getMinute(), 2);
                case SECOND -> b.append(t.getSecond());
                case ZERO_SECOND -> pad(b, t.getSecond(), 2);
                case PM -> b.append(t.getHour() >= 12 ? "PM" : "AM");
                case LOWER_PM -> b.append(t.getHour() >= 12 ? "pm" : "am");
                case TZ -> {
                    String name = zoneName(t);
                    if (name != null) {
                        b.append(name);
                    } else {
                        int minutes = offset / 60;
                        b.append(minutes < 0 ? '-' : '+');
                        pad(b, Math.abs(minutes) / 60, 2);
                        pad(b, Math.abs(minutes) % 60, 2);
                    }
                }
                case ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ -> {
                    if (offset == 0) {
                        b.append('Z');
                    } else {
                        offset(b, offset, chunk.text);
                    }
                }
                case NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ ->
                    offset(b, offset, chunk.text);
                case FRAC_ZERO, FRAC_NINE -> fraction(b, t.getNano(), chunk);
            }
        }
        return b.toString();
    }

    private static void pad(StringBuilder b, int value, int width) {
        if (value < 0) {
            b.append('-');
            value = -value;
        }
        String digits = Integer.toString(value);
        b.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }

    /** A numeric offset spelt like the layout's {@code -07:00}, {@code -0700}, {@code -07} or a seconds variant. */
    private static void offset(StringBuilder b, int offsetSeconds, String spelling) {
        int abs = Math.abs(offsetSeconds);
        b.append(offsetSeconds < 0 ? '-' : '+');
        pad(b, abs / 3600, 2);
        String form = spelling.substring(1);
        boolean colon = form.contains(":");
        if (form.length() > 2) {
            b.append(colon ? ":" : "");
            pad(b, abs / 60 % 60, 2);
        }
        if (form.length() > 5) {
            b.append(colon ? ":" : "");
            pad(b, abs % 60, 2);
        }
    }

    private static void fraction(StringBuilder b, int nanos, Chunk chunk) {
        int digits = chunk.text.length() - 1;
        String all = String.format("%09d", nanos).substring(0, Math.min(digits, 9));
        if (chunk.kind == Kind.FRAC_NINE) {
            all = all.replaceFirst("0+$", "");
            if (all.isEmpty()) {
                return;
            }
        }
        b.append(chunk.text.charAt(0)).append(all);
    }

    /** Go's zone abbreviation: "UTC" for UTC, the English short name elsewhere. */
    private static @Nullable String zoneName(ZonedDateTime t) {
        ZoneId zone = t.getZone();
        if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC")) {
            return "UTC";
        }
        if (zone instanceof ZoneOffset) {
            return null;
        }
        return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
    }

    // ---- parsing ----

    /** Thrown with Go's {@code time.Parse} error text. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    /** The instant {@code value} denotes under {@code layout}, as seconds and nanoseconds; UTC unless it names a zone. */
    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    static ZonedDateTime parse(String layout, String value) throws ParseException {
        String original = value;
        int year = 0;
        int month = -1;
        int day = -1;
        int yearDay = -1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        boolean pmSet = false;
        boolean amSet = false;
        @Nullable Integer zoneOffset = null;
        @Nullable String rangeError = null;
        List<Chunk> chunks = chunks(layout);
        for (int ci = 0; ci < chunks.size(); ci++) {
            Chunk chunk = chunks.get(ci);
            if (chunk.literal()) {
                String rest = skip(value, chunk.text);
                if (rest == null) {
                    throw cannotParse(original, layout, value, chunk.text);
                }
                value = rest;
                continue;
            }
            String before = value;
            boolean ok = true;
            int @Nullable [] n;
            switch (chunk.kind) {
                case YEAR -> {
                    n = number(value, 2, true);
                    ok = n != null;
                    if (ok) {
                        year = n[0] >= 69 ? n[0] + 1900 : n[0] + 2000;
                        value = value.substring(n[1]);
                    }
                }
                case LONG_YEAR -> {
                    ok = value.length() >= 4 && value.chars().limit(4).allMatch(ch -> isDigit((char) ch));
                    if (ok) {
                        year = Integer.parseInt(value.substring(0, 4));
                        value = value.substring(4);
                    }
                }
                case MONTH, LONG_MONTH -> {
                    int @Nullable [] found = lookup(value, LONG_MONTHS, chunk.kind == Kind.MONTH);
                    ok = found != null;
                    if (ok) {
                        month = found[0] + 1;
                        value = value.substring(found[1]);
                    }
                }
                case NUM_MONTH, ZERO_MONTH -> {
                    n = number(value, 2, chunk.kind == Kind.ZERO_MONTH);
                    ok = n != null;
                    if (ok) {
                        month = n[0];
                        value = value.substring(n[1]);
                        if (month <= 0 || month > 12) {
                            rangeError = "month";
                        }
                    }
                }
                case WEEKDAY, LONG_WEEKDAY -> {
                    int @Nullable [] found = lookup(value, LONG_DAYS, chunk.kind == Kind.WEEKDAY);
                    ok = found != null;
                    if (ok) {
                        value = value.substring(found[1]);
                    }
                }
                case DAY, UNDER_DAY, ZERO_DAY -> {
                    if (chunk.kind == Kind.UNDER_DAY && value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    n = number(value, 2, chunk.kind == Kind.ZERO_DAY);
                    ok = n != null;
                    if (ok) {
                        day = n[0];
                        value = value.substring(n[1]);
                    }
                }
                case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
                    for (int k = 0; k < 2 && chunk.kind == Kind.UNDER_YEAR_DAY && value.startsWith(" "); k++) {
                        value = value.substring(1);
                    }
                    n = number(value, 3, chunk.kind == Kind.ZERO_YEAR_DAY);
                    ok = n != null;
                    if (ok) {
                        yearDay = n[0];
                        value = value.substring(n[1]);
                        if (yearDay < 1 || yearDay > 366) {
                            rangeError = "day-of-year";
                        }
                    }
                }
                case HOUR -> {
                    n = number(value, 2, false);
                    ok = n != null;
                    if (ok) {
                        hour = n[0];
                        value = value.substring(n[1]);
                        if (hour < 0 || hour >= 24) {
                            rangeError = "hour";
                        }
                    }
                }
                case HOUR12, ZERO_HOUR12 -> {
                    n = number(value, 2, chunk.kind == Kind.ZERO_HOUR12);
                    ok = n != null;
                    if (ok) {
                        hour = n[0];
                        value = value.substring(n[1]);
                        if (hour < 0 || hour > 12) {
                            rangeError = "hour";
                        }
                    }
                }
                case MINUTE, ZERO_MINUTE -> {
                    n = number(value, 2, chunk.kind == Kind.ZERO_MINUTE);
                    ok = n != null;
                    if (ok) {
                        minute = n[0];
                        value = value.substring(n[1]);
                        if (minute < 0 || minute >= 60) {
                            rangeError = "minute";
                        }
                    }
                }
                case SECOND, ZERO_SECOND -> {
                    n = number(value, 2, chunk.kind == Kind.ZERO_SECOND);
                    ok = n != null;
                    if (ok) {
                        second = n[0];
                        value = value.substring(n[1]);
                        if (second < 0 || second >= 60) {
                            rangeError = "second";
                            break;
                        }
                        // Fractional seconds the layout does not ask for are still read.
                        boolean nextIsFraction = ci + 1 < chunks.size()
                                && (chunks.get(ci + 1).kind == Kind.FRAC_ZERO
                                        || chunks.get(ci + 1).kind == Kind.FRAC_NINE);
                        if (value.length() >= 2
                                && (value.charAt(0) == '.' || value.charAt(0) == ',')
                                && isDigit(value.charAt(1))
                                && !nextIsFraction) {
                            int end = 1;
                            while (end < value.length() && isDigit(value.charAt(end))) {
                                end++;
                            }
                            nanos = nanoseconds(value.substring(1, end));
                            value = value.substring(end);
                        }
                    }
                }
                case PM, LOWER_PM -> {
                    ok = value.length() >= 2;
                    if (ok) {
                        String p = value.substring(0, 2);
                        String upper = chunk.kind == Kind.PM ? p : p.toUpperCase(Locale.ROOT);
                        if (chunk.kind == Kind.LOWER_PM && !p.equals(p.toLowerCase(Locale.ROOT))) {
                            ok = false;
                        } else if (upper.equals("PM")) {
                            pmSet = true;
                        } else if (upper.equals("AM")) {
                            amSet = true;
                        } else {
                            ok = false;
                        }
                        if (ok) {
                            value = value.substring(2);
                        }
                    }
                }
                case ISO_TZ,
                        ISO_SECONDS_TZ,
                        ISO_SHORT_TZ,
                        ISO_COLON_TZ,
                        ISO_COLON_SECONDS_TZ,
                        NUM_TZ,
                        NUM_SECONDS_TZ,
                        NUM_SHORT_TZ,
                        NUM_COLON_TZ,
                        NUM_COLON_SECONDS_TZ -> {
                    if (chunk.text.startsWith("Z") && value.startsWith("Z")) {
                        value = value.substring(1);
                        zoneOffset = 0;
                        break;
                    }
                    int @Nullable [] parsed = numericOffset(value, chunk.text.substring(1));
                    ok = parsed != null;
                    if (ok) {
                        if (parsed[2] > 24) {
                            rangeError = "time zone offset hour";
                        }
                        zoneOffset = parsed[0];
                        value = value.substring(parsed[1]);
                    }
                }
                case TZ -> {
                    if (value.startsWith("UTC")) {
                        zoneOffset = 0;
                        value = value.substring(3);
                        break;
                    }
                    int @Nullable [] parsed = zoneAbbreviation(value);
                    ok = parsed != null;
                    if (ok) {
                        zoneOffset = parsed[0];
                        value = value.substring(parsed[1]);
                    }
                }
                case FRAC_ZERO -> {
                    int digits = chunk.text.length() - 1;
                    ok = value.length() >= digits + 1 && value.charAt(0) == chunk.text.charAt(0);
                    if (ok) {
                        String frac = value.substring(1, digits + 1);
                        ok = frac.chars().allMatch(ch -> isDigit((char) ch));
                        if (ok) {
                            nanos = nanoseconds(frac);
                            value = value.substring(digits + 1);
                        }
                    }
                }
                case FRAC_NINE -> {
                    if (value.length() < 2
                            || (value.charAt(0) != '.' && value.charAt(0) != ',')
                            || !isDigit(value.charAt(1))) {
                        break;
                    }
                    int end = 1;
                    while (end < value.length() && end <= 9 && isDigit(value.charAt(end))) {
                        end++;
                    }
                    nanos = nanoseconds(value.substring(1, end));
                    value = value.substring(end);
                }
            }
            if (rangeError != null) {
                throw new ParseException(
                        "parsing time " + GoFormat.quote(original) + ": " + rangeError + " out of range");
            }
            if (!ok) {
                throw cannotParse(original, layout, before, chunk.text);
            }
        }
        if (!value.isEmpty()) {
            throw new ParseException(
                    "parsing time " + GoFormat.quote(original) + ": extra text: " + GoFormat.quote(value));
        }
        if (pmSet && hour < 12) {
            hour += 12;
        } else if (amSet && hour == 12) {
            hour = 0;
        }
        if (yearDay >= 0) {
            LocalDate d;
            try {
                d = LocalDate.ofYearDay(year, yearDay);
            } catch (DateTimeException e) {
                throw new ParseException("parsing time " + GoFormat.quote(original) + ": day-of-year out of range");
            }
            if ((month >= 0 && month != d.getMonthValue()) || (day >= 0 && day != d.getDayOfMonth())) {
                throw new ParseException("parsing time " + GoFormat.quote(original) + ": day-of-year does not match "
                        + (month >= 0 && month != d.getMonthValue() ? "month" : "day"));
            }
            month = d.getMonthValue();
            day = d.getDayOfMonth();
        } else {
            month = month < 0 ? 1 : month;
            day = day < 0 ? 1 : day;
        }
        if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            throw new ParseException("parsing time " + GoFormat.quote(original) + ": day out of range");
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(zoneOffset == null ? 0 : zoneOffset);
        return local.atOffset(offset).toZonedDateTime();
    }

    private static ParseException cannotParse(String value, String layout, String valueElem, String layoutElem) {
        return new ParseException("parsing time " + GoFormat.quote(value) + " as " + GoFormat.quote(layout)
                + ": cannot parse " + GoFormat.quote(valueElem) + " as " + GoFormat.quote(layoutElem));
    }

    /** Removes {@code prefix} from {@code value}, a run of spaces matching any run; null if it does not match. */
    private static @Nullable String skip(String value, String prefix) {
        int v = 0;
        int p = 0;
        while (p < prefix.length()) {
            if (prefix.charAt(p) == ' ') {
                if (v < value.length() && value.charAt(v) != ' ') {
                    return null;
                }
                while (p < prefix.length() && prefix.charAt(p) == ' ') {
                    p++;
                }
                while (v < value.length() && value.charAt(v) == ' ') {
                    v++;
                }
                continue;
            }
            if (v >= value.length() || value.charAt(v) != prefix.charAt(p)) {
                return null;
            }
            v++;
            p++;
        }
        return value.substring(v);
    }

    /** {value, length}: up to {@code width} digits, exactly {@code width} when {@code fixed}; at least one. */
    private static int @Nullable [] number(String s, int width, boolean fixed) {
        int i = 0;
        while (i < s.length() && i < width && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || (fixed && i < width)) {
            return null;
        }
        return new int[] {Integer.parseInt(s.substring(0, i)), i};
    }

    /** {index, length} of the name (or its three-letter prefix) {@code s} starts with, ignoring ASCII case. */
    private static int @Nullable [] lookup(String s, String[] names, boolean abbreviated) {
        for (int i = 0; i < names.length; i++) {
            String name = abbreviated ? names[i].substring(0, 3) : names[i];
            if (s.length() >= name.length() && s.substring(0, name.length()).equalsIgnoreCase(name)) {
                return new int[] {i, name.length()};
            }
        }
        return null;
    }

    private static int nanoseconds(String digits) {
        String nine = (digits.length() > 9 ? digits.substring(0, 9) : digits);
        return Integer.parseInt(nine + "0".repeat(9 - nine.length()));
    }

    /** {offset seconds, length, hours} of a numeric offset spelt like {@code form} ("07:00", "0700", "07", ...). */
    private static int @Nullable [] numericOffset(String s, String form) {
        if (s.isEmpty() || (s.charAt(0) != '+' && s.charAt(0) != '-')) {
            return null;
        }
        StringBuilder pattern = new StringBuilder();
        for (char c : form.toCharArray()) {
            pattern.append(c == ':' ? ':' : 'd');
        }
        String shape = pattern.toString();
        if (s.length() < 1 + shape.length()) {
            return null;
        }
        String digits = s.substring(1, 1 + shape.length());
        for (int i = 0; i < shape.length(); i++) {
            char c = digits.charAt(i);
            if (shape.charAt(i) == ':' ? c != ':' : !isDigit(c)) {
                return null;
            }
        }
        String plain = digits.replace(":", "");
        int hours = Integer.parseInt(plain.substring(0, 2));
        int minutes = plain.length() >= 4 ? Integer.parseInt(plain.substring(2, 4)) : 0;
        int seconds = plain.length() >= 6 ? Integer.parseInt(plain.substring(4, 6)) : 0;
        int total = (hours * 60 + minutes) * 60 + seconds;
        return new int[] {s.charAt(0) == '-' ? -total : total, 1 + shape.length(), hours};
    }

    /**
     * {offset seconds, length} of a zone abbreviation such as {@code PST} or {@code GMT+3}. Go records
     * an abbreviation it does not know with a zero offset, and so does this.
     */
    private static int @Nullable [] zoneAbbreviation(String s) {
        if (s.length() < 3) {
            return null;
        }
        if (s.startsWith("ChST") || s.startsWith("MeST")) {
            return new int[] {0, 4};
        }
        if (s.startsWith("GMT")) {
            int i = 3;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                int j = i + 1;
                while (j < s.length() && isDigit(s.charAt(j))) {
                    j++;
                }
                if (j > i + 1 && j - i - 1 <= 2) {
                    int hours = Integer.parseInt(s.substring(i + 1, j));
                    if (hours <= 23) {
                        return new int[] {(s.charAt(i) == '-' ? -hours : hours) * 3600, j};
                    }
                }
            }
            return new int[] {0, 3};
        }
        int upper = 0;
        while (upper < s.length() && upper < 6 && s.charAt(upper) >= 'A' && s.charAt(upper) <= 'Z') {
            upper++;
        }
        return switch (upper) {
            case 3 -> new int[] {0, 3};
            case 4 -> s.charAt(3) == 'T' || s.startsWith("WITA") ? new int[] {0, 4} : null;
            case 5 -> s.charAt(4) == 'T' ? new int[] {0, 5} : null;
            default -> null;
        };
    }

    /** Go's English weekday name. */
    static String weekday(ZonedDateTime t) {
        return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}

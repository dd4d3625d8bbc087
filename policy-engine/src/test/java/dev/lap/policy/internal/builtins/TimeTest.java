package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.ArrayValue;
import org.junit.jupiter.api.Test;

class TimeTest {
    private static final String RFC3339 = "2006-01-02T15:04:05Z07:00";

    @Test
    void parseNsReadsGoLayouts() throws Exception {
        assertThat(call("time.parse_ns", str(RFC3339), str("2017-06-02T19:00:00-07:00")))
                .isEqualTo(num(1496455200000000000L));
        assertThat(call("time.parse_ns", str("01/02 03:04:05PM '06 -0700"), str("06/02 07:00:00PM '17 -0700")))
                .isEqualTo(num(1496455200000000000L));
        assertThat(call("time.parse_ns", str("02 Jan 06 15:04 -0700"), str("02 Jun 17 19:00 -0700")))
                .isEqualTo(num(1496455200000000000L));
        assertThat(call("time.parse_ns", str("RFC822Z"), str("02 Jun 17 19:00 -0700")))
                .isEqualTo(num(1496455200000000000L));
        assertThat(call("time.parse_ns", str("2006-01-02"), str("2020-02-29"))).isEqualTo(num(1582934400000000000L));
    }

    @Test
    void parseNsAcceptsTheWholeInt64RangeAndNoMore() throws Exception {
        assertThat(call("time.parse_ns", str(RFC3339), str("1677-09-21T00:12:43.145224192-00:00")))
                .isEqualTo(num(Long.MIN_VALUE));
        assertThat(call("time.parse_rfc3339_ns", str("2262-04-11T23:47:16.854775807-00:00")))
                .isEqualTo(num(Long.MAX_VALUE));
        BuiltinException e = failure("time.parse_rfc3339_ns", str("2262-04-11T23:47:16.854775808-00:00"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("time.parse_rfc3339_ns: time outside of valid range");
    }

    @Test
    void parseNsReportsWhatItCouldNotRead() {
        assertThat(failure("time.parse_ns", str("2006-01-02"), str("2020-13-01"))
                        .getMessage())
                .isEqualTo("time.parse_ns: parsing time \"2020-13-01\": month out of range");
        assertThat(failure("time.parse_ns", str("2006-01-02"), str("2020/01/01"))
                        .getMessage())
                .isEqualTo("time.parse_ns: parsing time \"2020/01/01\" as \"2006-01-02\": cannot parse \"/01/01\" as"
                        + " \"-\"");
        assertThat(failure("time.parse_ns", str("2006-01-02"), str("2021-02-29"))
                        .getMessage())
                .isEqualTo("time.parse_ns: parsing time \"2021-02-29\": day out of range");
    }

    @Test
    void parseDurationFollowsGo() throws Exception {
        assertThat(call("time.parse_duration_ns", str("100ms"))).isEqualTo(num(100_000_000));
        assertThat(call("time.parse_duration_ns", str("-1.5h"))).isEqualTo(num(-5_400_000_000_000L));
        assertThat(call("time.parse_duration_ns", str("1h2m3s4ms5us6ns"))).isEqualTo(num(3_723_004_005_006L));
        assertThat(failure("time.parse_duration_ns", str("1")).getMessage())
                .isEqualTo("time.parse_duration_ns: time: missing unit in duration \"1\"");
        assertThat(failure("time.parse_duration_ns", str("1d")).getMessage())
                .isEqualTo("time.parse_duration_ns: time: unknown unit \"d\" in duration \"1d\"");
    }

    @Test
    void dateClockAndWeekdayHonourTheZone() throws Exception {
        assertThat(call("time.date", num(1517814000000000000L))).isEqualTo(json("[2018, 2, 5]"));
        assertThat(call("time.date", ArrayValue.of(num(1517814000000000000L), str("America/Los_Angeles"))))
                .isEqualTo(json("[2018, 2, 4]"));
        assertThat(call("time.clock", ArrayValue.of(num(1517832000000000000L), str("America/New_York"))))
                .isEqualTo(json("[7, 0, 0]"));
        assertThat(call("time.weekday", num(1517832000000000000L))).isEqualTo(str("Monday"));
        assertThat(failure("time.date", json("1.5829776e21")).getMessage()).isEqualTo("time.date: timestamp too big");
        assertThat(failure("time.date", ArrayValue.of(num(0), str("Mars/Olympus")))
                        .getMessage())
                .isEqualTo("time.date: unknown time zone Mars/Olympus");
        assertThat(failure("time.date", str("x")).getMessage())
                .isEqualTo("time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got"
                        + " string");
    }

    @Test
    void addDateNormalisesLikeGo() throws Exception {
        assertThat(call("time.add_date", num(1585852421593912000L), num(3), num(9), num(12)))
                .isEqualTo(num(1705257221593912000L));
        assertThat(call("time.add_date", num(1585852421593912000L), num(-1), num(-1), num(-1)))
                .isEqualTo(num(1551465221593912000L));
        // 2021-01-31 plus one month is 2021-03-03, as Go normalises February 31.
        assertThat(call("time.add_date", num(1612051200000000000L), num(0), num(1), num(0)))
                .isEqualTo(num(1614729600000000000L));
        assertThat(failure("time.add_date", num(0), num(2262), num(1), num(1)).getMessage())
                .isEqualTo("time.add_date: time outside of valid range");
    }

    @Test
    void diffCountsCalendarFields() throws Exception {
        assertThat(call("time.diff", num(1580601600000000000L), num(1583020800000000000L)))
                .isEqualTo(json("[0, 0, 28, 0, 0, 0]"));
        assertThat(call("time.diff", num(61_000_000_000L), num(0))).isEqualTo(json("[0, 0, 0, 0, 1, 1]"));
    }

    @Test
    void formatUsesRfc3339NanoByDefault() throws Exception {
        long ns = 1670006453141828752L;
        assertThat(call("time.format", num(ns))).isEqualTo(str("2022-12-02T18:40:53.141828752Z"));
        assertThat(call("time.format", ArrayValue.of(num(ns), str("Asia/Kolkata"))))
                .isEqualTo(str("2022-12-03T00:10:53.141828752+05:30"));
        assertThat(call(
                        "time.format",
                        ArrayValue.of(num(ns), str("Asia/Kolkata"), str("Mon Jan 02 15:04:05 -0700 2006"))))
                .isEqualTo(str("Sat Dec 03 00:10:53 +0530 2022"));
        assertThat(call("time.format", ArrayValue.of(num(ns), str("Asia/Kolkata"), str("RFC1123Z"))))
                .isEqualTo(str("Sat, 03 Dec 2022 00:10:53 +0530"));
        assertThat(call("time.format", ArrayValue.of(num(ns), str("UTC"), str("3:04pm MST, Monday _2 January .000"))))
                .isEqualTo(str("6:40pm UTC, Friday  2 December .141"));
    }
}

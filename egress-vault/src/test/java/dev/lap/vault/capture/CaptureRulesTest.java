package dev.lap.vault.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureRulesTest {
    @Test
    void jsonPathsAndSetCookieNamesAreRead() {
        var read = CaptureRules.read(List.of(
                Map.of("from", "json:access_token", "as", "oauth"),
                Map.of("from", "json:data.items.0.token", "as", "nested"),
                Map.of("from", "Header:Set-Cookie:__Host-sid", "as", "session")));
        assertThat(read)
                .isInstanceOfSatisfying(
                        CaptureRules.Rules.class,
                        r -> assertThat(r.rules())
                                .containsExactly(
                                        new CaptureRule(new CaptureRule.JsonField(List.of("access_token")), "oauth"),
                                        new CaptureRule(
                                                new CaptureRule.JsonField(List.of("data", "items", "0", "token")),
                                                "nested"),
                                        new CaptureRule(new CaptureRule.SetCookie("__Host-sid"), "session")));
    }

    @Test
    void noCaptureIsNoRules() {
        assertThat(CaptureRules.read(null)).isEqualTo(new CaptureRules.Rules(List.of()));
        assertThat(CaptureRules.read(List.of())).isEqualTo(new CaptureRules.Rules(List.of()));
    }

    @Test
    void everyMalformedEntryIsRefusedNamingWhereAndWhat() {
        assertInvalid("json:access_token", "decision.capture must be an array");
        assertInvalid(List.of("json:access_token"), "decision.capture[0] must be an object");
        assertInvalid(List.of(Map.of("from", "json:a")), "decision.capture[0].as must be a credential id");
        assertInvalid(List.of(Map.of("from", "json:a", "as", "Bad Id")), "decision.capture[0].as must be");
        assertInvalid(List.of(Map.of("as", "x")), "decision.capture[0].from must be a string");
        assertInvalid(List.of(Map.of("from", 3, "as", "x")), "decision.capture[0].from must be a string");
        assertInvalid(List.of(Map.of("from", "json:", "as", "x")), "decision.capture[0].from `json:`: a JSON path");
        assertInvalid(List.of(Map.of("from", "json:a..b", "as", "x")), "a JSON path is field names joined by dots");
        assertInvalid(List.of(Map.of("from", "header:x-token", "as", "x")), "only Set-Cookie headers");
        assertInvalid(List.of(Map.of("from", "header:set-cookie:", "as", "x")), "is not a cookie name");
        assertInvalid(List.of(Map.of("from", "header:set-cookie:a;b", "as", "x")), "is not a cookie name");
        assertInvalid(List.of(Map.of("from", "body:token", "as", "x")), "the sources are json:");
        var extra = new LinkedHashMap<String, Object>(Map.of("from", "json:a", "as", "x"));
        extra.put("hosts", List.of("*"));
        assertInvalid(List.of(extra), "decision.capture[0] has an unknown key `hosts`");
        assertInvalid(
                List.of(Map.of("from", "json:a", "as", "x"), Map.of("from", "json:b", "as", "x")),
                "decision.capture[1].as `x` is used by an earlier entry");
        assertInvalid(java.util.Collections.nCopies(17, Map.of("from", "json:a", "as", "x")), "at most 16");
    }

    private static void assertInvalid(Object value, String problem) {
        assertThat(CaptureRules.read(value))
                .isInstanceOfSatisfying(
                        CaptureRules.Invalid.class, i -> assertThat(i.problem()).contains(problem));
    }
}

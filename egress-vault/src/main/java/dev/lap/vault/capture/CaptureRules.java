package dev.lap.vault.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a decision's {@code capture} value strictly. Anything the vault would have to guess about
 * (an unknown key, a source it cannot read, an id used twice) makes the whole decision malformed,
 * and a malformed decision is a refusal: a secret the policy meant to capture must never pass
 * through because the rule naming it was misspelt.
 */
public final class CaptureRules {
    /** More rules than any token response has fields worth capturing; a bound on per-response work. */
    static final int MAX_RULES = 16;

    private CaptureRules() {}

    /** The rules, or why the value is not a capture list. */
    public sealed interface Read {}

    public record Rules(List<CaptureRule> rules) implements Read {
        public Rules {
            rules = List.copyOf(rules);
        }
    }

    /** {@code problem} names the entry and what is wrong with it, fit for a refusal's reason. */
    public record Invalid(String problem) implements Read {}

    /** {@code value} as the engine returned it (lists, maps, strings); null (absent) is no rules. */
    public static Read read(@Nullable Object value) {
        if (value == null) {
            return new Rules(List.of());
        }
        if (!(value instanceof List<?> list)) {
            return new Invalid("decision.capture must be an array of {\"from\": …, \"as\": …} objects");
        }
        if (list.size() > MAX_RULES) {
            return new Invalid("decision.capture has " + list.size() + " entries; at most " + MAX_RULES);
        }
        List<CaptureRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "decision.capture[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                return new Invalid(where + " must be an object {\"from\": …, \"as\": …}");
            }
            for (Object key : entry.keySet()) {
                if (!"from".equals(key) && !"as".equals(key)) {
                    return new Invalid(where + " has an unknown key `" + key + "`; the keys are from and as");
                }
            }
            if (!(entry.get("as") instanceof String as)
                    || !CaptureRule.ID.matcher(as).matches()) {
                return new Invalid(where + ".as must be a credential id (" + CaptureRule.ID + ")");
            }
            if (!ids.add(as)) {
                return new Invalid(
                        where + ".as `" + as + "` is used by an earlier entry; each capture needs its own id");
            }
            if (!(entry.get("from") instanceof String from)) {
                return new Invalid(where + ".from must be a string: json:FIELD[.FIELD…] or header:set-cookie:NAME");
            }
            switch (source(from)) {
                case Parsed p -> rules.add(new CaptureRule(p.source(), as));
                case Bad b -> {
                    return new Invalid(where + ".from `" + from + "`: " + b.why());
                }
            }
        }
        return new Rules(rules);
    }

    private sealed interface SourceRead {}

    private record Parsed(CaptureRule.Source source) implements SourceRead {}

    private record Bad(String why) implements SourceRead {}

    private static SourceRead source(String from) {
        if (from.startsWith("json:")) {
            String path = from.substring("json:".length());
            List<String> segments = List.of(path.split("\\.", -1));
            if (path.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
                return new Bad("a JSON path is field names joined by dots, e.g. json:access_token or json:data.token");
            }
            return new Parsed(new CaptureRule.JsonField(segments));
        }
        String lower = from.toLowerCase(Locale.ROOT);
        if (lower.startsWith("header:set-cookie:")) {
            String name = from.substring("header:set-cookie:".length());
            if (!CookieHeader.isToken(name)) {
                return new Bad("`" + name + "` is not a cookie name (an HTTP token)");
            }
            return new Parsed(new CaptureRule.SetCookie(name));
        }
        if (lower.startsWith("header:")) {
            return new Bad("only Set-Cookie headers can be captured from: header:set-cookie:NAME");
        }
        return new Bad("the sources are json:FIELD[.FIELD…] and header:set-cookie:NAME");
    }
}

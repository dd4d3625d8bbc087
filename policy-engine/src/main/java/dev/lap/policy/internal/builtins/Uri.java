package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import java.util.List;

/**
 * {@code uri.parse} and {@code uri.is_valid}: URLs as Go's {@code net/url} reads them ({@link
 * GoUrl}). A policy that checks a host or path should see the same components OPA would, and the
 * same URLs refused.
 */
final class Uri {
    private Uri() {}

    static void register(BuiltinRegistry r) {
        r.register("uri.parse", List.of(Type.STRING), Type.OBJECT, (a, ctx) -> {
            GoUrl url;
            try {
                url = GoUrl.parse(string(a, 0));
            } catch (GoUrl.UrlException e) {
                throw BuiltinException.failed("uri.parse", e.getMessage());
            }
            // Empty components are left out, as OPA does; the opaque part and userinfo never appear.
            ObjectValue.Builder out = ObjectValue.builder();
            putIfPresent(out, "scheme", url.scheme());
            putIfPresent(out, "hostname", url.hostname());
            putIfPresent(out, "port", url.port());
            if (!url.path().isEmpty()) {
                out.put("path", StringValue.of(url.path()));
                // Always present beside path, so a policy can normalise the path itself.
                out.put("raw_path", StringValue.of(url.rawPath().isEmpty() ? url.path() : url.rawPath()));
            }
            putIfPresent(out, "raw_query", url.rawQuery());
            putIfPresent(out, "fragment", url.fragment());
            return out.build();
        });
        r.register("uri.is_valid", List.of(Type.STRING), Type.BOOLEAN, (a, ctx) -> {
            String s = string(a, 0);
            // The empty string is a valid relative reference, but OPA refuses it: a policy asking
            // "is this a URL?" rarely means "".
            if (s.isEmpty()) {
                return BooleanValue.FALSE;
            }
            try {
                GoUrl.parse(s);
                return BooleanValue.TRUE;
            } catch (GoUrl.UrlException e) {
                return BooleanValue.FALSE;
            }
        });
    }

    private static void putIfPresent(ObjectValue.Builder out, String key, String value) {
        if (!value.isEmpty()) {
            out.put(key, StringValue.of(value));
        }
    }
}

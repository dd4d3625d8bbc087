package dev.lap.policy.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checked-in list of builtins not implemented yet ({@code conformance/deferred-builtins.txt}),
 * and the test of whether a case uses one: its whole name anywhere in the modules or the query,
 * called ({@code http.send(...)}) or named as a {@code with} replacement ({@code with f as
 * opa.runtime}); a longer name that merely contains it ({@code json.is_valid} for {@code
 * is_valid}) does not count.
 */
final class DeferredBuiltins {
    private final List<String> names;
    private final List<Pattern> calls;

    private DeferredBuiltins(List<String> names) {
        this.names = List.copyOf(names);
        this.calls = names.stream()
                .map(n -> Pattern.compile("(?<![\\w.])" + Pattern.quote(n) + "(?![\\w.])"))
                .toList();
    }

    static DeferredBuiltins load() {
        try (InputStream in = DeferredBuiltins.class.getResourceAsStream("/conformance/deferred-builtins.txt")) {
            if (in == null) {
                throw new IllegalStateException("conformance/deferred-builtins.txt is missing from the test resources");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceAll("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return new DeferredBuiltins(names);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read conformance/deferred-builtins.txt", e);
        }
    }

    List<String> names() {
        return names;
    }

    /** The first deferred builtin {@code source} calls, or null. */
    @Nullable String calledIn(String source) {
        for (int i = 0; i < calls.size(); i++) {
            Matcher m = calls.get(i).matcher(source);
            if (m.find()) {
                return names.get(i);
            }
        }
        return null;
    }
}

package dev.lap.cli.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code package} clause at the top of a module that already compiled. The test runner
 * needs it because {@code opa test} looks for {@code test_} in the rule's head ref only, not in its
 * package: {@code package a.test_b} with {@code c if …} is no test, {@code package a} with {@code
 * test_b.c if …} is the test {@code data.a.test_b}, and the engine's rule refs
 * ({@code data.a.test_b.c} both times) do not say where the package ends.
 */
final class PackageClause {
    private final String text;
    private int at;

    private PackageClause(String text) {
        this.text = text;
    }

    /** The package path ({@code ["lap", "egress"]}), or empty when the clause has a shape not read here. */
    static Optional<List<String>> of(String module) {
        return new PackageClause(module).read();
    }

    private Optional<List<String>> read() {
        skipSpaceAndComments();
        if (!word().equals("package")) {
            return Optional.empty();
        }
        skipSpaceAndComments();
        List<String> path = new ArrayList<>();
        String first = word();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        path.add(first);
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '.') {
                at++;
                String name = word();
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                path.add(name);
            } else if (c == '[') {
                at++;
                Optional<String> key = stringKey();
                if (key.isEmpty() || at >= text.length() || text.charAt(at) != ']') {
                    return Optional.empty();
                }
                at++;
                path.add(key.get());
            } else {
                break;
            }
        }
        return Optional.of(List.copyOf(path));
    }

    private void skipSpaceAndComments() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '#') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (Character.isWhitespace(c)) {
                at++;
            } else {
                return;
            }
        }
    }

    private String word() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        return text.substring(start, at);
    }

    /** {@code "b-c"} or {@code `b-c`}; a key with escapes other than \" and \\ is not read here. */
    private Optional<String> stringKey() {
        if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '`')) {
            return Optional.empty();
        }
        char quote = text.charAt(at++);
        StringBuilder sb = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return Optional.of(sb.toString());
            }
            if (c == '\\' && quote == '"') {
                if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '\\')) {
                    return Optional.empty();
                }
                c = text.charAt(at++);
            }
            sb.append(c);
        }
        return Optional.empty();
    }
}

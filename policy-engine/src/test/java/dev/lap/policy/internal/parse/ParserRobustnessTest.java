package dev.lap.policy.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated real policies must produce a parse result or a {@link RegoException},
 * never any other exception: the parser is the first thing untrusted policy text reaches.
 */
class ParserRobustnessTest {
    private static final long SEED = 0x5EED_2025L;
    private static final long BUDGET_NANOS = 3_000_000_000L;

    private static final String[] FRAGMENTS = {
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "\"",
        "`",
        "$\"",
        "$`",
        "\\",
        "\\u",
        "\\ud800",
        ":=",
        "=",
        "==",
        "|",
        "&",
        ",",
        ";",
        ".",
        "-",
        "-.",
        "1e",
        "0",
        "01",
        "1e99999999999",
        "\n",
        " ",
        "#",
        "if",
        "else",
        "not",
        "some",
        "every",
        "in",
        "contains",
        "with",
        "as",
        "default",
        "import",
        "package",
        "set()",
        "\u0000",
        "🙂",
        "\ud800",
        "_",
        "input",
        "data",
        "{x | ",
        "[x | ",
        "$\"{",
        "}\"",
        "x.",
        "f(",
        "else :=",
        "p[x]"
    };

    /** Used when the conformance cases are absent, so the test still exercises every construct. */
    private static final String SAMPLE = """
            package a.b["c-d"]

            import rego.v1
            import data.x.y as z

            default allow := false

            allow if {
                some i, v in input.items
                v.kind == "x"; not deny[i]
                every k in v.tags { startswith(k, `t`) }
                count({x | x := v.refs[_]}) > 1 + 2 * 3
                msg := $"item {i}: {v.name}"
            } else := true if input.force

            deny contains msg if {
                f(input.a) with input.b as {"k": [1, -2.5e3, null]}
                msg := sprintf("%v", [[y | y := 1]])
            }

            f(x) := y if y := x % 2
            a.b[c].d := 1 if c := "k"
            """;

    @Test
    void mutatedSourcesOnlyEverRaiseRegoException() {
        List<String> corpus = new ArrayList<>();
        corpus.add(SAMPLE);
        Path dir = ParserConformanceTest.conformanceDir();
        if (dir != null) {
            ParserConformanceTest.modules(dir).forEach(m -> corpus.add(m.source()));
        }
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        while (System.nanoTime() < deadline && failures.size() < 5) {
            String source = mutate(corpus.get(random.nextInt(corpus.size())), random);
            runs++;
            try {
                switch (runs % 3) {
                    case 0 -> Parser.parseModule("fuzz.rego", source);
                    case 1 -> Parser.parseQuery("fuzz.rego", source);
                    default -> Parser.parseTerm("fuzz.rego", source);
                }
            } catch (RegoException expected) {
                // the one permitted outcome besides success
            } catch (Throwable t) {
                failures.add(t + "\n--- input ---\n" + source);
            }
        }
        assertThat(runs).isGreaterThan(100);
        assertThat(failures).isEmpty();
    }

    private static String mutate(String source, Random random) {
        StringBuilder sb = new StringBuilder(source);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !sb.isEmpty(); i++) {
            int at = random.nextInt(sb.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> sb.setLength(at);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(8)));
                case 2 -> sb.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 3 -> {
                    int end = Math.min(sb.length(), at + random.nextInt(40));
                    sb.insert(at, sb.substring(at, end));
                }
                default -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
            }
        }
        return sb.toString();
    }
}

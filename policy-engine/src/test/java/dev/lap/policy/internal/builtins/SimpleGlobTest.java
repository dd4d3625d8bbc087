package dev.lap.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimpleGlobTest {
    private static final String[] GLOB_PIECES = {"a", "b", ".", "/", "*", "**", "?", "ab", "é"};
    private static final String[] TEXT_PIECES = {"a", "b", ".", "/", "ab", "é", "😀"};

    private static String random(Random r, String[] pieces, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    @Test
    void directMatchingAgreesWithTheRegularExpressionTranslation() throws BuiltinException {
        Random r = new Random(20261123);
        String[] delimiterSets = {"", ".", "./"};
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            String glob = random(r, GLOB_PIECES, 6);
            String delimiters = delimiterSets[r.nextInt(delimiterSets.length)];
            SimpleGlob simple = SimpleGlob.of(glob, delimiters);
            if (simple == null) {
                continue;
            }
            var regex = Glob.compile(glob, delimiters);
            for (int j = 0; j < 5; j++) {
                String text = random(r, TEXT_PIECES, 6);
                assertThat(simple.matches(text))
                        .as("glob %s delimiters '%s' text %s", glob, delimiters, text)
                        .isEqualTo(regex.matcher(text).matches());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50_000);
    }

    @Test
    void globsWithClassesAlternativesOrEscapesAreLeftToRegularExpressions() {
        assertThat(SimpleGlob.of("[a-z].com", ".")).isNull();
        assertThat(SimpleGlob.of("{a,b}.com", ".")).isNull();
        assertThat(SimpleGlob.of("a\\*", ".")).isNull();
        assertThat(SimpleGlob.of("*.example.com", ".")).isNotNull();
    }

    @Test
    void aSingleStarStopsAtADelimiterAndADoubleStarDoesNot() {
        SimpleGlob one = SimpleGlob.of("*.github.com", ".");
        SimpleGlob two = SimpleGlob.of("**.github.com", ".");
        assertThat(one.matches("api.github.com")).isTrue();
        assertThat(one.matches("a.b.github.com")).isFalse();
        assertThat(two.matches("a.b.github.com")).isTrue();
    }
}

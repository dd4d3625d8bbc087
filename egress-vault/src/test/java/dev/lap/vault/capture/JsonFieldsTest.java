package dev.lap.vault.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonFieldsTest {
    private static JsonNode doc(String json) {
        var parsed = JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(JsonFields.Document.class);
        return ((JsonFields.Document) parsed).root();
    }

    @Test
    void aTopLevelFieldADottedPathAndAnArrayIndexAreFound() {
        JsonNode root = doc("{\"access_token\":\"t1\",\"data\":{\"token\":\"t2\",\"list\":[{\"k\":\"t3\"}]}}");
        assertThat(JsonFields.lookup(root, List.of("access_token"))).isEqualTo(new JsonFields.Found("t1"));
        assertThat(JsonFields.lookup(root, List.of("data", "token"))).isEqualTo(new JsonFields.Found("t2"));
        assertThat(JsonFields.lookup(root, List.of("data", "list", "0", "k"))).isEqualTo(new JsonFields.Found("t3"));
    }

    @Test
    void missingFieldsNullAndPathsThroughScalarsAreAbsent() {
        JsonNode root = doc("{\"a\":null,\"b\":\"s\",\"c\":[]}");
        assertThat(JsonFields.lookup(root, List.of("a"))).isInstanceOf(JsonFields.Absent.class);
        assertThat(JsonFields.lookup(root, List.of("zz"))).isInstanceOf(JsonFields.Absent.class);
        assertThat(JsonFields.lookup(root, List.of("b", "x"))).isInstanceOf(JsonFields.Absent.class);
        assertThat(JsonFields.lookup(root, List.of("c", "0"))).isInstanceOf(JsonFields.Absent.class);
    }

    @Test
    void aValueThatIsNotAStringIsSaidSo() {
        JsonNode root = doc("{\"n\":12,\"o\":{},\"t\":true}");
        assertThat(JsonFields.lookup(root, List.of("n"))).isEqualTo(new JsonFields.NotAString("number"));
        assertThat(JsonFields.lookup(root, List.of("o"))).isEqualTo(new JsonFields.NotAString("object"));
        assertThat(JsonFields.lookup(root, List.of("t"))).isEqualTo(new JsonFields.NotAString("boolean"));
    }

    @Test
    void anEscapedValueIsFoundDecodedAndEveryOtherCopyComesOutVerbatimForTheScrubber() {
        // An upstream may spell the token with escapes in one field and plainly in another; after
        // the rewrite every string is in one spelling, the one the scrubber matches.
        JsonNode root = doc("{\"access_token\":\"ab\\u0063\\/d\",\"echo\":\"x \\u0061bc/d y\"}");
        assertThat(JsonFields.lookup(root, List.of("access_token"))).isEqualTo(new JsonFields.Found("abc/d"));
        JsonFields.replace(root, List.of("access_token"), "STUB");
        assertThat(new String(JsonFields.write(root), StandardCharsets.UTF_8))
                .isEqualTo("{\"access_token\":\"STUB\",\"echo\":\"x abc/d y\"}");
    }

    @Test
    void numbersKeepTheirDigitsThroughTheRewrite() {
        JsonNode root =
                doc("{\"t\":\"x\",\"big\":123456789012345678901234567890,\"f\":0.1000000000000000055511151231257827}");
        JsonFields.replace(root, List.of("t"), "y");
        assertThat(new String(JsonFields.write(root), StandardCharsets.UTF_8))
                .contains("123456789012345678901234567890")
                .contains("0.1000000000000000055511151231257827");
    }

    @Test
    void aDuplicateKeyIsMalformedNotWhicheverCopyTheParserKeeps() {
        assertThat(JsonFields.parse(
                        "{\"access_token\":\"real\",\"access_token\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        JsonFields.Malformed.class,
                        m -> assertThat(m.reason()).contains("not valid JSON").doesNotContain("real"));
    }

    @Test
    void bodiesThatAreNotJsonAndOnesThatAreBrokenAreToldApart() {
        assertThat(JsonFields.parse(new byte[0])).isInstanceOf(JsonFields.NotJson.class);
        assertThat(JsonFields.parse("access_token=x&scope=repo".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFields.NotJson.class);
        assertThat(JsonFields.parse("  {\"a\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFields.Malformed.class);
        assertThat(JsonFields.parse("{\"a\":\"secret\"} trailing".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        JsonFields.Malformed.class, m -> assertThat(m.reason()).doesNotContain("secret"));
        assertThat(JsonFields.parse("\uFEFF{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFields.Document.class);
    }

    @Test
    void nothingPrintsTheValue() {
        assertThat(new JsonFields.Found("secret-value").toString()).doesNotContain("secret-value");
        assertThat(JsonFields.parse("{\"a\":\"secret-value\"}".getBytes(StandardCharsets.UTF_8))
                        .toString())
                .doesNotContain("secret-value");
    }
}

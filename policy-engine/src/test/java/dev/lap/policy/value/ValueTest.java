package dev.lap.policy.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTest {
    @Test
    void numbersEqualByValueWhateverTheirSpelling() {
        Value one = NumberValue.parse("1");
        assertThat(NumberValue.parse("1.0")).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(NumberValue.parse("1e0")).isEqualTo(one);
        assertThat(NumberValue.of(new BigDecimal("100.000"))).isEqualTo(NumberValue.of(100));
        assertThat(NumberValue.parse("0.1")).isNotEqualTo(NumberValue.parse("0.10000001"));
    }

    @Test
    void hugeNumbersKeepTheirPrecision() {
        NumberValue big = NumberValue.parse("123456789012345678901234567890");
        assertThat(big.toString()).isEqualTo("123456789012345678901234567890");
        assertThat(big.isLong()).isFalse();
        assertThat(big.compareTo(NumberValue.of(Long.MAX_VALUE))).isPositive();
        assertThat(NumberValue.parse("1e400").toString()).isEqualTo("1e+400");
    }

    @Test
    void kindsOrderAsInOpa() {
        List<Value> sorted = List.of(
                NullValue.NULL,
                BooleanValue.FALSE,
                BooleanValue.TRUE,
                NumberValue.of(-1),
                NumberValue.parse("2.5"),
                StringValue.of("a"),
                StringValue.of("b"),
                ArrayValue.of(NumberValue.of(1)),
                ArrayValue.of(NumberValue.of(1), NumberValue.of(2)),
                ObjectValue.of(StringValue.of("a"), NumberValue.of(1)),
                SetValue.of(NumberValue.of(1)));
        List<Value> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }

    @Test
    void stringsOrderByCodePointNotUtf16() {
        // U+1F600 is above U+FFFD as a code point, below it as a UTF-16 surrogate.
        assertThat(StringValue.of("\uD83D\uDE00").compareTo(StringValue.of("\uFFFD")))
                .isPositive();
    }

    @Test
    void setsAndObjectsIterateInKeyOrderAndDropDuplicates() {
        SetValue s = SetValue.of(StringValue.of("b"), StringValue.of("a"), StringValue.of("b"));
        assertThat(s.asList()).containsExactly(StringValue.of("a"), StringValue.of("b"));
        ObjectValue o = ObjectValue.builder()
                .put("z", NumberValue.of(1))
                .put("a", NumberValue.of(2))
                .put("z", NumberValue.of(3))
                .build();
        assertThat(o.size()).isEqualTo(2);
        assertThat(o.keyAt(0)).isEqualTo(StringValue.of("a"));
        assertThat(o.get("z")).isEqualTo(NumberValue.of(3));
    }

    @Test
    void largeCollectionsAreFoundThroughTheirIndex() {
        ObjectValue.Builder b = ObjectValue.builder();
        SetValue.Builder sb = SetValue.builder();
        for (int i = 0; i < 1000; i++) {
            b.put("host-" + i, NumberValue.of(i));
            sb.add(StringValue.of("host-" + i));
        }
        ObjectValue o = b.build();
        SetValue s = sb.build();
        assertThat(o.get("host-777")).isEqualTo(NumberValue.of(777));
        assertThat(o.get("host-1000")).isNull();
        assertThat(s.contains(StringValue.of("host-999"))).isTrue();
        assertThat(s.contains(StringValue.of("nope"))).isFalse();
    }

    @Test
    void javaValuesConvertBothWays() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("b", List.of(1, 2.5, "x"));
        in.put("a", Set.of(true));
        in.put("n", null);
        Value v = Values.of(in);
        assertThat(Json.write(v)).isEqualTo("{\"a\":[true],\"b\":[1,2.5,\"x\"],\"n\":null}");
        assertThat(Values.toJava(v)).isInstanceOf(Map.class);
    }

    @Test
    void javaValuesWithoutARegoFormAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> Values.of(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input[when]");
        assertThatThrownBy(() -> Values.of(List.of(Double.NaN))).hasMessageContaining("input[0]");
    }

    @Test
    void jsonRoundTripsAndEscapesLikeGo() {
        Value v = Json.parse("{\"s\":\"<a & b>\",\"n\":[1,1.5,-0.25e2],\"t\":true,\"z\":null}");
        assertThat(Json.write(v))
                .isEqualTo("{\"n\":[1,1.5,-25],\"s\":\"\\u003ca \\u0026 b\\u003e\",\"t\":true,\"z\":null}");
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": [1,\n}"))
                .isInstanceOfSatisfying(
                        DocumentException.class, e -> assertThat(e.line()).isEqualTo(3));
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).isInstanceOf(DocumentException.class);
        assertThatThrownBy(() -> Json.parse("[1] 2")).isInstanceOf(DocumentException.class);
    }

    @Test
    void anEmptyYamlValueIsNullButAQuotedEmptyStringIsAString() {
        assertThat(Json.write(Yaml.parse("a:\nb: ''\n"))).isEqualTo("{\"a\":null,\"b\":\"\"}");
    }

    @Test
    void yamlDocumentsBecomeValues() {
        assertThat(Json.write(Yaml.parse("a: 1\nb: [x, y]\nc: {d: true}\n")))
                .isEqualTo("{\"a\":1,\"b\":[\"x\",\"y\"],\"c\":{\"d\":true}}");
    }
}

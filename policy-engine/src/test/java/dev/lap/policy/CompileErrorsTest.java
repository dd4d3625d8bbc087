package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The compile-time errors OPA reports, one case per module in {@code compile/opa-compile-errors.yaml}:
 * the module in, OPA's code, message and {@code file:row:col} out (the first error, in location
 * order), or no error where OPA compiles the module.
 */
class CompileErrorsTest {
    @TestFactory
    Stream<DynamicTest> eachModuleGetsTheErrorOpaGives() throws IOException {
        String yaml;
        try (InputStream in = CompileErrorsTest.class.getResourceAsStream("/compile/opa-compile-errors.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectValue doc = (ObjectValue) Yaml.parse(yaml);
        List<DynamicTest> tests = new ArrayList<>();
        for (Value v : ((ArrayValue) doc.get("cases")).asList()) {
            ObjectValue c = (ObjectValue) v;
            tests.add(DynamicTest.dynamicTest(string(c, "note"), () -> run(c)));
        }
        return tests.stream();
    }

    private static void run(ObjectValue c) {
        List<PolicySource> modules = new ArrayList<>();
        modules.add(new PolicySource("test.rego", string(c, "module")));
        if (c.get("more_modules") instanceof ArrayValue more) {
            for (Value m : more.asList()) {
                modules.add(new PolicySource("lib-" + modules.size() + ".rego", ((StringValue) m).value()));
            }
        }
        PolicyEngine engine = PolicyEngine.builder()
                .strict(c.get("strict") == BooleanValue.TRUE)
                .build();
        if (c.get("want_ok") == BooleanValue.TRUE) {
            assertThatCode(() -> engine.compile(modules, ObjectValue.EMPTY)).doesNotThrowAnyException();
            return;
        }
        RegoException e = catchThrowableOfType(RegoException.class, () -> engine.compile(modules, ObjectValue.EMPTY));
        assertThat(e).as("compiles, but OPA refuses it").isNotNull();
        RegoError first = e.first();
        assertThat(first.code()).as(first.toString()).isEqualTo(string(c, "want_code"));
        assertThat(first.message()).as(first.toString()).isEqualTo(string(c, "want_message"));
        assertThat(String.valueOf(first.location())).as(first.toString()).isEqualTo(string(c, "want_location"));
    }

    private static String string(ObjectValue c, String key) {
        return ((StringValue) c.get(key)).value();
    }
}

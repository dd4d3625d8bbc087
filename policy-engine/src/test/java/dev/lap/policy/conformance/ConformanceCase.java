package dev.lap.policy.conformance;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One case of OPA's conformance suite, as its YAML states it. */
record ConformanceCase(
        Path file,
        String group,
        String note,
        List<String> modules,
        @Nullable Value data,
        @Nullable Value input,
        @Nullable String inputTerm,
        String query,
        @Nullable ArrayValue wantResult,
        @Nullable String wantErrorCode,
        @Nullable String wantError,
        boolean strictError,
        boolean sortBindings) {

    static List<ConformanceCase> from(Path file, String group, ObjectValue doc) {
        List<ConformanceCase> out = new ArrayList<>();
        if (!(doc.get("cases") instanceof ArrayValue cases)) {
            return out;
        }
        for (Value v : cases.asList()) {
            ObjectValue c = (ObjectValue) v;
            List<String> modules = new ArrayList<>();
            if (c.get("modules") instanceof ArrayValue ms) {
                for (Value m : ms.asList()) {
                    modules.add(((StringValue) m).value());
                }
            }
            out.add(new ConformanceCase(
                    file,
                    group,
                    string(c, "note"),
                    modules,
                    c.get("data"),
                    c.get("input"),
                    c.get("input_term") instanceof StringValue s ? s.value() : null,
                    string(c, "query"),
                    c.get("want_result") instanceof ArrayValue a ? a : null,
                    c.get("want_error_code") instanceof StringValue s ? s.value() : null,
                    c.get("want_error") instanceof StringValue s ? s.value() : null,
                    c.get("strict_error") == BooleanValue.TRUE,
                    c.get("sort_bindings") == BooleanValue.TRUE));
        }
        return out;
    }

    private static String string(ObjectValue c, String key) {
        return c.get(key) instanceof StringValue s ? s.value() : "";
    }

    /** All the Rego text of the case: its modules and its query. */
    String source() {
        return String.join("\n", modules) + "\n" + query + "\n" + (inputTerm == null ? "" : inputTerm);
    }
}

package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;

/**
 * Template strings ({@code $"host {input.host} denied"}). The parser turns each one into {@code
 * internal.template_string([parts])}: literal text as strings, each embedded expression as the set
 * of its values ({@code {$t | $t = expr}}), so an undefined expression renders as {@code
 * <undefined>} instead of making the whole string undefined.
 */
final class Templates {
    private Templates() {}

    static void register(BuiltinRegistry r) {
        r.register("internal.template_string", List.of(Type.ARRAY), Type.STRING, (a, ctx) -> {
            StringBuilder sb = new StringBuilder();
            for (Value part : ((ArrayValue) a[0]).asList()) {
                if (part instanceof SetValue values) {
                    if (values.isEmpty()) {
                        sb.append("<undefined>");
                    } else if (values.size() == 1) {
                        sb.append(text(values.get(0)));
                    } else {
                        throw BuiltinException.failed(
                                "internal.template_string", "template expression produced more than one value");
                    }
                } else {
                    sb.append(text(part));
                }
            }
            return StringValue.of(sb.toString());
        });
    }

    private static String text(Value v) {
        return v instanceof StringValue s ? s.value() : GoFormat.regoText(v);
    }
}

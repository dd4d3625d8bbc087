package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code to_number} and the deprecated {@code cast_*} builtins. */
final class Conversions {
    /** What Go's {@code strconv.ParseFloat} reads as a decimal number (hex floats aside). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Conversions() {}

    static void register(BuiltinRegistry r) {
        r.register(
                "to_number",
                List.of(Type.oneOf(Type.NULL, Type.BOOLEAN, Type.NUMBER, Type.STRING)),
                Type.NUMBER,
                (a, ctx) -> toNumber(a[0]));
        r.registerRemovedInV1("cast_array", List.of(Type.ANY), Type.ARRAY, (a, ctx) -> switch (a[0]) {
            case ArrayValue arr -> arr;
            case SetValue s -> ArrayValue.of(s.asList());
            default -> throw Operands.typeError("cast_array", 1, a[0], "array", "set");
        });
        r.registerRemovedInV1("cast_set", List.of(Type.ANY), Type.SET, (a, ctx) -> switch (a[0]) {
            case SetValue s -> s;
            case ArrayValue arr -> SetValue.of(arr.asList());
            default -> throw Operands.typeError("cast_set", 1, a[0], "array", "set");
        });
        r.registerRemovedInV1("cast_string", List.of(Type.ANY), Type.STRING, (a, ctx) -> {
            if (a[0] instanceof StringValue) {
                return a[0];
            }
            throw Operands.typeError("cast_string", 1, a[0], "string");
        });
        r.registerRemovedInV1("cast_boolean", List.of(Type.ANY), Type.BOOLEAN, (a, ctx) -> {
            if (a[0] instanceof BooleanValue) {
                return a[0];
            }
            throw Operands.typeError("cast_boolean", 1, a[0], "boolean");
        });
        r.registerRemovedInV1("cast_null", List.of(Type.ANY), Type.NULL, (a, ctx) -> {
            if (a[0] instanceof NullValue) {
                return a[0];
            }
            throw Operands.typeError("cast_null", 1, a[0], "null");
        });
        r.registerRemovedInV1("cast_object", List.of(Type.ANY), Type.OBJECT, (a, ctx) -> {
            if (a[0] instanceof ObjectValue) {
                return a[0];
            }
            throw Operands.typeError("cast_object", 1, a[0], "object");
        });
    }

    private static Value toNumber(Value v) throws BuiltinException {
        return switch (v) {
            case NullValue n -> NumberValue.of(0);
            case BooleanValue b -> NumberValue.of(b.value() ? 1 : 0);
            case NumberValue n -> n;
            case StringValue s -> parse(s.value());
            default -> throw new IllegalStateException("checked by the declaration");
        };
    }

    private static NumberValue parse(String s) throws BuiltinException {
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity") || unsigned.equals("nan")) {
            // Go parses these, but they have no Rego number.
            throw BuiltinException.type("to_number", "operand 1 must be a finite number but got " + goQuoted(s));
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw BuiltinException.failed(
                    "to_number", "strconv.ParseFloat: parsing " + goQuoted(s) + ": invalid syntax");
        }
        return NumberValue.of(new BigDecimal(s.startsWith("+") ? s.substring(1) : s));
    }

    private static String goQuoted(String s) {
        return GoFormat.quote(s);
    }
}

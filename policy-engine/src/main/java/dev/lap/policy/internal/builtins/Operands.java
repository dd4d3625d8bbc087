package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Argument extraction for builtin implementations, with OPA's wording for the errors its {@code
 * builtins} package reports ({@code operand 2 must be array of strings but got array containing
 * number}). Kinds declared in a {@link Builtin}'s signature are already checked; these helpers cover
 * what a signature cannot say: element kinds and whole numbers.
 */
final class Operands {
    private Operands() {}

    static String string(Value[] args, int index) {
        return ((StringValue) args[index]).value();
    }

    static NumberValue number(Value[] args, int index) {
        return (NumberValue) args[index];
    }

    /**
     * An operand that must be a whole number fitting Go's {@code int}; OPA reports a fraction and
     * an out-of-range integer alike.
     */
    static long integer(String builtin, Value v, int position) throws BuiltinException {
        if (!(v instanceof NumberValue n)) {
            throw BuiltinException.operand(builtin, position, "number", v.typeName());
        }
        if (!n.isLong()) {
            throw BuiltinException.type(
                    builtin, "operand " + position + " must be integer number but got floating-point number");
        }
        return n.longValue();
    }

    /** The elements of an array or set, in order. */
    static List<Value> elements(Value v) {
        return switch (v) {
            case ArrayValue a -> a.asList();
            case SetValue s -> s.asList();
            default -> throw new IllegalArgumentException("not a collection: " + v.typeName());
        };
    }

    /** The strings of an array or set; any other element is a type error naming the collection. */
    static List<String> strings(String builtin, Value collection, int position) throws BuiltinException {
        List<Value> items = elements(collection);
        List<String> out = new ArrayList<>(items.size());
        for (Value item : items) {
            if (!(item instanceof StringValue s)) {
                throw elementError(builtin, position, collection, item, "string");
            }
            out.add(s.value());
        }
        return out;
    }

    /** {@code operand N must be array of numbers but got array containing string}. */
    static BuiltinException elementError(
            String builtin, int position, Value composite, Value element, String expected) {
        String kind = composite.typeName();
        return BuiltinException.type(
                builtin,
                "operand " + position + " must be " + kind + " of " + expected + "s but got " + kind + " containing "
                        + element.typeName());
    }

    /** {@code operand N must be one of {a, b} but got kind}, in the order the builtin names them. */
    static BuiltinException typeError(String builtin, int position, Value got, String... expected) {
        String want = expected.length == 1 ? expected[0] : "one of {" + String.join(", ", expected) + "}";
        return BuiltinException.operand(builtin, position, want, got.typeName());
    }

    /** The code points of {@code s}: Rego indexes strings by rune, Java by UTF-16 unit. */
    static int[] runes(String s) {
        return s.codePoints().toArray();
    }

    static String fromRunes(int[] runes, int from, int to) {
        return new String(runes, from, to - from);
    }
}

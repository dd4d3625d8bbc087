package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;

/**
 * The declared kind of an operand or result, with OPA's names so error messages read as OPA's:
 * {@code operand 1 must be one of {array, object, set, string} but got number}. Element types are
 * not checked at run time; implementations check elements themselves where it matters.
 */
public sealed interface Type permits Type.Any, Type.Kind, Type.OneOf {

    Any ANY = new Any();
    Kind NULL = new Kind("null");
    Kind BOOLEAN = new Kind("boolean");
    Kind NUMBER = new Kind("number");
    Kind STRING = new Kind("string");
    Kind ARRAY = new Kind("array");
    Kind OBJECT = new Kind("object");
    Kind SET = new Kind("set");

    boolean accepts(Value v);

    /** How OPA names this type in an operand error. */
    String describe();

    static Type oneOf(Kind... kinds) {
        return new OneOf(List.of(kinds));
    }

    record Any() implements Type {
        @Override
        public boolean accepts(Value v) {
            return true;
        }

        @Override
        public String describe() {
            return "any";
        }
    }

    /** One kind of value; {@code valueClass} is derived from the name, never passed in. */
    record Kind(String name, Class<? extends Value> valueClass) implements Type {
        public Kind {
            valueClass = switch (name) {
                case "null" -> NullValue.class;
                case "boolean" -> BooleanValue.class;
                case "number" -> NumberValue.class;
                case "string" -> StringValue.class;
                case "array" -> ArrayValue.class;
                case "object" -> ObjectValue.class;
                case "set" -> SetValue.class;
                default -> throw new IllegalArgumentException("no such kind: " + name);
            };
        }

        Kind(String name) {
            this(name, Value.class);
        }

        @Override
        public boolean accepts(Value v) {
            // Every value class is final: one class comparison, checked on every builtin call.
            return v.getClass() == valueClass;
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A union. Members keep the order they are declared in, because OPA's message lists them in
     * the order each builtin names them ({@code count}: {@code {array, object, set, string}},
     * {@code strings.any_prefix_match}: {@code {string, set, array}}).
     */
    record OneOf(List<Kind> kinds) implements Type {
        public OneOf {
            kinds = List.copyOf(kinds);
        }

        @Override
        public boolean accepts(Value v) {
            // Indexed: an iterator per operand check showed up in the egress decision's allocation.
            for (int i = 0, n = kinds.size(); i < n; i++) {
                if (kinds.get(i).accepts(v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("one of {");
            for (int i = 0; i < kinds.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(kinds.get(i).name());
            }
            return sb.append('}').toString();
        }
    }
}

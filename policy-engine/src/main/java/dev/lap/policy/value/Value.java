package dev.lap.policy.value;

/**
 * A Rego value. The set of kinds is closed; switch over it exhaustively.
 *
 * <p>{@link #compareTo} is OPA's total order over values, used for set and object key ordering,
 * {@code sort}, and comparison operators.
 */
public sealed interface Value extends Comparable<Value>
        permits NullValue, BooleanValue, NumberValue, StringValue, ArrayValue, ObjectValue, SetValue {

    /** The name Rego's {@code type_name} builtin gives this kind of value. */
    String typeName();

    /** Position of this kind in OPA's cross-type order. */
    int kindOrder();

    @Override
    default int compareTo(Value other) {
        return ValueOrder.compare(this, other);
    }

    /** {@code true} only for the boolean {@code true}. */
    default boolean isTrue() {
        return this == BooleanValue.TRUE;
    }
}

package dev.lap.policy.value;

/** {@code true} or {@code false}; exactly two instances exist, so identity is equality. */
public final class BooleanValue implements Value {
    public static final BooleanValue TRUE = new BooleanValue(true);
    public static final BooleanValue FALSE = new BooleanValue(false);

    private final boolean value;

    private BooleanValue(boolean value) {
        this.value = value;
    }

    public static BooleanValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return value;
    }

    @Override
    public String typeName() {
        return "boolean";
    }

    @Override
    public int kindOrder() {
        return 1;
    }

    @Override
    public String toString() {
        return Boolean.toString(value);
    }
}

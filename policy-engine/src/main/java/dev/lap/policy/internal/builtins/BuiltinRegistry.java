package dev.lap.policy.internal.builtins;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Every builtin the engine knows, by name. Families add theirs through {@link #register}; the
 * standard registry is built once and shared, since builtins hold no state.
 */
public final class BuiltinRegistry {
    /** Every family, in registration order: a family class has {@code static void register(BuiltinRegistry)}. */
    private static final List<Consumer<BuiltinRegistry>> FAMILIES = List.of(
            Comparison::register,
            Arithmetic::register,
            Aggregates::register,
            Sets::register,
            Strings::register,
            Types::register,
            ObjectFunctions::register,
            ArrayFunctions::register,
            Regex::register,
            Glob::register,
            Net::register,
            Encoding::register,
            Conversions::register,
            NumberRanges::register,
            Time::register,
            Templates::register,
            Relations::register,
            Http::register,
            Runtime::register,
            Units::register,
            JsonEdits::register,
            Bits::register,
            Semver::register,
            Uuids::register,
            Crypto::register,
            Jwt::register,
            Graphs::register,
            Rand::register,
            Uri::register,
            X509::register,
            JsonSchema::register,
            RegexTemplate::register,
            Debug::register);

    private static final BuiltinRegistry STANDARD = standard();

    private final Map<String, Builtin> byName = new HashMap<>();

    /** The registry with every family this engine implements. */
    public static BuiltinRegistry standardRegistry() {
        return STANDARD;
    }

    private static BuiltinRegistry standard() {
        BuiltinRegistry r = new BuiltinRegistry();
        for (Consumer<BuiltinRegistry> family : FAMILIES) {
            family.accept(r);
        }
        return r;
    }

    /** Declares a deterministic builtin. */
    public void register(String name, List<Type> args, Type result, BuiltinFunction fn) {
        add(new Builtin(name, args, result, false, false, fn));
    }

    /**
     * Declares a builtin OPA deprecated and Rego v1 removed: a v1 module calling it calls an
     * undefined function ({@link #get} does not find it); only {@link #removedInV1} does.
     */
    public void registerRemovedInV1(String name, List<Type> args, Type result, BuiltinFunction fn) {
        add(new Builtin(name, args, result, false, true, fn));
    }

    /** Declares a builtin whose result may change between calls (time, randomness). */
    public void registerNondeterministic(String name, List<Type> args, Type result, BuiltinFunction fn) {
        add(new Builtin(name, args, result, true, false, fn));
    }

    private void add(Builtin b) {
        if (byName.putIfAbsent(b.name(), b) != null) {
            throw new IllegalStateException("builtin " + b.name() + " registered twice");
        }
    }

    /** The builtin a v1 module may call by this name, or null. */
    public @Nullable Builtin get(String name) {
        Builtin b = byName.get(name);
        return b == null || b.deprecated() ? null : b;
    }

    /** A builtin Rego v1 removed ({@code any}, {@code cast_array}, ...), or null. */
    public @Nullable Builtin removedInV1(String name) {
        Builtin b = byName.get(name);
        return b != null && b.deprecated() ? b : null;
    }

    public Collection<Builtin> all() {
        return byName.values();
    }
}

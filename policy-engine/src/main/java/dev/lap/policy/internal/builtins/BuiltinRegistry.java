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
        add(new Builtin(name, args, result, false, fn));
    }

    /** Declares a builtin whose result may change between calls (time, randomness). */
    public void registerNondeterministic(String name, List<Type> args, Type result, BuiltinFunction fn) {
        add(new Builtin(name, args, result, true, fn));
    }

    private void add(Builtin b) {
        if (byName.putIfAbsent(b.name(), b) != null) {
            throw new IllegalStateException("builtin " + b.name() + " registered twice");
        }
    }

    public @Nullable Builtin get(String name) {
        return byName.get(name);
    }

    public Collection<Builtin> all() {
        return byName.values();
    }
}

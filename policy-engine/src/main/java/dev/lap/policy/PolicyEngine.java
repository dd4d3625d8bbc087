package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.value.Value;
import java.time.Clock;
import java.util.List;

/**
 * The engine's front door: compiles Rego modules and a base {@code data} document into an
 * immutable {@link CompiledPolicy}. Configure once, compile many times; instances are immutable
 * and thread-safe.
 */
public final class PolicyEngine {
    private final boolean strictBuiltinErrors;
    private final Clock clock;

    private PolicyEngine(Builder b) {
        this.strictBuiltinErrors = b.strictBuiltinErrors;
        this.clock = b.clock;
    }

    /** An engine with the defaults: non-strict builtin errors, the system clock. */
    public static PolicyEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean strictBuiltinErrors() {
        return strictBuiltinErrors;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Parses and compiles {@code modules} with {@code data} as the base document.
     *
     * @throws RegoException every parse and compile error found, sorted by location
     */
    public CompiledPolicy compile(List<PolicySource> modules, Value data) throws RegoException {
        throw new UnsupportedOperationException("compiler not written yet");
    }

    /**
     * Parses a ground Rego term ({@code {"a": {1, 2}}}, {@code [1, "x"]}, ...) into a value.
     *
     * @throws RegoException a {@code rego_parse_error}, or a {@code rego_compile_error} when the
     *     term contains variables, refs or calls
     */
    public static Value parseValue(String term) throws RegoException {
        throw new UnsupportedOperationException("parser not written yet");
    }

    public static final class Builder {
        private boolean strictBuiltinErrors;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * When true, a builtin error (a bad operand, a failed parse) stops evaluation with that
         * error; when false, as by default in OPA, the expression is merely undefined.
         */
        public Builder strictBuiltinErrors(boolean strict) {
            this.strictBuiltinErrors = strict;
            return this;
        }

        /** The clock {@code time.now_ns} reads, once per evaluation. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public PolicyEngine build() {
            return new PolicyEngine(this);
        }
    }
}

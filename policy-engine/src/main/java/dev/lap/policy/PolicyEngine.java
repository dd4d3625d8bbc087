package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.builtins.BuiltinRegistry;
import dev.lap.policy.internal.compile.Compiler;
import dev.lap.policy.internal.compile.Program;
import dev.lap.policy.internal.eval.Evaluator;
import dev.lap.policy.internal.parse.Parser;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine's front door: compiles Rego modules and a base {@code data} document into an
 * immutable {@link CompiledPolicy}. Configure once, compile many times; instances are immutable
 * and thread-safe.
 */
public final class PolicyEngine {
    private final boolean strictBuiltinErrors;
    private final boolean strict;
    private final Clock clock;
    private final Duration timeout;
    private final long maxSteps;
    private final long maxValueBytes;

    private PolicyEngine(Builder b) {
        this.maxValueBytes = b.maxValueBytes;
        this.strictBuiltinErrors = b.strictBuiltinErrors;
        this.strict = b.strict;
        this.clock = b.clock;
        this.timeout = b.timeout;
        this.maxSteps = b.maxSteps;
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

    /** Whether compilation applies OPA's strict-mode checks; see {@link Builder#strict}. */
    public boolean strict() {
        return strict;
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
        if (!(data instanceof ObjectValue)) {
            throw new RegoException(
                    RegoError.at(RegoError.COMPILE, "data must be an object, not " + data.typeName(), null));
        }
        List<Module> parsed = new ArrayList<>(modules.size());
        List<RegoError> errors = new ArrayList<>();
        for (PolicySource m : modules) {
            try {
                parsed.add(Parser.parseModule(m.file(), m.text()));
            } catch (RegoException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new RegoException(errors);
        }
        Program program = Compiler.compile(parsed, data, BuiltinRegistry.standardRegistry(), strict);
        return new CompiledPolicy(this, program, revision(modules, data));
    }

    /** SHA-256 over the module names, texts and the data, in a stable order. */
    private static String revision(List<PolicySource> modules, Value data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<PolicySource> sorted = new ArrayList<>(modules);
            sorted.sort(java.util.Comparator.comparing(PolicySource::file));
            for (PolicySource m : sorted) {
                sha.update(m.file().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(m.text().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update(dev.lap.policy.value.Json.write(data).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    Evaluator.Limits limits() {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        return new Evaluator.Limits(maxSteps, 2_000, deadline, maxValueBytes);
    }

    /**
     * Parses a ground Rego term ({@code {"a": {1, 2}}}, {@code [1, "x"]}, ...) into a value.
     *
     * @throws RegoException a {@code rego_parse_error}, or a {@code rego_compile_error} when the
     *     term contains variables, refs or calls
     */
    public static Value parseValue(String term) throws RegoException {
        return ground(Parser.parseTerm("term", term));
    }

    private static Value ground(Term t) throws RegoException {
        return switch (t) {
            case Term.Scalar s -> s.value();
            case Term.ArrayTerm a -> {
                Value[] items = new Value[a.items().size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = ground(a.items().get(i));
                }
                yield ArrayValue.wrap(items);
            }
            case Term.SetTerm s -> {
                SetValue.Builder b = SetValue.builder();
                for (Term i : s.items()) {
                    b.add(ground(i));
                }
                yield b.build();
            }
            case Term.ObjectTerm o -> {
                ObjectValue.Builder b = ObjectValue.builder(o.entries().size());
                for (Term.ObjectTerm.Entry e : o.entries()) {
                    b.put(ground(e.key()), ground(e.value()));
                }
                yield b.build();
            }
            default ->
                throw new RegoException(RegoError.at(
                        RegoError.COMPILE, "a value must be ground: no variables, refs or calls", t.loc()));
        };
    }

    public static final class Builder {
        private boolean strictBuiltinErrors;
        private boolean strict;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(5);
        private long maxSteps = Evaluator.Limits.DEFAULT.maxSteps();
        private long maxValueBytes = Evaluator.Limits.DEFAULT.maxValueBytes();

        private Builder() {}

        /**
         * When true, a builtin error (a bad operand, a failed parse) stops evaluation with that
         * error; when false, as by default in OPA, the expression is merely undefined.
         */
        public Builder strictBuiltinErrors(boolean strict) {
            this.strictBuiltinErrors = strict;
            return this;
        }

        /**
         * OPA's compiler strict mode ({@code opa check --strict}): on top of what every v1 module
         * must pass, an assigned variable nothing reads, a function argument no definition reads
         * and an import nothing uses are {@code rego_compile_error}s. Off by default, as in OPA;
         * it changes what compiles, never what a compiled policy decides.
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** The clock {@code time.now_ns} reads, once per evaluation. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The longest one evaluation may run before it stops with {@code eval_cancel_error};
         * {@link Duration#ZERO} for no limit. Default 5 s.
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The most evaluation steps (statements and calls) one evaluation may take. */
        public Builder maxSteps(long maxSteps) {
            if (maxSteps <= 0) {
                throw new IllegalArgumentException("maxSteps must be positive: " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * The most value one evaluation may build, so that no policy can exhaust the caller's heap
         * ({@code eval_memory_limit_error} past it). Counted as values are made: a string its
         * length, an element of an array or set or an entry of an object 16 bytes, summed over
         * everything built, whether kept or not. Default 64 MiB.
         */
        public Builder maxValueBytes(long maxValueBytes) {
            if (maxValueBytes <= 0) {
                throw new IllegalArgumentException("maxValueBytes must be positive: " + maxValueBytes);
            }
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        public PolicyEngine build() {
            return new PolicyEngine(this);
        }
    }
}

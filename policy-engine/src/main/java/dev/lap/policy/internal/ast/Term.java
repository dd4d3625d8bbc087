package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;

/**
 * A Rego term. Operators are calls to their builtins, as in OPA: {@code a + b} is {@code
 * plus(a, b)}, {@code x == y} is {@code equal(x, y)}, {@code x = y} is {@code eq(x, y)}, {@code
 * x := y} is {@code assign(x, y)}, {@code x in xs} is {@code internal.member_2(x, xs)} and
 * {@code k, v in xs} is {@code internal.member_3(k, v, xs)}.
 */
public sealed interface Term
        permits Term.Scalar,
                Term.Var,
                Term.Ref,
                Term.ArrayTerm,
                Term.ObjectTerm,
                Term.SetTerm,
                Term.ArrayCompr,
                Term.SetCompr,
                Term.ObjectCompr,
                Term.Call {

    Location loc();

    /**
     * What the evaluator worked out about one ref or call once and keeps for the next evaluation
     * (the builtin a call names, the data node a ref reaches). Not part of the term's value:
     * equality, hashing and printing ignore it, and every new term gets its own. The evaluator
     * stores only immutable objects here and checks they belong to its program, so evaluations
     * on several threads may race on it harmlessly.
     */
    final class Memo {
        public volatile @org.jspecify.annotations.Nullable Object value;
    }

    /** What the canonical constructors are handed and replace. */
    Memo NO_MEMO = new Memo();

    /**
     * A constant: a null, boolean, number or string literal as parsed, or a composite literal
     * without variables that the compiler has already built.
     */
    record Scalar(Location loc, Value value) implements Term {
        public Scalar {
            requireNonNull(loc, "loc");
            requireNonNull(value, "value");
        }

        public static Scalar string(Location loc, String s) {
            // Interned: ref keys written in a policy are looked up in data nodes keyed the same way.
            return new Scalar(loc, StringValue.of(s.intern()));
        }
    }

    /**
     * A variable: a local, {@code input}, {@code data}, a rule or import name, or the wildcard
     * {@code _}. Names the compiler generates start with {@code $} and cannot be written in Rego.
     */
    record Var(Location loc, String name) implements Term {
        public static final String WILDCARD = "_";

        public Var {
            requireNonNull(loc, "loc");
            // Interned so that the evaluator can look bindings up by identity.
            name = requireNonNull(name, "name").intern();
        }

        public boolean isWildcard() {
            return name.equals(WILDCARD);
        }
    }

    /**
     * {@code head.a[b]...}: {@code head} is usually a {@link Var}, but may be any term ({@code
     * f(x).y}, {@code [1, 2][i]}); {@code .a} appears in {@code path} as a string {@link Scalar}.
     */
    record Ref(
            Location loc,
            Term head,
            List<Term> path,
            @org.jspecify.annotations.Nullable String dottedName,
            Memo memo) implements Term {
        /**
         * {@code dottedName} is derived, never taken from the caller: the dotted name ({@code
         * io.jwt.decode}, {@code data.a.b}) when the head is a var and every path element is a
         * string literal that could be written after a dot; otherwise null. Computed once here
         * because the evaluator asks for it on every call. {@code memo} is always new.
         */
        public Ref {
            requireNonNull(loc, "loc");
            requireNonNull(head, "head");
            path = List.copyOf(path);
            dottedName = dotted(head, path);
            memo = new Memo();
        }

        public Ref(Location loc, Term head, List<Term> path) {
            this(loc, head, path, null, NO_MEMO);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ref r
                    && loc.equals(r.loc)
                    && head.equals(r.head)
                    && path.equals(r.path)
                    && java.util.Objects.equals(dottedName, r.dottedName);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(loc, head, path, dottedName);
        }

        @Override
        public String toString() {
            return "Ref[loc=" + loc + ", head=" + head + ", path=" + path + ", dottedName=" + dottedName + "]";
        }

        /** A ref made of a single variable, such as a function name {@code count}. */
        public static Ref of(Location loc, String var) {
            return new Ref(loc, new Var(loc, var), List.of());
        }

        /** A dotted name such as {@code io.jwt.decode} as a ref. */
        public static Ref dotted(Location loc, String dotted) {
            String[] parts = dotted.split("\\.");
            List<Term> path = new java.util.ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                path.add(Scalar.string(loc, parts[i]));
            }
            return new Ref(loc, new Var(loc, parts[0]), path);
        }

        private static @org.jspecify.annotations.Nullable String dotted(Term head, List<Term> path) {
            if (!(head instanceof Var v)) {
                return null;
            }
            if (path.isEmpty()) {
                return v.name();
            }
            StringBuilder sb = new StringBuilder(v.name());
            for (Term t : path) {
                if (!(t instanceof Scalar s && s.value() instanceof StringValue str)) {
                    return null;
                }
                sb.append('.').append(str.value());
            }
            // Interned, as builtin names and data node keys are: the evaluator looks names up on
            // every call, and an interned key is found by identity, without comparing characters.
            return sb.toString().intern();
        }
    }

    record ArrayTerm(Location loc, List<Term> items) implements Term {
        public ArrayTerm {
            requireNonNull(loc, "loc");
            items = List.copyOf(items);
        }
    }

    record ObjectTerm(Location loc, List<Entry> entries) implements Term {
        public ObjectTerm {
            requireNonNull(loc, "loc");
            entries = List.copyOf(entries);
        }

        public record Entry(Term key, Term value) {
            public Entry {
                requireNonNull(key, "key");
                requireNonNull(value, "value");
            }
        }
    }

    /** A set literal; the empty set is written {@code set()}. */
    record SetTerm(Location loc, List<Term> items) implements Term {
        public SetTerm {
            requireNonNull(loc, "loc");
            items = List.copyOf(items);
        }
    }

    record ArrayCompr(Location loc, Term head, List<Stmt> body) implements Term {
        public ArrayCompr {
            requireNonNull(loc, "loc");
            requireNonNull(head, "head");
            body = List.copyOf(body);
        }
    }

    record SetCompr(Location loc, Term head, List<Stmt> body) implements Term {
        public SetCompr {
            requireNonNull(loc, "loc");
            requireNonNull(head, "head");
            body = List.copyOf(body);
        }
    }

    record ObjectCompr(Location loc, Term key, Term value, List<Stmt> body) implements Term {
        public ObjectCompr {
            requireNonNull(loc, "loc");
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            body = List.copyOf(body);
        }
    }

    /** A call of a builtin or a user function: {@code operator(args...)}. */
    record Call(Location loc, Ref operator, List<Term> args, Memo memo) implements Term {
        /** {@code memo} is always new. */
        public Call {
            requireNonNull(loc, "loc");
            requireNonNull(operator, "operator");
            args = List.copyOf(args);
            memo = new Memo();
        }

        public Call(Location loc, Ref operator, List<Term> args) {
            this(loc, operator, args, NO_MEMO);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && loc.equals(c.loc) && operator.equals(c.operator) && args.equals(c.args);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(loc, operator, args);
        }

        @Override
        public String toString() {
            return "Call[loc=" + loc + ", operator=" + operator + ", args=" + args + "]";
        }

        public static Call of(Location loc, String operator, Term... args) {
            return new Call(loc, Ref.dotted(loc, operator), List.of(args));
        }
    }
}

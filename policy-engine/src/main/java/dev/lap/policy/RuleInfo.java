package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One rule definition of a compiled policy, as written: {@code test_x if …}, each body of {@code
 * p if { a } { b }}, a {@code default} rule. A rule defined several times ({@code p contains 1},
 * {@code p contains 2}) has one {@code RuleInfo} per definition; an {@code else} chain belongs to
 * the definition it continues. From {@link CompiledPolicy#rules()}, to be evaluated alone with
 * {@link CompiledPolicy#evaluateRule}.
 *
 * @param packagePath the module's package below {@code data} ({@code ["lap", "egress"]})
 * @param head the head's ref after the package: {@code a.b[k] := v} is {@code a}, {@code b},
 *     then {@code k}, a {@link HeadTerm.Variable}
 * @param kind the kind of document the definition contributes to
 * @param isDefault a {@code default} rule
 * @param location where the definition starts
 * @param definition which definition of the policy this is: opaque, meaningful only to the
 *     {@link CompiledPolicy} that listed it
 */
public record RuleInfo(
        List<String> packagePath,
        List<HeadTerm> head,
        Kind kind,
        boolean isDefault,
        Location location,
        int definition) {
    public RuleInfo {
        packagePath = List.copyOf(packagePath);
        head = List.copyOf(head);
        requireNonNull(kind, "kind");
        requireNonNull(location, "location");
        if (head.isEmpty() || !(head.get(0) instanceof HeadTerm.Fixed)) {
            throw new IllegalArgumentException("a rule head starts with its name: " + head);
        }
    }

    /** A term of a rule's head ref. */
    public sealed interface HeadTerm {
        /** A name or string key fixed in the source: {@code p}, {@code b} in {@code a.b}, {@code "c"} in {@code a["c"]}. */
        record Fixed(String key) implements HeadTerm {
            public Fixed {
                requireNonNull(key, "key");
            }
        }

        /**
         * A term whose value the rule's evaluation gives: a variable the body binds ({@code k} in
         * {@code p[k] := v}), or any other term but a string constant ({@code tc.note}, {@code 1}).
         */
        record Variable(Location location) implements HeadTerm {
            public Variable {
                requireNonNull(location, "location");
            }
        }
    }

    /** The kind of document a definition contributes to. */
    public enum Kind {
        /** One value at a fixed path: {@code p := v}, {@code p if …}, {@code a.b.c := 1}, a {@code default} rule. */
        COMPLETE,
        /** Elements of a set: {@code p contains x if …} (also {@code p[k] contains x}, a set under a key). */
        PARTIAL_SET,
        /** Values under keys the body binds: {@code p[k] := v if …}, {@code p.q[a][b] if …}. */
        PARTIAL_OBJECT,
        /** A function, {@code f(x) := y if …}: evaluated by calling it, not alone. */
        FUNCTION
    }
}

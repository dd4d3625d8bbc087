package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.value.Value;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one rule definition gave, evaluated alone by {@link CompiledPolicy#evaluateRule}.
 *
 * @param result the definition's value: for {@link RuleInfo.Kind#COMPLETE}, the value of the
 *     first link of its {@code else} chain whose body holds ({@link Result.Undefined} when none
 *     does); for {@link RuleInfo.Kind#PARTIAL_SET}, the set of its elements; for {@link
 *     RuleInfo.Kind#PARTIAL_OBJECT}, the object of the keys it defines, nested along its head.
 *     Always defined for the partial kinds (an empty set or object when the body never holds)
 * @param cases for a {@link RuleInfo.Kind#PARTIAL_OBJECT} definition, every key its body bound,
 *     in the order first reached, also those whose body failed afterwards; empty otherwise, and
 *     when evaluation failed
 */
public record RuleResult(Result result, List<Case> cases) {
    public RuleResult {
        requireNonNull(result, "result");
        cases = List.copyOf(cases);
    }

    /**
     * One key of a {@link RuleInfo.Kind#PARTIAL_OBJECT} definition: the body reached the point
     * where the head's variables are bound (where {@code opa test} places its {@code
     * internal.test_case} call), with this path.
     *
     * @param path the head ref as values, one per {@link RuleInfo#head()} term: fixed terms as
     *     strings, variable terms as the body bound them
     * @param value the value the definition gives under {@code path}, or null when the body
     *     failed for every solution with this key
     */
    public record Case(List<Value> path, @Nullable Value value) {
        public Case {
            path = List.copyOf(path);
        }
    }
}

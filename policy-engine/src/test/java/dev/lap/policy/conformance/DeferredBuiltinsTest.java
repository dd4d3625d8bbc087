package dev.lap.policy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.internal.builtins.BuiltinRegistry;
import org.junit.jupiter.api.Test;

class DeferredBuiltinsTest {
    @Test
    void noDeferredBuiltinIsImplementedAlready() {
        // Implementing a builtin means taking it off the list, so its cases start to count.
        assertThat(DeferredBuiltins.load().names())
                .filteredOn(name -> BuiltinRegistry.standardRegistry().get(name) != null)
                .as("implemented builtins still listed in conformance/deferred-builtins.txt")
                .isEmpty();
    }

    @Test
    void aCallIsRecognisedByItsWholeName() {
        DeferredBuiltins d = DeferredBuiltins.load();
        assertThat(d.calledIn("x := rego.parse_module(\"p.rego\", s)")).isEqualTo("rego.parse_module");
        assertThat(d.calledIn("x := time.now_ns() with time.now_ns as rego.parse_module"))
                .isEqualTo("rego.parse_module");
        assertThat(d.calledIn("x := rego.parse_modules(1)")).isNull();
        assertThat(d.calledIn("# no call here\nx := 1")).isNull();
    }
}

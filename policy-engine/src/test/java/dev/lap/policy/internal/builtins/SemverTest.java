package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.BooleanValue;
import org.junit.jupiter.api.Test;

class SemverTest {
    @Test
    void isValidNeedsThreeNumbersAndWellFormedIdentifiers() throws Exception {
        assertThat(call("semver.is_valid", str("1.0.0"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("semver.is_valid", str("v1.2.3-rc.1+build.5"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("semver.is_valid", str("1"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("semver.is_valid", str("1.0.0-rc..1"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("semver.is_valid", num(1))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void compareFollowsSemverPrecedence() throws Exception {
        assertThat(call("semver.compare", str("1.0.0"), str("2.0.0"))).isEqualTo(num(-1));
        assertThat(call("semver.compare", str("2.0.0"), str("1.0.0"))).isEqualTo(num(1));
        assertThat(call("semver.compare", str("1.0.0+a"), str("1.0.0+b"))).isEqualTo(num(0));
        assertThat(call("semver.compare", str("1.0.0-alpha"), str("1.0.0"))).isEqualTo(num(-1));
        assertThat(call("semver.compare", str("1.0.0-alpha.2"), str("1.0.0-alpha.10")))
                .isEqualTo(num(-1));
        assertThat(call("semver.compare", str("1.0.0-alpha.1"), str("1.0.0-alpha")))
                .isEqualTo(num(1));
        assertThat(call("semver.compare", str("1.0.0-1"), str("1.0.0-alpha"))).isEqualTo(num(-1));
    }

    @Test
    void compareRejectsInvalidVersions() {
        BuiltinException e = failure("semver.compare", str("1.0.0"), str("1"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("semver.compare: operand 2: string \"1\" is not a valid SemVer");
    }
}

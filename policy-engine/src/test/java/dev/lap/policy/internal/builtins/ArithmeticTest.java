package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
    @Test
    void integerArithmeticIsExactBeyondLong() throws Exception {
        assertThat(call("plus", num("18446744073709551617"), num(1))).isEqualTo(num("18446744073709551618"));
        assertThat(call("minus", num("-18446744073709551617"), num(1))).isEqualTo(num("-18446744073709551618"));
        assertThat(call("mul", num("18446744073709551617"), num(2))).isEqualTo(num("36893488147419103234"));
        assertThat(call("plus", num(Long.MAX_VALUE), num(1))).isEqualTo(num("9223372036854775808"));
        assertThat(call("plus", num(49649733057L), num(1))).isEqualTo(num(49649733058L));
    }

    @Test
    void fractionsAreComputedAsOpasBinaryFloats() throws Exception {
        assertThat(call("plus", num("1.5"), num("2.5"))).isEqualTo(num(4));
        assertThat(call("plus", num(1), num("2.5"))).isEqualTo(num("3.5"));
        assertThat(call("mul", num("2.5"), num(2))).isEqualTo(num(5));
        // big.Float with a 64-bit mantissa, printed shortest: 20 digits, not 16 and not exact.
        assertThat(call("div", num(1), num(3))).isEqualTo(num("0.33333333333333333334"));
        assertThat(call("div", num(2), num(3))).isEqualTo(num("0.6666666666666666667"));
        assertThat(call("plus", num("0.1"), num("0.2"))).isEqualTo(num("0.3"));
    }

    @Test
    void divisionOfIntegersIsExactWhenDivisible() throws Exception {
        assertThat(call("div", num(6), num(3))).isEqualTo(num(2));
        assertThat(call("div", num(1), num(4))).isEqualTo(num("0.25"));
        assertThat(call("div", num(7), num(2))).isEqualTo(num("3.5"));
    }

    @Test
    void divisionByZeroIsABuiltinError() {
        BuiltinException e = failure("div", num(1), num(0));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("div: divide by zero");
        assertThat(failure("div", num("1.5"), num("0.0")).getMessage()).isEqualTo("div: divide by zero");
    }

    @Test
    void remainderIsIntegerOnly() throws Exception {
        assertThat(call("rem", num(7), num(4))).isEqualTo(num(3));
        assertThat(call("rem", num(-7), num(4))).isEqualTo(num(-3));
        assertThat(call("rem", num(10), num("18446744073709551616"))).isEqualTo(num(10));
        assertThat(call("rem", num("18446744073709551617"), num("18446744073709551616")))
                .isEqualTo(num(1));
        assertThat(failure("rem", num(7), num(0)).getMessage()).isEqualTo("rem: modulo by zero");
        BuiltinException e = failure("rem", num("1.1"), num(1));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("rem: modulo on floating-point number");
    }

    @Test
    void minusOnSetsIsDifference() throws Exception {
        assertThat(call("minus", set(1, 2, 3, 4), set(1, 3))).isEqualTo(set(2, 4));
    }

    @Test
    void minusReportsTheKindTheFirstOperandCallsFor() {
        BuiltinException setFirst = failure("minus", set(1), num(1));
        assertThat(setFirst.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(setFirst.getMessage()).isEqualTo("minus: operand 2 must be set but got number");
        assertThat(failure("minus", num(1), set(1)).getMessage())
                .isEqualTo("minus: operand 2 must be number but got set");
    }

    @Test
    void operandKindsAreCheckedWithOpasMessage() {
        BuiltinException e = failure("plus", BuiltinCalls.str("a"), num(1));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage()).isEqualTo("plus: operand 1 must be number but got string");
    }

    @Test
    void roundingFunctionsFollowOpa() throws Exception {
        assertThat(call("abs", num(-10))).isEqualTo(num(10));
        assertThat(call("abs", num("-1.5"))).isEqualTo(num("1.5"));
        assertThat(call("round", num("2.5"))).isEqualTo(num(3));
        assertThat(call("round", num("-2.5"))).isEqualTo(num(-3));
        assertThat(call("round", num("2.4"))).isEqualTo(num(2));
        assertThat(call("ceil", num("1.01"))).isEqualTo(num(2));
        assertThat(call("ceil", num("2222.2222222222"))).isEqualTo(num(2223));
        assertThat(call("ceil", num("-1.99999"))).isEqualTo(num(-1));
        assertThat(call("floor", num("99.99999"))).isEqualTo(num(99));
        assertThat(call("floor", num("-1.001"))).isEqualTo(num(-2));
        assertThat(call("floor", num(1))).isEqualTo(num(1));
    }

    private static dev.lap.policy.value.SetValue set(long... xs) {
        dev.lap.policy.value.SetValue.Builder b = dev.lap.policy.value.SetValue.builder();
        for (long x : xs) {
            b.add(num(x));
        }
        return b.build();
    }
}

package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitsTest {
    @Test
    void bitwiseOperatorsUseTwosComplement() throws Exception {
        assertThat(call("bits.and", num(7), num(9))).isEqualTo(num(1));
        assertThat(call("bits.or", num(7), num(9))).isEqualTo(num(15));
        assertThat(call("bits.xor", num(42), num(3))).isEqualTo(num(41));
        assertThat(call("bits.negate", num(42))).isEqualTo(num(-43));
        assertThat(call("bits.and", num(-1), num(255))).isEqualTo(num(255));
    }

    @Test
    void shiftsDoNotOverflow() throws Exception {
        assertThat(call("bits.lsh", num(1), num(3))).isEqualTo(num(8));
        assertThat(call("bits.lsh", num(Long.MAX_VALUE), num(1))).isEqualTo(num("18446744073709551614"));
        assertThat(call("bits.rsh", num(8), num(3))).isEqualTo(num(1));
        assertThat(call("bits.rsh", num(-8), num(10))).isEqualTo(num(-1));
    }

    @Test
    void operandsMustBeIntegers() {
        assertThat(failure("bits.and", num("7.2"), num(42)).getMessage())
                .isEqualTo("bits.and: operand 1 must be integer number but got floating-point number");
        assertThat(failure("bits.lsh", num(7), num(-1)).getMessage())
                .isEqualTo("bits.lsh: operand 2 must be an unsigned integer number but got a negative integer");
    }
}

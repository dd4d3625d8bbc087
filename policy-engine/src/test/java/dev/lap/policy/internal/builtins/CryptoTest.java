package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.BooleanValue;
import org.junit.jupiter.api.Test;

class CryptoTest {
    @Test
    void digestsAreLowerCaseHex() throws Exception {
        assertThat(call("crypto.md5", str("lorem ipsum"))).isEqualTo(str("80a751fde577028640c419000e33eba6"));
        assertThat(call("crypto.sha1", str("lorem ipsum"))).isEqualTo(str("bfb7759a67daeb65410490b4d98bb9da7d1ea2ce"));
        assertThat(call("crypto.sha256", str("lorem ipsum")))
                .isEqualTo(str("5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269"));
    }

    @Test
    void hmacsTakeMessageThenKey() throws Exception {
        // RFC 4231 test case 2.
        assertThat(call("crypto.hmac.sha256", str("what do ya want for nothing?"), str("Jefe")))
                .isEqualTo(str("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        assertThat(call("crypto.hmac.md5", str("what do ya want for nothing?"), str("Jefe")))
                .isEqualTo(str("750c783e6ab0b503eaa86e310a5db738"));
        assertThat(call("crypto.hmac.sha1", str(""), str("")))
                .isEqualTo(str("fbdb1d1b18aa6c08324b7d64b71fb76370690e1d"));
    }

    @Test
    void hmacEqualComparesExactly() throws Exception {
        assertThat(call("crypto.hmac.equal", str("abc"), str("abc"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("crypto.hmac.equal", str("abc"), str("abd"))).isEqualTo(BooleanValue.FALSE);
    }
}

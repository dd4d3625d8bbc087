package dev.lap.vault.scrub;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream that echoes a secret back in some encoding of its choosing: each spelling is
 * produced by a real encoder, embedded between bytes the scrubber has never seen, and must come
 * out as the same spelling of the stub.
 */
class SecretFormsTest {
    /** A GitHub token, an Anthropic key (two kinds of punctuation) and an AWS secret (/ and +). */
    static List<Arguments> secrets() {
        return List.of(
                Arguments.of("ghp_R3alT0kenR3alT0kenR3alT0kenR3alT0k3", "ghp_StubStubStubStubStubStubStubStubStu"),
                Arguments.of(
                        "sk-ant-api03-Real_Value-Real_Value-Real_Value-xyz",
                        "sk-ant-api03-Stub_Stubs-Stub_Stubs-Stub_Stubs-abc"),
                Arguments.of("wJalrXUtnFEMI/K7MDENG+bPxRfiCYREALKEY/9z", "aBcdEfGhIjKLM/N0PQRST+uVwXyzABCDEFGHI/0a"));
    }

    private static Scrubber scrubber(String secret, String stub) {
        return Scrubber.of(SecretForms.of("cred", secret, stub));
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void textualEncodingsOfTheSecretBecomeTheSameEncodingOfTheStub(String secret, String stub) {
        Scrubber scrubber = scrubber(secret, stub);
        List<Function<String, String>> encoders = List.of(
                s -> s,
                s -> s.toUpperCase(Locale.ROOT),
                s -> s.toLowerCase(Locale.ROOT),
                s -> HexFormat.of().formatHex(s.getBytes(US_ASCII)),
                s -> HexFormat.of().withUpperCase().formatHex(s.getBytes(US_ASCII)),
                s -> URLEncoder.encode(s, StandardCharsets.UTF_8),
                SecretFormsTest::encodeUriComponent,
                s -> percentPunctuationLowerHex(s),
                SecretFormsTest::pythonQuoteKeepingSlash,
                SecretFormsTest::percentEveryByte,
                SecretFormsTest::jsonEveryCharEscaped,
                s -> jsonEveryCharEscaped(s).toUpperCase(Locale.ROOT).replace("\\U", "\\u"),
                s -> s.replace("/", "\\/"));
        for (Function<String, String> encode : encoders) {
            String encodedSecret = encode.apply(secret);
            String text = "before[" + encodedSecret + "]after";
            String scrubbed = scrubber.scrub(text);
            assertThat(scrubbed)
                    .as("spelling %s", encodedSecret)
                    .isEqualTo("before[" + spellLike(encodedSecret, stub, encode) + "]after")
                    .doesNotContain(encodedSecret);
        }
    }

    /**
     * base64 of the secret at any offset in a longer message, in both alphabets, padded or not:
     * what is decoded after scrubbing holds the stub where the secret was (but for a few bits at
     * an edge shared with a neighbouring byte), and never the secret.
     */
    @ParameterizedTest
    @MethodSource("secrets")
    void base64AtEveryAlignmentDecodesToTheStubAfterScrubbing(String secret, String stub) {
        Scrubber scrubber = scrubber(secret, stub);
        Random random = new Random(7);
        for (Base64.Encoder encoder : List.of(
                Base64.getEncoder(), Base64.getUrlEncoder(), Base64.getEncoder().withoutPadding())) {
            for (int before = 0; before < 6; before++) {
                for (int after = 0; after < 4; after++) {
                    byte[] prefix = randomBytes(random, before);
                    byte[] suffix = randomBytes(random, after);
                    String encoded = encoder.encodeToString(concat(prefix, secret.getBytes(US_ASCII), suffix));
                    String scrubbed = scrubber.scrub(encoded);
                    byte[] decoded = (encoder == Base64.getUrlEncoder() ? Base64.getUrlDecoder() : Base64.getDecoder())
                            .decode(scrubbed);
                    String text = new String(decoded, ISO_8859_1);
                    assertThat(text)
                            .as("%d bytes before, %d after", before, after)
                            .doesNotContain(secret)
                            .startsWith(new String(prefix, ISO_8859_1))
                            .contains(stub.substring(0, stub.length() - 1));
                    assertThat(scrubbed.length()).isEqualTo(encoded.length());
                    if (after == 0) {
                        // The secret ends the data: the padding makes every character known.
                        assertThat(text).endsWith(stub);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void gitsBasicCredentialComesBackAsTheStubsBasicCredential(String secret, String stub) {
        Scrubber scrubber = scrubber(secret, stub);
        for (String user : List.of("x-access-token", "x", "ab", "")) {
            String basic = "Basic " + b64(user + ":" + secret);
            assertThat(scrubber.scrub(basic)).isEqualTo("Basic " + b64(user + ":" + stub));
        }
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void everySpellingIsFoundWhenTheStreamIsSplitAtAnyByte(String secret, String stub) {
        Scrubber scrubber = scrubber(secret, stub);
        String body = "{\"a\":\"" + b64("x-access-token:" + secret) + "\",\"b\":\""
                + HexFormat.of().formatHex(secret.getBytes(US_ASCII)) + "\",\"c\":\"" + percentEveryByte(secret)
                + "\"}";
        String expected = scrubber.scrub(body);
        assertThat(expected).doesNotContain(b64("x-access-token:" + secret));
        byte[] bytes = body.getBytes(US_ASCII);
        for (int split = 0; split <= bytes.length; split++) {
            StreamReplacer stream = scrubber.newStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(stream.process(java.util.Arrays.copyOfRange(bytes, 0, split)));
            out.writeBytes(stream.process(java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
            out.writeBytes(stream.finish());
            assertThat(out.toString(US_ASCII)).as("split at %d", split).isEqualTo(expected);
        }
    }

    /** The stub spelled as the encoder spelled the secret (positions escaped where the secret's were). */
    private static String spellLike(String encodedSecret, String stub, Function<String, String> encode) {
        // The test stubs keep the secrets' punctuation at the same positions, as stub shapes do,
        // so an encoder makes the same escaping decisions for both.
        String spelled = encode.apply(stub);
        assertThat(spelled).hasSameSizeAs(encodedSecret);
        return spelled;
    }

    private static String encodeUriComponent(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "-_.!~*'()".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    private static String percentPunctuationLowerHex(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(
                    Character.isLetterOrDigit(c)
                            ? String.valueOf(c)
                            : "%" + HexFormat.of().toHexDigits((byte) c));
        }
        return out.toString();
    }

    private static String pythonQuoteKeepingSlash(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "_.-~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    private static String percentEveryByte(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
        }
        return out.toString();
    }

    private static String jsonEveryCharEscaped(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append("\\u00").append(HexFormat.of().toHexDigits((byte) c));
        }
        return out.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(US_ASCII));
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

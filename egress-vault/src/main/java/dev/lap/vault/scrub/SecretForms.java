package dev.lap.vault.scrub;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The spellings of one secret that the vault scrubs, each paired with the same spelling of its
 * stub: the raw value, its upper- and lower-case forms, hex, percent-encoding, JSON {@code \\u}
 * escapes and base64 (standard and URL alphabets, at each of the three byte alignments a value
 * can have inside a longer encoded string).
 *
 * <p>Every pair keeps its length, so an identity body keeps its {@code Content-Length}. Where an
 * encoding leaves a choice per character (percent-encoding and JSON escapes of characters that
 * some encoders escape and others do not), the stub's character at a position is spelled the way
 * the secret's was, so the two stay equally long and the result still decodes to the stub.
 *
 * <p>What is deliberately not covered is written in docs/credentials.md: a value split across
 * fields, transformed (reversed, hashed, encrypted), or encoded in a mixture of spellings beyond
 * the ones enumerated here. At the edges of a base64 form, the one or two characters that mix the
 * secret's first or last bits with a neighbouring byte are left as they are unless the secret ends
 * the encoded data (then the padding makes them known and they are replaced too): at most four
 * bits at the start and four at the end of a value survive there.
 */
public final class SecretForms {
    /** Above this many distinct escapable characters, only "all" and "none" of them are tried. */
    private static final int MAX_CHOICE_CHARS = 3;

    private static final Base64.Encoder STD = Base64.getEncoder();
    private static final Base64.Encoder URL = Base64.getUrlEncoder();

    private SecretForms() {}

    /**
     * The replacements, under {@code id}, that turn every covered spelling of {@code secret} into
     * the same spelling of {@code stub}. Both are visible ASCII of equal length.
     */
    public static List<Replacement> of(String id, String secret, String stub) {
        if (secret.length() != stub.length()) {
            throw new IllegalArgumentException("credential " + id + ": the stub and the value differ in length");
        }
        // Keyed by the secret's spelling: the first pair for a spelling wins, and a form that
        // happens to equal another (lower case of an all-lower value) is listed once.
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put(secret, stub);
        forms.putIfAbsent(secret.toUpperCase(Locale.ROOT), stub.toUpperCase(Locale.ROOT));
        forms.putIfAbsent(secret.toLowerCase(Locale.ROOT), stub.toLowerCase(Locale.ROOT));
        for (boolean upper : new boolean[] {false, true}) {
            forms.putIfAbsent(hex(secret, upper), hex(stub, upper));
            escaped(forms, secret, stub, new Escape.Percent(upper));
            escaped(forms, secret, stub, new Escape.JsonUnicode(upper));
        }
        if (secret.indexOf('/') >= 0) {
            // JSON encoders that escape the solidus (PHP's json_encode, some Java ones) write \/.
            forms.putIfAbsent(
                    spell(secret, secret, c -> c == '/', Escape.SOLIDUS),
                    spell(stub, secret, c -> c == '/', Escape.SOLIDUS));
        }
        for (Base64.Encoder encoder : new Base64.Encoder[] {STD, URL}) {
            for (int alignment = 0; alignment < 3; alignment++) {
                base64(forms, secret, stub, encoder, alignment);
            }
        }
        List<Replacement> out = new ArrayList<>(forms.size());
        forms.forEach((target, replacement) -> out.add(new Replacement(id, ascii(target), ascii(replacement))));
        return out;
    }

    /** How one character is escaped: the same number of characters for every character. */
    private sealed interface Escape {
        Escape SOLIDUS = new Solidus();

        String escape(char c);

        record Percent(boolean upper) implements Escape {
            @Override
            public String escape(char c) {
                return "%" + hexByte(c, upper);
            }
        }

        record JsonUnicode(boolean upper) implements Escape {
            @Override
            public String escape(char c) {
                return "\\u00" + hexByte(c, upper);
            }
        }

        record Solidus() implements Escape {
            @Override
            public String escape(char c) {
                return "\\" + c;
            }
        }
    }

    /**
     * Every character escaped; and, for the characters other than letters and digits (the ones
     * encoders disagree about), each subset of them escaped, so that {@code encodeURIComponent},
     * Python's {@code quote} with or without {@code safe='/'}, Java's {@code URLEncoder} and JSON
     * encoders that escape only some punctuation are all met.
     */
    private static void escaped(Map<String, String> forms, String secret, String stub, Escape escape) {
        forms.putIfAbsent(spell(secret, secret, c -> true, escape), spell(stub, secret, c -> true, escape));
        String punctuation = secret.chars()
                .filter(c -> !Character.isLetterOrDigit(c))
                .distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        List<String> subsets = new ArrayList<>();
        if (punctuation.length() <= MAX_CHOICE_CHARS) {
            for (int mask = 1; mask < 1 << punctuation.length(); mask++) {
                StringBuilder subset = new StringBuilder();
                for (int i = 0; i < punctuation.length(); i++) {
                    if ((mask & (1 << i)) != 0) {
                        subset.append(punctuation.charAt(i));
                    }
                }
                subsets.add(subset.toString());
            }
        } else {
            subsets.add(punctuation);
        }
        for (String subset : subsets) {
            IntPredicate escapeHere = c -> subset.indexOf(c) >= 0;
            forms.putIfAbsent(spell(secret, secret, escapeHere, escape), spell(stub, secret, escapeHere, escape));
        }
    }

    /**
     * {@code value} with the characters at the positions where {@code decider} has an escapable
     * character escaped: the secret decides the positions for both itself and its stub.
     */
    private static String spell(String value, String decider, IntPredicate escapable, Escape escape) {
        StringBuilder out = new StringBuilder(value.length() * 6);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(escapable.test(decider.charAt(i)) ? escape.escape(c) : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * The characters of the base64 text of {@code alignment} unknown bytes followed by the value
     * that depend on the value alone, plus, when the value ends the data, its last characters
     * with and without padding.
     */
    private static void base64(
            Map<String, String> forms, String secret, String stub, Base64.Encoder encoder, int alignment) {
        byte[] s = aligned(secret, alignment);
        byte[] t = aligned(stub, alignment);
        int n = secret.length();
        // Character j of the text covers bits [6j, 6j+6); the value occupies [8a, 8(a+n)).
        int first = (8 * alignment + 5) / 6;
        int end = 8 * (alignment + n) / 6;
        String fullS = encoder.encodeToString(s);
        String fullT = encoder.encodeToString(t);
        String noPadS = fullS.replace("=", "");
        String noPadT = fullT.replace("=", "");
        forms.putIfAbsent(fullS.substring(first), fullT.substring(first));
        forms.putIfAbsent(noPadS.substring(first), noPadT.substring(first));
        forms.putIfAbsent(fullS.substring(first, end), fullT.substring(first, end));
        if (alignment == 0) {
            return;
        }
        // The character before the core mixes the low bits of the previous byte (2 of them at
        // alignment 1, 4 at alignment 2) with the value's first bits: one spelling per value of
        // those neighbour bits, so the leading edge is replaced too. The neighbour's bits are kept.
        int neighbourBits = 8 * alignment - 6 * (first - 1);
        for (int v = 0; v < 1 << neighbourBits; v++) {
            s[alignment - 1] = (byte) v;
            t[alignment - 1] = (byte) v;
            String edgeS = encoder.encodeToString(s);
            String edgeT = encoder.encodeToString(t);
            String edgeNoPadS = edgeS.replace("=", "");
            String edgeNoPadT = edgeT.replace("=", "");
            forms.putIfAbsent(edgeS.substring(first - 1), edgeT.substring(first - 1));
            forms.putIfAbsent(edgeNoPadS.substring(first - 1), edgeNoPadT.substring(first - 1));
            forms.putIfAbsent(edgeS.substring(first - 1, end), edgeT.substring(first - 1, end));
        }
    }

    private static byte[] aligned(String value, int alignment) {
        byte[] v = ascii(value);
        byte[] out = new byte[alignment + v.length];
        System.arraycopy(v, 0, out, alignment, v.length);
        return out;
    }

    private static String hex(String value, boolean upper) {
        StringBuilder out = new StringBuilder(value.length() * 2);
        for (int i = 0; i < value.length(); i++) {
            out.append(hexByte(value.charAt(i), upper));
        }
        return out.toString();
    }

    private static String hexByte(char c, boolean upper) {
        String h = java.util.HexFormat.of().toHexDigits((byte) c);
        return upper ? h.toUpperCase(Locale.ROOT) : h;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}

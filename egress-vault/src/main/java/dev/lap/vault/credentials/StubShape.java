package dev.lap.vault.credentials;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of a real value that a stub copies: its known prefix, the separators in place, and
 * for each run between separators the narrowest character class its letters and digits fit
 * (digits, hex, upper or lower alphanumeric, or any alphanumeric). A stub that looks like the
 * token it stands for passes the client-side format checks some tools make ({@code gh}, SDKs
 * that check {@code sk-}), and its equal length keeps {@code Content-Length} and base64 lengths
 * valid after a swap.
 *
 * <p>{@code template} holds, per position after the prefix, either the separator that is kept or
 * the code of the class a random character is drawn from; it never holds the value's characters.
 */
record StubShape(String prefix, String template) {
    static final int MIN_BITS = 128;

    /** Longest first, so {@code sk-ant-api03-} wins over {@code sk-ant-} and {@code sk-}. */
    private static final List<String> PREFIXES = List.of(
                    "github_pat_",
                    "ghp_",
                    "gho_",
                    "ghu_",
                    "ghs_",
                    "ghr_",
                    "sk-ant-api03-",
                    "sk-ant-admin01-",
                    "sk-ant-",
                    "sk-proj-",
                    "sk-svcacct-",
                    "sk-",
                    "xoxb-",
                    "xoxp-",
                    "xoxa-",
                    "xoxs-",
                    "xapp-",
                    "glpat-",
                    "AKIA",
                    "ASIA",
                    "AIza",
                    "npm_",
                    "pypi-",
                    "hf_",
                    "dop_v1_",
                    "shpat_")
            .stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();

    /** Separators kept in place; all are safe unquoted in an env file and in a URL or header. */
    private static final String KEPT = "-_.:+/=";

    /** Class codes (letters, so never a separator) and their alphabets, narrowest first. */
    private static final String CODES = "dhHULA";

    private static final List<String> ALPHABETS = List.of(
            "0123456789",
            "0123456789abcdef",
            "0123456789ABCDEF",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "0123456789abcdefghijklmnopqrstuvwxyz",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    static StubShape of(String real) {
        String prefix = "";
        for (String p : PREFIXES) {
            if (real.startsWith(p) && real.length() > p.length()) {
                prefix = p;
                break;
            }
        }
        String rest = real.substring(prefix.length());
        StringBuilder template = new StringBuilder(rest.length());
        int runStart = 0;
        for (int i = 0; i <= rest.length(); i++) {
            if (i == rest.length() || KEPT.indexOf(rest.charAt(i)) >= 0) {
                char code = classOf(rest, runStart, i);
                template.append(String.valueOf(code).repeat(i - runStart));
                if (i < rest.length()) {
                    template.append(rest.charAt(i));
                }
                runStart = i + 1;
            }
        }
        return new StubShape(prefix, template.toString());
    }

    private static char classOf(String s, int from, int to) {
        for (int k = 0; k < ALPHABETS.size() - 1; k++) {
            String alphabet = ALPHABETS.get(k);
            boolean fits = from < to;
            for (int i = from; i < to && fits; i++) {
                fits = alphabet.indexOf(s.charAt(i)) >= 0;
            }
            if (fits) {
                return CODES.charAt(k);
            }
        }
        return CODES.charAt(ALPHABETS.size() - 1);
    }

    private static String alphabet(char code) {
        return ALPHABETS.get(CODES.indexOf(code));
    }

    private static boolean random(char templateChar) {
        return CODES.indexOf(templateChar) >= 0;
    }

    double bits() {
        double bits = 0;
        for (int i = 0; i < template.length(); i++) {
            char t = template.charAt(i);
            if (random(t)) {
                bits += Math.log(alphabet(t).length()) / Math.log(2);
            }
        }
        return bits;
    }

    /** True if a stub of this shape has at least {@link #MIN_BITS} random bits. */
    boolean unguessable() {
        return bits() >= MIN_BITS;
    }

    /** About how many characters a value of this shape would need: the shortfall at the widest class seen. */
    int lengthNeeded() {
        double widest = 0;
        for (int i = 0; i < template.length(); i++) {
            char t = template.charAt(i);
            if (random(t)) {
                widest = Math.max(widest, Math.log(alphabet(t).length()) / Math.log(2));
            }
        }
        if (widest == 0) {
            widest = Math.log(ALPHABETS.get(ALPHABETS.size() - 1).length()) / Math.log(2);
        }
        return prefix.length() + template.length() + (int) Math.ceil((MIN_BITS - bits()) / widest);
    }

    String mint(SecureRandom rng) {
        StringBuilder sb = new StringBuilder(prefix.length() + template.length()).append(prefix);
        for (int i = 0; i < template.length(); i++) {
            char t = template.charAt(i);
            if (random(t)) {
                String alphabet = alphabet(t);
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            } else {
                sb.append(t);
            }
        }
        return sb.toString();
    }

    /** True if {@code stub} could have come from {@link #mint} for this shape (a stored stub still fits). */
    boolean fits(String stub) {
        if (stub.length() != prefix.length() + template.length() || !stub.startsWith(prefix)) {
            return false;
        }
        for (int i = 0; i < template.length(); i++) {
            char t = template.charAt(i);
            char s = stub.charAt(prefix.length() + i);
            boolean ok = random(t) ? alphabet(t).indexOf(s) >= 0 : s == t;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

package dev.lap.vault.credentials;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of a real value that a stub copies: its known prefix, and for the rest the character
 * class and the positions of separators. A stub that looks like the token it stands for passes
 * the client-side format checks some tools make ({@code gh}, SDKs that check {@code sk-}), and
 * having the same length keeps {@code Content-Length} and base64 lengths valid after a swap.
 */
record StubShape(String prefix, String alphabet, String template) {
    /** In {@code template}, a position that gets a random character; every other one is kept. */
    private static final char RANDOM = '*';

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

    private static final String DIGITS = "0123456789";
    private static final String LOWER_HEX = "0123456789abcdef";
    private static final String UPPER_HEX = "0123456789ABCDEF";
    private static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static StubShape of(String real) {
        String prefix = "";
        for (String p : PREFIXES) {
            if (real.startsWith(p) && real.length() > p.length()) {
                prefix = p;
                break;
            }
        }
        String rest = real.substring(prefix.length());
        StringBuilder alnum = new StringBuilder();
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (isAlnum(c)) {
                alnum.append(c);
            }
            template.append(KEPT.indexOf(c) >= 0 ? c : RANDOM);
        }
        return new StubShape(prefix, alphabetFor(alnum.toString()), template.toString());
    }

    /** The narrowest common alphabet the value's letters and digits fit, wider ones being guessable shapes. */
    private static String alphabetFor(String alnum) {
        for (String candidate : List.of(DIGITS, LOWER_HEX, UPPER_HEX, UPPER_ALNUM, LOWER_ALNUM)) {
            if (!alnum.isEmpty() && alnum.chars().allMatch(c -> candidate.indexOf(c) >= 0)) {
                return candidate;
            }
        }
        return ALNUM;
    }

    private static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private int randomPositions() {
        int n = 0;
        for (int i = 0; i < template.length(); i++) {
            if (template.charAt(i) == RANDOM) {
                n++;
            }
        }
        return n;
    }

    double bits() {
        return randomPositions() * (Math.log(alphabet.length()) / Math.log(2));
    }

    /** True if a stub of this shape has at least {@link #MIN_BITS} random bits. */
    boolean unguessable() {
        return bits() >= MIN_BITS;
    }

    /** How many characters a value of this shape would need to reach {@link #MIN_BITS}. */
    int lengthNeeded() {
        double perChar = Math.log(alphabet.length()) / Math.log(2);
        int kept = template.length() - randomPositions();
        return prefix.length() + kept + (int) Math.ceil(MIN_BITS / perChar);
    }

    String mint(SecureRandom random) {
        StringBuilder sb = new StringBuilder(prefix.length() + template.length()).append(prefix);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            sb.append(c == RANDOM ? alphabet.charAt(random.nextInt(alphabet.length())) : c);
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
            boolean ok = t == RANDOM ? alphabet.indexOf(s) >= 0 : s == t;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

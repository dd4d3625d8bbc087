package dev.lap.policy.internal.builtins;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * {@code regex.globs_match}: whether two regex-like globs can match a common non-empty string,
 * with the semantics (and the error texts) of the {@code glob-intersection} Go package OPA calls.
 *
 * <p>A glob is a sequence of tokens, each a literal rune, {@code .} (any rune) or a class {@code
 * [a-z0-9]}, optionally followed by {@code +} or {@code *}; {@code \} escapes the next rune. Globs
 * are anchored at both ends. The decision procedure is that package's, including its
 * simplifications (adjacent equal flagged tokens merge) and its greedy treatment of {@code *}, so
 * answers match OPA's even where that procedure is not a complete intersection test.
 */
final class GlobIntersection {
    private static final int CHARACTER = 0;
    private static final int DOT = 1;
    private static final int SET = 2;

    private static final int NONE = 0;
    private static final int PLUS = 1;
    private static final int STAR = 2;

    private static final String INVALID = "the input provided is invalid";

    /** A token; {@code flag} is mutable because simplification merges flags in place, as Go does. */
    private static final class Token {
        final int type;
        final int rune;
        final BitSet runes;
        int flag;

        Token(int type, int rune, BitSet runes) {
            this.type = type;
            this.rune = rune;
            this.runes = runes;
        }

        boolean sameContent(Token o) {
            return type == o.type
                    && switch (type) {
                        case CHARACTER -> rune == o.rune;
                        case SET -> runes.equals(o.runes);
                        default -> true;
                    };
        }
    }

    /** An invalid glob, with the package's message. */
    static final class InvalidGlob extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidGlob(String message) {
            super(message, null, false, false);
        }
    }

    private GlobIntersection() {}

    /** True when some non-empty string matches both globs. */
    static boolean nonEmpty(String lhs, String rhs) throws InvalidGlob {
        List<Token> g1 = glob(lhs);
        List<Token> g2 = glob(rhs);
        // Trim equal unflagged prefixes and suffixes, keeping one token of each.
        int l = 0;
        while (l < g1.size() && l < g2.size() && g1.get(l).flag == NONE && g2.get(l).flag == NONE) {
            if (!match(g1.get(l), g2.get(l))) {
                return false;
            }
            l++;
        }
        if (l > 0) {
            l--;
        }
        int r1 = g1.size() - 1;
        int r2 = g2.size() - 1;
        while (r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1.get(r1).flag == NONE && g2.get(r2).flag == NONE) {
            if (!match(g1.get(r1), g2.get(r2))) {
                return false;
            }
            r1--;
            r2--;
        }
        if (r1 < g1.size() - 1) {
            r1++;
            r2++;
        }
        return normal(g1.subList(l, r1 + 1), g2.subList(l, r2 + 1));
    }

    /** Walks both globs token by token until one has a flagged token. */
    private static boolean normal(List<Token> g1, List<Token> g2) {
        int i = 0;
        int j = 0;
        for (; i < g1.size() && j < g2.size(); i++, j++) {
            if (g1.get(i).flag == NONE && g2.get(j).flag == NONE) {
                if (!match(g1.get(i), g2.get(j))) {
                    return false;
                }
            } else {
                return special(g1.subList(i, g1.size()), g2.subList(j, g2.size()));
            }
        }
        return i == g1.size() && j == g2.size();
    }

    private static boolean special(List<Token> g1, List<Token> g2) {
        if (g1.get(0).flag != NONE) {
            return g1.get(0).flag == PLUS ? plus(g1, g2) : star(g1, g2);
        }
        return switch (g2.get(0).flag) {
            case PLUS -> plus(g2, g1);
            case STAR -> star(g2, g1);
            default -> false;
        };
    }

    private static boolean plus(List<Token> plussed, List<Token> other) {
        if (!match(plussed.get(0), other.get(0))) {
            return false;
        }
        // Either the plussed token takes other[0] and continues as a star...
        if (star(plussed, other.subList(1, other.size()))) {
            return true;
        }
        // ...or a flagged other[0] takes the plussed token whole.
        return other.get(0).flag != NONE && normal(plussed.subList(1, plussed.size()), other);
    }

    /** Lets the starred token take tokens of {@code other} until the rest can match what follows it. */
    private static boolean star(List<Token> starred, List<Token> other) {
        Token starToken = starred.get(0);
        Token next = starred.size() > 1 ? starred.get(1) : null;
        for (int i = 0; i < other.size(); i++) {
            Token t = other.get(i);
            if (next != null && match(t, next)) {
                if (normal(starred.subList(1, starred.size()), other.subList(i, other.size()))) {
                    return true;
                }
                if (!match(t, starToken)) {
                    return false;
                }
            } else if (!match(t, starToken)) {
                return false;
            }
        }
        return next == null;
    }

    /** Whether two tokens, flags ignored, can match a common rune. */
    private static boolean match(Token a, Token b) {
        Token t1 = a.type <= b.type ? a : b;
        Token t2 = a.type <= b.type ? b : a;
        if (t1.type == CHARACTER) {
            return switch (t2.type) {
                case CHARACTER -> t1.rune == t2.rune;
                case SET -> t2.runes.get(t1.rune);
                default -> true;
            };
        }
        if (t1.type == DOT) {
            return true;
        }
        return t1.runes.intersects(t2.runes);
    }

    // ---- tokenizing ------------------------------------------------------------------------

    private static List<Token> glob(String input) throws InvalidGlob {
        return simplify(tokenize(input.codePoints().toArray(), input));
    }

    /** Merges adjacent flagged tokens of equal content; {@code +} wins over {@code *}. */
    private static List<Token> simplify(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return tokens;
        }
        List<Token> simple = new ArrayList<>(tokens.size());
        simple.add(tokens.get(0));
        Token latest = tokens.get(0);
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.flag != NONE && latest.flag != NONE && t.sameContent(latest)) {
                latest.flag = t.flag == PLUS || latest.flag == PLUS ? PLUS : STAR;
            } else {
                latest = t;
                simple.add(t);
            }
        }
        return simple;
    }

    /** A rune read at some index: the rune, whether it was escaped, and where the next one starts. */
    private record Rune(int rune, boolean escaped, int next) {}

    private static List<Token> tokenize(int[] in, String text) throws InvalidGlob {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < in.length) {
            Rune r = nextRune(in, i, text);
            int pos = r.next();
            Token token;
            if (!r.escaped() && r.rune() == '.') {
                token = new Token(DOT, 0, null);
            } else if (!r.escaped() && r.rune() == ']') {
                throw invalid(text, pos, "set-close ']' with no preceding '['");
            } else if (!r.escaped() && r.rune() == '[') {
                BitSet runes = new BitSet();
                pos = set(in, pos, text, runes);
                token = new Token(SET, 0, runes);
            } else if (!r.escaped() && (r.rune() == '+' || r.rune() == '*')) {
                throw invalid(text, pos, "flag '" + Character.toString(r.rune()) + "' must be preceded by a non-flag");
            } else {
                token = new Token(CHARACTER, r.rune(), null);
            }
            if (pos < in.length) {
                Rune f = nextRune(in, pos, text);
                if (!f.escaped() && (f.rune() == '+' || f.rune() == '*')) {
                    token.flag = f.rune() == '+' ? PLUS : STAR;
                    pos = f.next();
                }
            }
            tokens.add(token);
            i = pos;
        }
        return tokens;
    }

    /** Reads a class body after {@code [}, filling {@code runes}; answers the index after {@code ]}. */
    private static int set(int[] in, int index, String text, BitSet runes) throws InvalidGlob {
        int pos = index;
        int prev = 0;
        boolean prevExists = false;
        while (pos < in.length) {
            Rune r = nextRune(in, pos, text);
            pos = r.next();
            if (r.escaped()) {
                runes.set(r.rune());
                prev = r.rune();
                prevExists = true;
                continue;
            }
            switch (r.rune()) {
                case ']' -> {
                    return pos;
                }
                case '-' -> {
                    if (!prevExists) {
                        throw invalid(text, pos, "range character '-' must be preceded by a Unicode character");
                    }
                    if (pos >= in.length - 1) {
                        throw invalid(text, pos, "range character '-' must be followed by a Unicode character");
                    }
                    Rune end = nextRune(in, pos, text);
                    pos = end.next();
                    if (!end.escaped() && (end.rune() == ']' || end.rune() == '-')) {
                        throw invalid(text, pos, "range character '-' cannot be followed by a special symbol");
                    }
                    if (end.rune() < prev) {
                        throw invalid(
                                text,
                                pos,
                                "range is out of order: '" + Character.toString(end.rune()) + "' comes before '"
                                        + Character.toString(prev) + "' in Unicode");
                    }
                    runes.set(prev, end.rune() + 1);
                    prevExists = false;
                }
                default -> {
                    runes.set(r.rune());
                    prev = r.rune();
                    prevExists = true;
                }
            }
        }
        throw invalid(text, pos, "found [ without matching ]");
    }

    private static Rune nextRune(int[] in, int index, String text) throws InvalidGlob {
        if (in[index] != '\\') {
            return new Rune(in[index], false, index + 1);
        }
        if (index == in.length - 1) {
            throw invalid(text, index, "input ends with a \\ (escape) character");
        }
        return new Rune(in[index + 1], true, index + 2);
    }

    private static InvalidGlob invalid(String input, int pos, String message) {
        return new InvalidGlob("input:" + input + ", pos:" + pos + ", " + message + ": " + INVALID);
    }
}

package dev.lap.policy.internal.parse;

import static java.util.Objects.requireNonNull;

/**
 * One lexical token.
 *
 * @param text the source text for names, keywords, numbers and operators; the decoded value for
 *     strings and template-string segments
 * @param offset index of the first character in the source
 * @param row 1-based line
 * @param col 1-based column, counted in code points as OPA counts runes
 * @param spaceBefore whether whitespace or a comment separates this token from the previous one;
 *     refs and calls only continue across adjacent tokens ({@code f (x)} is not a call)
 * @param newlineBefore whether a line break precedes this token; newlines separate statements
 */
public record Token(
        TokenKind kind, String text, int offset, int row, int col, boolean spaceBefore, boolean newlineBefore) {
    public Token {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
    }

    public boolean is(TokenKind k) {
        return kind == k;
    }

    /** Whether this token directly follows the previous one, without whitespace or comments. */
    public boolean adjacent() {
        return !spaceBefore;
    }
}

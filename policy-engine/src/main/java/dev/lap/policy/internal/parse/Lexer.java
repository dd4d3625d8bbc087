package dev.lap.policy.internal.parse;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns Rego source into tokens. Whitespace and comments are dropped, but each token records
 * whether any preceded it and whether that included a line break: the parser needs the first to
 * tell {@code a[0]} from {@code a [0]} and the second because newlines separate statements.
 *
 * <p>Template strings ({@code $"x = {x}"}) are split here: the text up to an embedded expression is
 * one token, the expression is lexed as ordinary tokens, and the closing brace of the expression
 * resumes the string. A stack of brace depths tells that brace apart from one closing an object
 * inside the expression.
 */
public final class Lexer {
    private final String file;
    private final String src;
    private final int[] lineStarts;

    private int pos;
    private int row = 1;
    private int col = 1;
    private int braceDepth;
    private final Deque<TemplateFrame> templates = new ArrayDeque<>();

    /** An open template-string expression: whether the string is raw, and the depth it opened at. */
    private record TemplateFrame(boolean raw, int depth) {}

    public Lexer(String file, String source) {
        this.file = file;
        this.src = source;
        this.lineStarts = lineStarts(source);
        if (src.startsWith("\uFEFF")) {
            pos = 1;
        }
    }

    /** Lexes the whole source; the last token is always {@link TokenKind#EOF}. */
    public static List<Token> tokenize(String file, String source) throws RegoException {
        return new Lexer(file, source).tokens();
    }

    public List<Token> tokens() throws RegoException {
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = next();
            out.add(t);
            if (t.is(TokenKind.EOF)) {
                return out;
            }
        }
    }

    /** The location of a row and column of this source, with that row's text for a caret. */
    public Location location(int row, int col) {
        return new Location(file, row, col, lineText(row));
    }

    private String lineText(int row) {
        if (row < 1 || row > lineStarts.length) {
            return "";
        }
        int start = lineStarts[row - 1];
        int end = row < lineStarts.length ? lineStarts[row] - 1 : src.length();
        if (end > start && src.charAt(end - 1) == '\r') {
            end--;
        }
        return src.substring(start, Math.max(start, end));
    }

    private static int[] lineStarts(String s) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private Token next() throws RegoException {
        boolean space = false;
        boolean newline = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                newline |= c == '\n';
                advance();
            } else if (c == '#') {
                space = true;
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    advance();
                }
            } else {
                break;
            }
        }
        int start = pos;
        int r = row;
        int cl = col;
        if (pos >= src.length()) {
            return new Token(TokenKind.EOF, "", start, r, cl, space, newline);
        }
        char c = src.charAt(pos);
        if (isLetter(c)) {
            while (pos < src.length() && (isLetter(src.charAt(pos)) || isDigit(src.charAt(pos)))) {
                advance();
            }
            String word = src.substring(start, pos);
            return new Token(TokenKind.keyword(word), word, start, r, cl, space, newline);
        }
        if (c >= '0' && c <= '9') {
            scanNumber();
            return new Token(TokenKind.NUMBER, src.substring(start, pos), start, r, cl, space, newline);
        }
        if (c == '"') {
            advance();
            String s = scanString();
            return new Token(TokenKind.STRING, s, start, r, cl, space, newline);
        }
        if (c == '`') {
            advance();
            String s = scanRawString();
            return new Token(TokenKind.STRING, s, start, r, cl, space, newline);
        }
        if (c == '$') {
            advance();
            char q = peek();
            if (q != '"' && q != '`') {
                throw error(r, cl, "illegal $ character");
            }
            advance();
            return template(q == '`', true, start, r, cl, space, newline);
        }
        if (c == '}' && !templates.isEmpty() && templates.peek().depth() == braceDepth) {
            TemplateFrame frame = templates.pop();
            advance();
            return template(frame.raw(), false, start, r, cl, space, newline);
        }
        advance();
        TokenKind kind = switch (c) {
            case '[' -> TokenKind.LBRACK;
            case ']' -> TokenKind.RBRACK;
            case '{' -> {
                braceDepth++;
                yield TokenKind.LBRACE;
            }
            case '}' -> {
                braceDepth--;
                yield TokenKind.RBRACE;
            }
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case ',' -> TokenKind.COMMA;
            case ';' -> TokenKind.SEMICOLON;
            case '.' -> TokenKind.DOT;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            case '*' -> TokenKind.MUL;
            case '/' -> TokenKind.DIV;
            case '%' -> TokenKind.REM;
            case '&' -> TokenKind.AND;
            case '|' -> TokenKind.OR;
            case ':' -> accept('=') ? TokenKind.ASSIGN : TokenKind.COLON;
            case '=' -> accept('=') ? TokenKind.EQUAL : TokenKind.UNIFY;
            case '<' -> accept('=') ? TokenKind.LTE : TokenKind.LT;
            case '>' -> accept('=') ? TokenKind.GTE : TokenKind.GT;
            case '!' -> {
                if (!accept('=')) {
                    throw error(r, cl, "illegal ! character");
                }
                yield TokenKind.NEQ;
            }
            case '\0' -> throw error(r, cl, "illegal null character");
            default -> throw error(r, cl, "illegal token " + describe(src.codePointAt(start)));
        };
        return new Token(kind, src.substring(start, pos), start, r, cl, space, newline);
    }

    private static String describe(int codePoint) {
        return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? String.format("U+%04X", codePoint)
                : "'" + Character.toString(codePoint) + "'";
    }

    /** JSON number syntax without the sign: the parser folds a preceding minus into the literal. */
    private void scanNumber() throws RegoException {
        while (isDecimal(peek())) {
            advance();
        }
        if (peek() == '.') {
            advance();
            if (!isDecimal(peek())) {
                throw error(row, col, "expected fraction");
            }
            while (isDecimal(peek())) {
                advance();
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-') {
                advance();
            }
            if (!isDecimal(peek())) {
                throw error(row, col, "expected exponent");
            }
            while (isDecimal(peek())) {
                advance();
            }
        }
        if (isLetter(peek())) {
            throw error(row, col, "illegal number format");
        }
    }

    /** A double-quoted string after its opening quote, decoded as JSON decodes it. */
    private String scanString() throws RegoException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || peek() == '\n') {
                throw error(row, col, "non-terminated string");
            }
            char c = peek();
            if (c == '"') {
                advance();
                return sb.toString();
            }
            if (c == '\\') {
                escape(sb, false);
            } else {
                if (c < 0x20) {
                    throw error(row, col, "illegal control character in string literal");
                }
                // advance() steps over a whole surrogate pair, so copy the whole code point.
                int from = pos;
                advance();
                sb.append(src, from, pos);
            }
        }
    }

    private String scanRawString() throws RegoException {
        int start = pos;
        int r = row;
        int c = col;
        while (pos < src.length() && peek() != '`') {
            advance();
        }
        if (pos >= src.length()) {
            throw error(r, c - 1, "non-terminated string");
        }
        String s = src.substring(start, pos);
        advance();
        return s;
    }

    /**
     * Scans template-string text up to an embedded expression or the closing quote. {@code first}
     * is whether this is the start of the string (after the dollar and quote) or its resumption
     * (after the brace closing an expression).
     */
    private Token template(boolean raw, boolean first, int start, int r, int cl, boolean space, boolean newline)
            throws RegoException {
        StringBuilder sb = new StringBuilder();
        char close = raw ? '`' : '"';
        while (true) {
            if (pos >= src.length() || (!raw && peek() == '\n')) {
                throw error(r, cl, "non-terminated string");
            }
            char c = peek();
            if (c == close) {
                advance();
                TokenKind kind = first ? TokenKind.TEMPLATE_WHOLE : TokenKind.TEMPLATE_END;
                return new Token(kind, sb.toString(), start, r, cl, space, newline);
            }
            if (c == '{') {
                advance();
                templates.push(new TemplateFrame(raw, braceDepth));
                TokenKind kind = first ? TokenKind.TEMPLATE_START : TokenKind.TEMPLATE_MIDDLE;
                return new Token(kind, sb.toString(), start, r, cl, space, newline);
            }
            if (c == '\\' && raw) {
                advance();
                if (peek() == '{') {
                    advance();
                    sb.append('{');
                } else {
                    sb.append('\\');
                }
            } else if (c == '\\') {
                escape(sb, true);
            } else {
                if (!raw && c < 0x20) {
                    throw error(row, col, "illegal control character in string literal");
                }
                // advance() steps over a whole surrogate pair, so copy the whole code point.
                int from = pos;
                advance();
                sb.append(src, from, pos);
            }
        }
    }

    /** Decodes the escape at the current backslash; an escaped brace only exists in template strings. */
    private void escape(StringBuilder sb, boolean template) throws RegoException {
        int r = row;
        int c = col;
        advance();
        char e = peek();
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                advance();
                int unit = hex4(r, c);
                if (Character.isHighSurrogate((char) unit) && startsWith("\\u")) {
                    int save = pos;
                    int saveRow = row;
                    int saveCol = col;
                    advance();
                    advance();
                    int low = hex4(r, c);
                    if (Character.isLowSurrogate((char) low)) {
                        sb.append((char) unit).append((char) low);
                        return;
                    }
                    // Not a pair: like Go's JSON decoder, replace the lone half and decode the
                    // second escape on its own.
                    pos = save;
                    row = saveRow;
                    col = saveCol;
                    sb.append('\uFFFD');
                    return;
                }
                sb.append(Character.isSurrogate((char) unit) ? '\uFFFD' : (char) unit);
                return;
            }
            case '{' -> {
                if (!template) {
                    throw error(r, c, "illegal escape sequence");
                }
                sb.append('{');
            }
            default -> throw error(r, c, "illegal escape sequence");
        }
        advance();
    }

    private int hex4(int r, int c) throws RegoException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = peek();
            int d = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')
                    ? Character.digit(h, 16)
                    : -1;
            if (d < 0) {
                throw error(r, c, "illegal escape sequence");
            }
            v = v * 16 + d;
            advance();
        }
        return v;
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private boolean accept(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            advance();
            return true;
        }
        return false;
    }

    /** Moves one code point on, keeping row and column (in code points) current. */
    private void advance() {
        char c = src.charAt(pos);
        pos++;
        if (c == '\n') {
            row++;
            col = 1;
            return;
        }
        if (Character.isHighSurrogate(c) && pos < src.length() && Character.isLowSurrogate(src.charAt(pos))) {
            pos++;
        }
        col++;
    }

    private RegoException error(int r, int c, String message) {
        return new RegoException(RegoError.at(RegoError.PARSE, message, location(r, c)));
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** As OPA's scanner: identifiers may continue with any Unicode digit, but start with ASCII. */
    private static boolean isDigit(char c) {
        return isDecimal(c) || (c >= 0x80 && Character.isDigit(c));
    }

    private static boolean isDecimal(char c) {
        return c >= '0' && c <= '9';
    }
}

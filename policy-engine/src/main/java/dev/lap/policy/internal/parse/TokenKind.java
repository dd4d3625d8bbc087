package dev.lap.policy.internal.parse;

/**
 * The kinds of Rego tokens. {@link #display} is how error messages name a token; operators use
 * OPA's builtin names ({@code plus}, {@code equal}, ...) so messages read as OPA's do.
 */
public enum TokenKind {
    IDENT("ident"),
    NUMBER("number"),
    STRING("string"),
    /** A template string ({@code $"..."} or a raw one) up to its first embedded expression. */
    TEMPLATE_START("template-string-part"),
    /** The text between two embedded expressions of a template string. */
    TEMPLATE_MIDDLE("template-string-part"),
    /** The text after the last embedded expression, up to the closing quote. */
    TEMPLATE_END("template-string-end"),
    /** A template string without embedded expressions. */
    TEMPLATE_WHOLE("template-string-end"),

    PACKAGE("package", true),
    IMPORT("import", true),
    AS("as", true),
    DEFAULT("default", true),
    ELSE("else", true),
    NOT("not", true),
    SOME("some", true),
    WITH("with", true),
    NULL("null", true),
    TRUE("true", true),
    FALSE("false", true),
    EVERY("every", true),
    CONTAINS("contains", true),
    IF("if", true),
    IN("in", true),

    LBRACK("["),
    RBRACK("]"),
    LBRACE("{"),
    RBRACE("}"),
    LPAREN("("),
    RPAREN(")"),
    COMMA(","),
    COLON(":"),
    SEMICOLON(";"),
    DOT("."),
    PLUS("plus"),
    MINUS("minus"),
    MUL("mul"),
    DIV("div"),
    REM("rem"),
    AND("and"),
    OR("or"),
    UNIFY("eq"),
    ASSIGN("assign"),
    EQUAL("equal"),
    NEQ("neq"),
    LT("lt"),
    LTE("lte"),
    GT("gt"),
    GTE("gte"),
    EOF("eof");

    private final String display;
    private final boolean keyword;

    TokenKind(String display) {
        this(display, false);
    }

    TokenKind(String display, boolean keyword) {
        this.display = display;
        this.keyword = keyword;
    }

    public String display() {
        return display;
    }

    /** Keywords may still name a ref segment ({@code input.if}) or head a ref ({@code if.x}). */
    public boolean isKeyword() {
        return keyword;
    }

    /** "token" or "keyword", the noun OPA's messages use after the token's name. */
    public String noun() {
        return keyword ? "keyword" : "token";
    }

    static TokenKind keyword(String word) {
        return switch (word) {
            case "package" -> PACKAGE;
            case "import" -> IMPORT;
            case "as" -> AS;
            case "default" -> DEFAULT;
            case "else" -> ELSE;
            case "not" -> NOT;
            case "some" -> SOME;
            case "with" -> WITH;
            case "null" -> NULL;
            case "true" -> TRUE;
            case "false" -> FALSE;
            case "every" -> EVERY;
            case "contains" -> CONTAINS;
            case "if" -> IF;
            case "in" -> IN;
            default -> IDENT;
        };
    }
}

package dev.lap.policy.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<TokenKind> kinds(String src) throws RegoException {
        return Lexer.tokenize("l.rego", src).stream().map(Token::kind).toList();
    }

    private static RegoError error(String src) {
        RegoException e = catchThrowableOfType(RegoException.class, () -> Lexer.tokenize("l.rego", src));
        assertThat(e).as("expected a lexer error for %s", src).isNotNull();
        assertThat(e.first().code()).isEqualTo(RegoError.PARSE);
        return e.first();
    }

    @Test
    void operatorsAreLongestMatch() throws RegoException {
        assertThat(kinds(":= : == = != <= < >= > + - * / % & |"))
                .containsExactly(
                        TokenKind.ASSIGN,
                        TokenKind.COLON,
                        TokenKind.EQUAL,
                        TokenKind.UNIFY,
                        TokenKind.NEQ,
                        TokenKind.LTE,
                        TokenKind.LT,
                        TokenKind.GTE,
                        TokenKind.GT,
                        TokenKind.PLUS,
                        TokenKind.MINUS,
                        TokenKind.MUL,
                        TokenKind.DIV,
                        TokenKind.REM,
                        TokenKind.AND,
                        TokenKind.OR,
                        TokenKind.EOF);
    }

    @Test
    void keywordsAreRecognisedAndOtherWordsAreIdentifiers() throws RegoException {
        assertThat(kinds("package import as default else not some with null true false every contains if in"))
                .allMatch(k -> k.isKeyword() || k == TokenKind.EOF);
        assertThat(kinds("iff _x1 contains2"))
                .containsExactly(TokenKind.IDENT, TokenKind.IDENT, TokenKind.IDENT, TokenKind.EOF);
    }

    @Test
    void minusIsAnOperatorNotPartOfTheNumber() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "-1.5e3");
        assertThat(toks).extracting(Token::kind).containsExactly(TokenKind.MINUS, TokenKind.NUMBER, TokenKind.EOF);
        assertThat(toks.get(1).text()).isEqualTo("1.5e3");
    }

    @Test
    void tokensCarryRowAndColumn() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "p if {\n\tx := \"é\" # c\n  y\n}");
        Token x = toks.get(3);
        assertThat(x.text()).isEqualTo("x");
        assertThat(x.row()).isEqualTo(2);
        assertThat(x.col()).isEqualTo(2);
        Token y = toks.get(6);
        assertThat(y.text()).isEqualTo("y");
        assertThat(y.row()).isEqualTo(3);
        assertThat(y.col()).isEqualTo(3);
        assertThat(y.newlineBefore()).isTrue();
        assertThat(toks.get(5).newlineBefore()).isFalse();
    }

    @Test
    void stringsKeepCharactersOutsideTheBasicPlaneWhole() throws RegoException {
        // Two emoji share their high surrogate; dropping the low half made them equal.
        assertThat(Lexer.tokenize("l", "\"😇😀\"").get(0).text()).isEqualTo("😇😀");
        assertThat(Lexer.tokenize("l", "$\"😇{x}😀\"").get(0).text()).isEqualTo("😇");
    }

    @Test
    void columnsCountCodePoints() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "\"😀\" x");
        assertThat(toks.get(1).col()).isEqualTo(5);
    }

    @Test
    void adjacencyIsRecorded() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "a[0] b [0]");
        assertThat(toks.get(1).adjacent()).isTrue();
        assertThat(toks.get(5).adjacent()).isFalse();
    }

    @Test
    void commentsRunToEndOfLineAndCountAsSpace() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "# METADATA\n# title: x\na#c\n[1]");
        assertThat(toks)
                .extracting(Token::kind)
                .containsExactly(TokenKind.IDENT, TokenKind.LBRACK, TokenKind.NUMBER, TokenKind.RBRACK, TokenKind.EOF);
        assertThat(toks.get(1).adjacent()).isFalse();
    }

    @Test
    void stringsDecodeJsonEscapesIncludingSurrogatePairs() throws RegoException {
        Token t = Lexer.tokenize("l", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00\"")
                .get(0);
        assertThat(t.text()).isEqualTo("\"\\/\b\f\n\r\tA😀");
        assertThat(Lexer.tokenize("l", "\"\\ud800x\"").get(0).text()).isEqualTo("\uFFFDx");
    }

    @Test
    void rawStringsSpanLinesWithoutEscapes() throws RegoException {
        Token t = Lexer.tokenize("l", "`a\\n\nb`").get(0);
        assertThat(t.kind()).isEqualTo(TokenKind.STRING);
        assertThat(t.text()).isEqualTo("a\\n\nb");
    }

    @Test
    void malformedLiteralsAreErrorsWithLocations() {
        assertThat(error("x := \"abc").message()).isEqualTo("non-terminated string");
        assertThat(error("x := \"a\nb\"").message()).isEqualTo("non-terminated string");
        assertThat(error("`abc").message()).isEqualTo("non-terminated string");
        assertThat(error("\"\\q\"").message()).isEqualTo("illegal escape sequence");
        assertThat(error("\"\\u12\"").message()).isEqualTo("illegal escape sequence");
        assertThat(error("1.e5").message()).isEqualTo("expected fraction");
        assertThat(error("1e").message()).isEqualTo("expected exponent");
        assertThat(error("12ab").message()).isEqualTo("illegal number format");
        assertThat(error("a ! b").message()).isEqualTo("illegal ! character");
        RegoError e = error("x := 1\ny := @");
        assertThat(e.message()).isEqualTo("illegal token '@'");
        assertThat(e.location().row()).isEqualTo(2);
        assertThat(e.location().col()).isEqualTo(6);
        assertThat(e.location().lineText()).isEqualTo("y := @");
    }

    @Test
    void templateStringsSplitAroundEmbeddedExpressions() throws RegoException {
        List<Token> toks = Lexer.tokenize("l", "$\"a{ {x: 1}.x }b{y}c\"");
        assertThat(toks)
                .extracting(Token::kind)
                .containsExactly(
                        TokenKind.TEMPLATE_START,
                        TokenKind.LBRACE,
                        TokenKind.IDENT,
                        TokenKind.COLON,
                        TokenKind.NUMBER,
                        TokenKind.RBRACE,
                        TokenKind.DOT,
                        TokenKind.IDENT,
                        TokenKind.TEMPLATE_MIDDLE,
                        TokenKind.IDENT,
                        TokenKind.TEMPLATE_END,
                        TokenKind.EOF);
        assertThat(toks.get(0).text()).isEqualTo("a");
        assertThat(toks.get(8).text()).isEqualTo("b");
        assertThat(toks.get(10).text()).isEqualTo("c");
        assertThat(Lexer.tokenize("l", "$\"\\{x}\"").get(0).kind()).isEqualTo(TokenKind.TEMPLATE_WHOLE);
    }

    @Test
    void byteOrderMarkAtStartIsSkipped() throws RegoException {
        assertThat(kinds("\uFEFFpackage a")).containsExactly(TokenKind.PACKAGE, TokenKind.IDENT, TokenKind.EOF);
    }
}

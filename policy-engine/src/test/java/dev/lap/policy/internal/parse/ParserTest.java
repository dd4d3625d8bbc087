package dev.lap.policy.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.internal.ast.Import;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.value.NumberValue;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {

    private static Module module(String src) throws RegoException {
        return Parser.parseModule("test.rego", src);
    }

    private static List<String> rules(String src) throws RegoException {
        return module("package test\n" + src).rules().stream().map(AstText::of).toList();
    }

    private static String rule(String src) throws RegoException {
        List<String> rules = rules(src);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static String query(String src) throws RegoException {
        return AstText.body(Parser.parseQuery("q.rego", src));
    }

    private static String term(String src) throws RegoException {
        return AstText.of(Parser.parseTerm("t.rego", src));
    }

    private static RegoError moduleError(String src) {
        RegoException e = catchThrowableOfType(RegoException.class, () -> module(src));
        assertThat(e).as("expected a parse error for:\n%s", src).isNotNull();
        assertThat(e.first().code()).isEqualTo(RegoError.PARSE);
        return e.first();
    }

    private static RegoError queryError(String src) {
        RegoException e = catchThrowableOfType(RegoException.class, () -> Parser.parseQuery("q.rego", src));
        assertThat(e).as("expected a parse error for: %s", src).isNotNull();
        assertThat(e.first().code()).isEqualTo(RegoError.PARSE);
        return e.first();
    }

    // ---- packages and imports ----------------------------------------------------------------

    @Test
    void packagePathIsARefUnderData() throws RegoException {
        assertThat(AstText.of(module("package a.b.c").packagePath())).isEqualTo("data.a.b.c");
        assertThat(AstText.of(module("package a[\"b-c\"]").packagePath())).isEqualTo("data.a.b-c");
        assertThat(module("package a.b").packagePath().head())
                .isInstanceOfSatisfying(
                        Term.Var.class, v -> assertThat(v.name()).isEqualTo("data"));
    }

    @Test
    void keywordsMayNamePackageSegments() throws RegoException {
        assertThat(AstText.of(module("package foo.if.contains").packagePath())).isEqualTo("data.foo.if.contains");
    }

    @Test
    void importsKeepTheirPathAndAlias() throws RegoException {
        Module m = module("""
                package test
                import rego.v1
                import future.keywords
                import future.keywords.in
                import data.x.y
                import data.x as z
                import input.a.b as c
                import data.foo.as as my_as
                """);
        assertThat(m.imports())
                .extracting(i -> AstText.of(i.path()) + (i.alias() == null ? "" : " as " + i.alias()))
                .containsExactly(
                        "rego.v1",
                        "future.keywords",
                        "future.keywords.in",
                        "data.x.y",
                        "data.x as z",
                        "input.a.b as c",
                        "data.foo.as as my_as");
    }

    @Test
    void importOfAnUnknownRootIsAParseError() {
        assertThat(moduleError("package test\nimport foo.bar").message())
                .startsWith("unexpected import path, must begin with one of");
    }

    @Test
    void importEndingInAKeywordNeedsAnAlias() {
        assertThat(moduleError("package test\nimport data.foo.if").message())
                .startsWith("unexpected import path, must not end with a keyword, got: if");
    }

    @Test
    void moduleWithoutPackageIsAParseError() {
        RegoError e = moduleError("p := 1");
        assertThat(e.message()).isEqualTo("package expected");
        assertThat(e.location()).isEqualTo(new Location("test.rego", 1, 1, "p := 1"));
        assertThat(moduleError("").message()).isEqualTo("empty module");
    }

    // ---- rules -------------------------------------------------------------------------------

    @Test
    void constantRulesHaveAValueAndNoBody() throws RegoException {
        assertThat(rule("p := 1")).isEqualTo("SINGLE p := 1");
        assertThat(rule("p = 1")).isEqualTo("SINGLE p = 1");
        assertThat(rule("a.b.c := 1")).isEqualTo("SINGLE a.b.c := 1");
    }

    @Test
    void ifRulesWithoutValueHaveANullValueMeaningTrue() throws RegoException {
        Module m = module("package test\np if { input.x }");
        Rule r = m.rules().get(0);
        assertThat(r.value()).isNull();
        assertThat(r.assign()).isFalse();
        assertThat(r.kind()).isEqualTo(Rule.Kind.SINGLE);
        assertThat(AstText.of(r)).isEqualTo("SINGLE p if { input.x }");
    }

    @Test
    void singleExpressionBodiesNeedNoBraces() throws RegoException {
        assertThat(rule("p if input.x == 1")).isEqualTo("SINGLE p if { equal(input.x, 1) }");
        assertThat(rule("p := v if v := input.x")).isEqualTo("SINGLE p := v if { assign(v, input.x) }");
        assertThat(rule("p if {1} == {1}")).isEqualTo("SINGLE p if { equal({1}, {1}) }");
    }

    @Test
    void braceAfterIfIsABodyNotASet() throws RegoException {
        assertThat(rule("p if { true }")).isEqualTo("SINGLE p if { true }");
        assertThat(rule("p if {\n  x := 1\n  x > 0; x < 2\n}"))
                .isEqualTo("SINGLE p if { assign(x, 1); gt(x, 0); lt(x, 2) }");
    }

    @Test
    void multiValueRulesKeepTheirElementAsKey() throws RegoException {
        assertThat(rule("p contains x if { x := 1 }")).isEqualTo("MULTI p contains x if { assign(x, 1) }");
        assertThat(rule("p contains \"a\"")).isEqualTo("MULTI p contains \"a\"");
        assertThat(rule("a.b[x] contains y if { y := x }")).isEqualTo("MULTI a.b[x] contains y if { assign(y, x) }");
    }

    @Test
    void refHeadsAreRelativeToThePackage() throws RegoException {
        Rule r = module("package test\na.b[x] := 1 if { x := 2 }").rules().get(0);
        assertThat(r.ref().head()).isInstanceOf(Term.Var.class);
        assertThat(AstText.list(r.ref().path())).isEqualTo("\"b\", x");
        assertThat(rule("p[k] := v if { k := 1; v := 2 }"))
                .isEqualTo("SINGLE p[k] := v if { assign(k, 1); assign(v, 2) }");
        assertThat(rule("p[k] if { k := 1 }")).isEqualTo("SINGLE p[k] if { assign(k, 1) }");
        assertThat(rule("a.b[x].c := y if { x := 1; y := 2 }"))
                .isEqualTo("SINGLE a.b[x].c := y if { assign(x, 1); assign(y, 2) }");
    }

    @Test
    void functionsHaveArgsAndEachDefinitionIsItsOwnRule() throws RegoException {
        assertThat(rules("""
                        f(x) := y if { y := x }
                        f(x, y) if { x == y }
                        f(1, "a") := 2
                        """))
                .containsExactly(
                        "FUNCTION f(x) := y if { assign(y, x) }",
                        "FUNCTION f(x, y) if { equal(x, y) }",
                        "FUNCTION f(1, \"a\") := 2");
    }

    @Test
    void defaultRulesAreMarkedAndHaveNoBody() throws RegoException {
        assertThat(rule("default p := false")).isEqualTo("default SINGLE p := false");
        assertThat(rule("default f(_) := 1")).isEqualTo("default FUNCTION f(_) := 1");
    }

    @Test
    void defaultRuleValueMustBeConstant() {
        assertThat(moduleError("package test\ndefault p := input.x").message())
                .isEqualTo("illegal default rule (value cannot contain ref)");
        assertThat(moduleError("package test\ndefault p").message())
                .isEqualTo("illegal default rule (must have a value)");
        assertThat(moduleError("package test\ndefault f(x, x) := 1").message())
                .isEqualTo("illegal default rule (arguments cannot be repeated x)");
    }

    @Test
    void elseChainsLinkRulesWithTheirOwnValues() throws RegoException {
        Rule r = module("""
                        package test
                        p := 1 if { input.a } else := 2 if { input.b } else := 3
                        """).rules().get(0);
        assertThat(AstText.of(r)).isEqualTo("SINGLE p := 1 if { input.a } else := 2 if { input.b } else := 3");
        assertThat(r.elseRule().ref()).isEqualTo(r.ref());
        assertThat(r.elseRule().elseRule().body()).isEmpty();
        assertThat(rule("f(x) := 1 if x > 0 else = 0")).isEqualTo("FUNCTION f(x) := 1 if { gt(x, 0) } else = 0");
        assertThat(rule("p if { input.a } else if { input.b }"))
                .isEqualTo("SINGLE p if { input.a } else if { input.b }");
    }

    @Test
    void elseWithoutIfBeforeBodyIsAParseError() {
        assertThat(moduleError("package test\np := 1 if { input.a } else = 2 { true }")
                        .message())
                .isEqualTo("`if` keyword is required before rule body");
    }

    @Test
    void elseOnMultiValueOrVariableHeadsIsAParseError() {
        assertThat(moduleError("package test\np contains 1 if { true } else := 2")
                        .message())
                .isEqualTo("else keyword cannot be used on multi-value rules");
        assertThat(moduleError("package test\np[x] := 1 if { x := 1 } else := 2")
                        .message())
                .isEqualTo("else keyword cannot be used on rules with variables in head");
    }

    @Test
    void ruleWithoutIfKeywordIsAParseError() {
        RegoError e = moduleError("package test\n\np { true }");
        assertThat(e.message()).isEqualTo("`if` keyword is required before rule body");
        assertThat(e.location()).isEqualTo(new Location("test.rego", 3, 1, "p { true }"));
        assertThat(moduleError("package test\nf(x) { true }").message())
                .isEqualTo("`if` keyword is required before function body");
    }

    @Test
    void v0PartialSetRuleReportsBothMissingKeywords() {
        RegoException e = catchThrowableOfType(RegoException.class, () -> module("package test\np[x] { x := 1 }"));
        assertThat(e.errors())
                .extracting(RegoError::message)
                .containsExactly(
                        "`if` keyword is required before rule body",
                        "`contains` keyword is required for partial set rules");
    }

    @Test
    void ruleWithoutValueOrBodyIsAParseError() {
        assertThat(moduleError("package test\np[x]").message())
                .isEqualTo("`contains` keyword is required for partial set rules");
        assertThat(moduleError("package test\na.b.c").message())
                .isEqualTo("rule must have value assignment and/or body declaration");
        assertThat(moduleError("package test\np").message()).isEqualTo("var cannot be used for rule name");
    }

    @Test
    void keywordsMayHeadRefsInRulesAndStatements() throws RegoException {
        assertThat(rules("""
                        p if {
                          in.foo == 1
                          foo.in == 2
                        }
                        in.foo := 1
                        foo.contains := 2
                        else.x contains "a"
                        with.bar.one := 3
                        """))
                .containsExactly(
                        "SINGLE p if { equal(in.foo, 1); equal(foo.in, 2) }",
                        "SINGLE in.foo := 1",
                        "SINGLE foo.contains := 2",
                        "MULTI else.x contains \"a\"",
                        "SINGLE with.bar.one := 3");
    }

    @Test
    void containsIsTheBuiltinOutsideRuleHeads() throws RegoException {
        assertThat(query("contains(\"abc\", \"b\")")).isEqualTo("contains(\"abc\", \"b\")");
    }

    @Test
    void secondBodyBlockDefinesAnotherRuleWithTheSameHead() throws RegoException {
        assertThat(rules("p if { input.a } { input.b }"))
                .containsExactly("SINGLE p if { input.a }", "SINGLE p if { input.b }");
    }

    // ---- statements --------------------------------------------------------------------------

    @Test
    void statementsAreSeparatedBySemicolonsOrNewlines() throws RegoException {
        assertThat(query("x := 1; y := 2\nz := 3")).isEqualTo("assign(x, 1); assign(y, 2); assign(z, 3)");
    }

    @Test
    void twoStatementsOnOneLineWithoutSemicolonIsAParseError() {
        RegoError e = queryError("x := 1 y := 2");
        assertThat(e.message()).isEqualTo("unexpected ident token: expected \\n or ; or eof");
        assertThat(e.location().col()).isEqualTo(8);
    }

    @Test
    void notSomeAndEveryBecomeTheirLiterals() throws RegoException {
        assertThat(query("not input.x")).isEqualTo("not input.x");
        assertThat(query("some x, y")).isEqualTo("some x, y");
        assertThat(query("some x in xs")).isEqualTo("some x in xs");
        assertThat(query("some k, v in xs")).isEqualTo("some k, v in xs");
        assertThat(query("every x in xs { x > 0 }")).isEqualTo("every x in xs { gt(x, 0) }");
        assertThat(query("every k, v in xs { k == v }")).isEqualTo("every k, v in xs { equal(k, v) }");
        Stmt s = Parser.parseQuery("q", "some k, v in xs").get(0);
        assertThat(s.literal()).isInstanceOf(Literal.SomeIn.class);
    }

    @Test
    void notBeforeABraceIsABodyOnlyWithItsImport() throws RegoException {
        Module with = module("package t\nimport future.keywords.not\np if not { input.x; input.y }\n");
        assertThat(with.rules().get(0).body().get(0).literal())
                .isInstanceOfSatisfying(
                        Literal.NotBody.class, n -> assertThat(n.body()).hasSize(2));
        // Without the import, {...} after not is a set, as it always was.
        Module without = module("package t\np if not {input.x}\n");
        assertThat(without.rules().get(0).body().get(0).literal()).isInstanceOf(Literal.Not.class);
    }

    @Test
    void negatingSomeOrEveryIsAParseError() {
        assertThat(queryError("not some x in xs").message())
                .isEqualTo("unexpected some keyword: illegal negation of 'some'");
        assertThat(queryError("every x in xs").message()).isEqualTo("unexpected eof token: missing body");
    }

    @Test
    void withModifiersAttachToTheStatement() throws RegoException {
        assertThat(query("f(x) with input.x as 1 with data.f as g"))
                .isEqualTo("f(x) with input.x as 1 with data.f as g");
        assertThat(query("x with input as {\"a\": 1}")).isEqualTo("x with ref(input) as {\"a\": 1}");
        assertThat(query("x with count as mock_count")).isEqualTo("x with ref(count) as mock_count");
    }

    // ---- and / or ----------------------------------------------------------------------------

    /** The body of {@code p if { body }} in a module importing {@code and}, {@code or} and {@code not}. */
    private static String logical(String body) throws RegoException {
        Module m = module("package t\nimport future.keywords.and\nimport future.keywords.or\n"
                + "import future.keywords.not\np if {\n" + body + "\n}\n");
        return AstText.body(m.rules().get(0).body());
    }

    private static RegoError logicalError(String body) {
        return moduleError("package t\nimport future.keywords.and\nimport future.keywords.or\n"
                + "import future.keywords.not\np if {\n" + body + "\n}\n");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() throws RegoException {
        assertThat(logical("x or y and z")).isEqualTo("(x or (y and z))");
        assertThat(logical("x and y or z")).isEqualTo("((x and y) or z)");
        assertThat(logical("x and y or z and w")).isEqualTo("((x and y) or (z and w))");
        assertThat(logical("not x or y")).isEqualTo("(not x or y)");
        assertThat(logical("not x and not y or z")).isEqualTo("((not x and not y) or z)");
    }

    @Test
    void chainsNestToTheLeft() throws RegoException {
        assertThat(logical("x and y and z")).isEqualTo("((x and y) and z)");
        assertThat(logical("x or y or z")).isEqualTo("((x or y) or z)");
    }

    @Test
    void parenthesesGroupOperatorsAndRedundantOnesCollapse() throws RegoException {
        assertThat(logical("a and (b or c)")).isEqualTo("(a and (b or c))");
        assertThat(logical("(a or b) and c")).isEqualTo("((a or b) and c)");
        assertThat(logical("a or (b or c)")).isEqualTo("(a or (b or c))");
        assertThat(logical("(((a or b)))")).isEqualTo("(a or b)");
        assertThat(logical("(a == b) or (c == d)")).isEqualTo("(equal(a, b) or equal(c, d))");
        // Parentheses that hold no operator stay a term.
        assertThat(logical("(input.x + 1) > 0 and y")).isEqualTo("(gt(plus(input.x, 1), 0) and y)");
        assertThat(logical("({a}) and b")).isEqualTo("({a} and b)");
    }

    @Test
    void notBeforeAGroupNegatesTheWholeGroup() throws RegoException {
        assertThat(logical("not (a or b)")).isEqualTo("not { (a or b) }");
        assertThat(logical("not (a or b) and c")).isEqualTo("(not { (a or b) } and c)");
        assertThat(logical("not { a or b }")).isEqualTo("not { (a or b) }");
        assertThat(logical("not (a)")).isEqualTo("not a");
    }

    @Test
    void bracedOperandsAreExplicitBodies() throws RegoException {
        assertThat(logical("{ x; y } and z")).isEqualTo("({ x; y } and z)");
        assertThat(logical("x or { y := 1; y > 0 }")).isEqualTo("(x or { assign(y, 1); gt(y, 0) })");
        assertThat(logical("{ a or b } and { c or d }")).isEqualTo("({ (a or b) } and { (c or d) })");
        Stmt s = module("package t\nimport future.keywords.and\np if { {x} and y }\n")
                .rules()
                .get(0)
                .body()
                .get(0);
        assertThat(s.literal()).isInstanceOfSatisfying(Literal.Logical.class, l -> {
            assertThat(l.explicitLhs()).isTrue();
            assertThat(l.explicitRhs()).isFalse();
        });
    }

    @Test
    void aTrailingWithModifiesTheWholeChainAndAGroupedOneItsOperand() throws RegoException {
        assertThat(logical("a and b with input.x as v")).isEqualTo("(a and b) with input.x as v");
        assertThat(logical("a or b and c with input.x as v")).isEqualTo("(a or (b and c)) with input.x as v");
        assertThat(logical("(a with input.x as v) and b")).isEqualTo("(a with input.x as v and b)");
        assertThat(logical("(a or b with input.x as v) and c")).isEqualTo("((a or b) with input.x as v and c)");
        assertThat(logical("{ a with input.x as v } and b")).isEqualTo("({ a with input.x as v } and b)");
    }

    @Test
    void aWithOnABareOperandIsAParseError() {
        assertThat(logicalError("a with input.x as v and b").message())
                .startsWith("`with` modifier is not allowed on operand of `and`");
        assertThat(logicalError("(a with input.x as v or b)").message())
                .startsWith("`with` modifier is not allowed on operand of `or`");
        assertThat(logicalError("a and b with input.x as v or c").message()).isEqualTo("unexpected or keyword");
    }

    @Test
    void operatorsOutsideStatementsOrWithoutOperandsAreParseErrors() {
        assertThat(logicalError("f(x and y)").message()).contains("and keyword");
        assertThat(logicalError("x or or y").message()).isEqualTo("unexpected or keyword");
        assertThat(logicalError("a or ()").message()).isEqualTo("empty parenthesized group");
        assertThat(logicalError("a and (b or c").message()).isEqualTo("expected ) to close parenthesized group");
        assertThat(logicalError("a and some x in xs").message()).isEqualTo("unexpected some keyword");
        assertThat(logicalError("a and {1, 2} & s == x").message())
                .isEqualTo("operand of `and` cannot begin with `{` unless the braces hold a body");
    }

    @Test
    void andAndOrAreOperatorsOnlyWithTheirOwnImport() throws RegoException {
        // Without an import both stay names.
        assertThat(rule("p if { and := 1; or := and }")).isEqualTo("SINGLE p if { assign(and, 1); assign(or, and) }");
        moduleError("package t\np if input.a and input.b\n");
        // Each import enables its own word only.
        Module onlyAnd = module("package t\nimport future.keywords.and\np if { x := 1; or := x; x and or }\n");
        assertThat(AstText.body(onlyAnd.rules().get(0).body())).endsWith("(x and or)");
        // Importing every future keyword includes them, as in OPA.
        Module all = module("package t\nimport future.keywords\np if input.a or input.b\n");
        assertThat(all.rules().get(0).body().get(0).literal()).isInstanceOf(Literal.Logical.class);
    }

    @Test
    void aRefMayStillStartWithOrContainTheWords() throws RegoException {
        assertThat(logical("and.x or x.and")).isEqualTo("(and.x or x.and)");
    }

    // ---- operators ---------------------------------------------------------------------------

    @Test
    void operatorsBindTighterThanComparison() throws RegoException {
        assertThat(query("a + b * c == d - e / f % g"))
                .isEqualTo("equal(plus(a, mul(b, c)), minus(d, rem(div(e, f), g)))");
    }

    @Test
    void setOperatorsBindBetweenArithmeticAndComparison() throws RegoException {
        assertThat(query("a | b & c + 1 != d")).isEqualTo("neq(or(a, and(b, plus(c, 1))), d)");
    }

    @Test
    void arithmeticIsLeftAssociative() throws RegoException {
        assertThat(query("a - b - c")).isEqualTo("minus(minus(a, b), c)");
        assertThat(query("a / b * c")).isEqualTo("mul(div(a, b), c)");
    }

    @Test
    void assignmentAndUnificationBindLoosest() throws RegoException {
        assertThat(query("x := 1 + 2 < 4")).isEqualTo("assign(x, lt(plus(1, 2), 4))");
        assertThat(query("[a, b] = [1, 2]")).isEqualTo("eq([a, b], [1, 2])");
    }

    @Test
    void membershipBindsLooserThanComparison() throws RegoException {
        assertThat(query("x in xs")).isEqualTo("internal.member_2(x, xs)");
        assertThat(query("k, v in xs")).isEqualTo("internal.member_3(k, v, xs)");
        assertThat(query("x == 1 in xs")).isEqualTo("internal.member_2(equal(x, 1), xs)");
        assertThat(query("y := x in xs")).isEqualTo("assign(y, internal.member_2(x, xs))");
    }

    @Test
    void commaInArgumentsSeparatesArgumentsNotMembership() throws RegoException {
        assertThat(query("f(k, v in xs)")).isEqualTo("f(k, internal.member_2(v, xs))");
        assertThat(term("[k, v in xs]")).isEqualTo("[k, internal.member_2(v, xs)]");
    }

    @Test
    void comparisonsChainLeftToRight() throws RegoException {
        assertThat(query("a < b <= c")).isEqualTo("lte(lt(a, b), c)");
        assertThat(query("a > b >= c")).isEqualTo("gte(gt(a, b), c)");
    }

    @Test
    void parenthesesGroup() throws RegoException {
        assertThat(query("(a + b) * c")).isEqualTo("mul(plus(a, b), c)");
    }

    // ---- terms -------------------------------------------------------------------------------

    @Test
    void scalarsParseToValues() throws RegoException {
        assertThat(term("null")).isEqualTo("null");
        assertThat(term("true")).isEqualTo("true");
        assertThat(term("false")).isEqualTo("false");
        assertThat(term("\"a\\u00e9\\n\"")).isEqualTo("\"aé\n\"");
        assertThat(term("`raw\\n\nline`")).isEqualTo("\"raw\\n\nline\"");
    }

    @Test
    void numbersKeepArbitraryPrecision() throws RegoException {
        Term t = Parser.parseTerm("t", "123456789012345678901234567890.000000000000000000001");
        assertThat(((Term.Scalar) t).value())
                .isEqualTo(NumberValue.of(new BigDecimal("123456789012345678901234567890.000000000000000000001")));
        assertThat(((Term.Scalar) Parser.parseTerm("t", "1e3")).value()).isEqualTo(NumberValue.of(1000));
    }

    @Test
    void unaryMinusFoldsIntoTheNumber() throws RegoException {
        assertThat(((Term.Scalar) Parser.parseTerm("t", "-1.5")).value())
                .isEqualTo(NumberValue.of(new BigDecimal("-1.5")));
        assertThat(term("[-1, x - 1, x-1]")).isEqualTo("[-1, minus(x, 1), minus(x, 1)]");
        assertThat(term(".5")).isEqualTo(NumberValue.of(new BigDecimal("0.5")).toString());
    }

    @Test
    void invalidNumbersAreParseErrors() {
        assertThat(queryError("x := 01").message())
                .isEqualTo("unexpected number token: expected number without leading zero");
        assertThat(queryError("x := 1e999999999").message()).isEqualTo("number too big");
        assertThat(queryError("x := 1.").message()).isEqualTo("expected fraction");
        assertThat(queryError("x := -y").message()).isEqualTo("unexpected ident token: expected number");
    }

    @Test
    void bareInputAndDataAreRefs() throws RegoException {
        assertThat(Parser.parseTerm("t", "input")).isInstanceOf(Term.Ref.class);
        assertThat(term("data")).isEqualTo("ref(data)");
        assertThat(Parser.parseTerm("t", "x")).isInstanceOf(Term.Var.class);
    }

    @Test
    void refsTakeDotsBracketsAndCallResults() throws RegoException {
        assertThat(term("a.b[c].d")).isEqualTo("a.b[c].d");
        assertThat(term("a[\"x\"]")).isEqualTo("a.x");
        assertThat(term("f(x).y")).isEqualTo("f(x).y");
        assertThat(term("[1,2][0]")).isEqualTo("[1, 2][0]");
        assertThat(term("{\"a\":1}.a")).isEqualTo("{\"a\": 1}.a");
        assertThat(term("input.x[_]")).isEqualTo("input.x[_]");
        assertThat(term("input.if.else")).isEqualTo("input.if.else");
    }

    @Test
    void refsDoNotContinueAcrossWhitespace() throws RegoException {
        assertThat(term("[a[0], b]")).isEqualTo("[a[0], b]");
        assertThat(catchThrowableOfType(RegoException.class, () -> Parser.parseTerm("t", "[a [0]]"))
                        .first()
                        .message())
                .isEqualTo("unexpected [ token: expected \",\" or \"]\"");
        assertThat(queryError("f (x)").message()).isEqualTo("unexpected ( token: expected \\n or ; or eof");
    }

    @Test
    void callsTakeDottedNames() throws RegoException {
        assertThat(query("count(x)")).isEqualTo("count(x)");
        assertThat(query("io.jwt.decode(t)")).isEqualTo("io.jwt.decode(t)");
        assertThat(query("data.pkg.f(1)")).isEqualTo("data.pkg.f(1)");
        assertThat(query("time.now_ns()")).isEqualTo("time.now_ns()");
    }

    @Test
    void collectionsParse() throws RegoException {
        assertThat(term("{\"a\": {1, 2}, \"b\": set()}")).isEqualTo("{\"a\": {1, 2}, \"b\": set()}");
        assertThat(term("{}")).isEqualTo("{}");
        assertThat(Parser.parseTerm("t", "{}")).isInstanceOf(Term.ObjectTerm.class);
        assertThat(term("[1, [2], {3: 4},]")).isEqualTo("[1, [2], {3: 4}]");
        assertThat(term("{[1]: x, y: 2}")).isEqualTo("{[1]: x, y: 2}");
        assertThat(term("{1 + 2, 3}")).isEqualTo("{plus(1, 2), 3}");
    }

    @Test
    void comprehensionsParse() throws RegoException {
        assertThat(term("[x | some x in xs; x > 1]")).isEqualTo("[x | some x in xs; gt(x, 1)]");
        assertThat(term("{x | x := input[_]\n x != 2}")).isEqualTo("{x | assign(x, input[_]); neq(x, 2)}");
        assertThat(term("{k: v | some k, v in o}")).isEqualTo("{k: v | some k, v in o}");
    }

    @Test
    void barInBracesIsAComprehensionBeforeItIsAnOr() throws RegoException {
        assertThat(Parser.parseTerm("t", "{a | b}")).isInstanceOf(Term.SetCompr.class);
        assertThat(term("{a | b, c}")).isEqualTo("{or(a, b), c}");
    }

    @Test
    void templateStringsLowerToTheTemplateBuiltin() throws RegoException {
        assertThat(term("$\"a{1}b\"")).isEqualTo("internal.template_string([\"a\", 1, \"b\"])");
        assertThat(term("$\"x={x}\""))
                .isEqualTo("internal.template_string([\"x=\", {$template0 | eq($template0, x)}])");
        assertThat(term("$\"{ {1} }\"")).startsWith("internal.template_string([{$template0 | eq($template0, {1})}");
        assertThat(term("$\"\\{x}\"")).isEqualTo("\"{x}\"");
        assertThat(term("$`a\n{x}`"))
                .isEqualTo("internal.template_string([\"a\n\", {$template0 | eq($template0, x)}])");
    }

    @Test
    void assignmentInsideTemplateStringIsAParseError() {
        assertThat(queryError("y := $\"{x := 1}\"").message())
                .isEqualTo("unexpected assignment (':=') in template-string expression");
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void unexpectedTokenNamesTheTokenAndWhatWasExpected() {
        RegoError e = moduleError("package test\np if }");
        assertThat(e.message()).isEqualTo("unexpected } token: expected rule body");
        assertThat(e.location()).isEqualTo(new Location("test.rego", 2, 6, "p if }"));
        assertThat(e.render()).endsWith("\tp if }\n\t     ^");
    }

    @Test
    void prematureEndIsReportedAsEof() {
        RegoError e = moduleError("package test\np if {\n  x := [1,");
        assertThat(e.message()).startsWith("unexpected eof token");
        assertThat(e.location().row()).isEqualTo(3);
    }

    @Test
    void emptyBodyIsAParseError() {
        assertThat(moduleError("package test\np if { every x in xs {} }").message())
                .isEqualTo("found empty body");
        assertThat(queryError("x := [y | ]").message()).isEqualTo("found empty body");
    }

    @Test
    void absurdNestingIsAParseErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        RegoException e = catchThrowableOfType(RegoException.class, () -> Parser.parseTerm("t", deep));
        assertThat(e).isNotNull();
        assertThat(e.first().message()).isEqualTo("max parsing recursion depth exceeded");
        String deepQuery = "x := " + "f(".repeat(50_000);
        assertThat(queryError(deepQuery).code()).isEqualTo(RegoError.PARSE);
    }

    @Test
    void nestedLiteralsParseInLinearTime() throws RegoException {
        // each level re-tries its head term; memoisation keeps that from doubling per level
        String nested = "{".repeat(60) + "1" + "}+1".repeat(60);
        long start = System.nanoTime();
        Parser.parseTerm("t", nested);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void termEntryRejectsTrailingInput() {
        RegoException e = catchThrowableOfType(RegoException.class, () -> Parser.parseTerm("t", "1 2"));
        assertThat(e.first().message()).isEqualTo("unexpected number token: expected end of term");
    }

    @Test
    void importsAnywhereInTheModuleAreCollected() throws RegoException {
        Module m = module("package test\np := 1\nimport data.x");
        assertThat(m.imports()).extracting(Import::alias).containsExactly((String) null);
        assertThat(m.rules()).hasSize(1);
    }
}

package dev.lap.policy.internal.parse;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.internal.ast.Import;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.StringValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser for Rego v1, producing the tree of {@code internal.ast} normalised as
 * OPA's parser (v1/ast/parser.go) does: operators become calls to their builtins, rule heads become
 * refs relative to the package, and the v1 rules (heads need {@code if} before a body and {@code
 * contains} for multi-value rules) are enforced here, as OPA enforces them at parse time.
 *
 * <p>Binding, loosest first: {@code or}, {@code and} and {@code not} between statements (only
 * with their {@code future.keywords} imports), {@code :=}/{@code =} (statement level only),
 * {@code in}, comparison, {@code |}, {@code &}, {@code + -}, {@code * / %}; each level has its own
 * method. Refs and calls
 * only continue across adjacent tokens, so {@code f (x)} is not a call, as in OPA.
 *
 * <p>The grammar needs bounded backtracking in a few places ({@code {x | y}} is a comprehension
 * before it is a set holding {@code x | y}; {@code p if {x}} is a body, not a set). Terms are
 * memoised by token position so retrying a production never re-parses a subterm twice, which keeps
 * nested literals linear.
 */
public final class Parser {
    /** Nesting beyond this is rejected; real policies stay far below, and the JVM stack is finite. */
    private static final int MAX_DEPTH = 400;

    /** Parse-time v1 checks use these names; the compiler sees them as ordinary builtin calls. */
    private static final String MEMBER_2 = "internal.member_2";

    private static final String MEMBER_3 = "internal.member_3";
    private static final String TEMPLATE_STRING = "internal.template_string";

    /** Whether this module imported {@code future.keywords.not}, which makes {@code not { ... }} a body. */
    private boolean notBodies;

    /**
     * Whether this module imported {@code future.keywords.and} or {@code .or}. The lexer reads
     * both words as identifiers; only these imports make them operators, so policies that use
     * them as names keep working.
     */
    private boolean andKeyword;

    private boolean orKeyword;

    /** OPA's limit on a number's (binary) exponent, here in decimal digits. */
    private static final int MAX_DECIMAL_EXPONENT = 30_000;

    private final Lexer lexer;
    private final List<Token> tokens;
    private final Map<Integer, Memo> termMemo = new HashMap<>();
    private int pos;
    private int depth;
    private int templateVars;

    /** A term parsed at some position: the term and where it ended, or the failure it raised. */
    private record Memo(
            @Nullable Term term, int end, @Nullable ParseFailure failure) {}

    /**
     * Unwinds the descent to the entry point, which turns it into a {@link RegoException}. Checked
     * exceptions would have to be declared on every production for no benefit, since nothing
     * between the failure and the entry point handles it except bounded backtracking.
     */
    private static final class ParseFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient List<RegoError> errors;
        private final int tokenIndex;

        ParseFailure(List<RegoError> errors, int tokenIndex) {
            super(errors.get(0).message(), null, false, false);
            this.errors = errors;
            this.tokenIndex = tokenIndex;
        }
    }

    @FunctionalInterface
    private interface Production<T> {
        T parse(Parser p);
    }

    private Parser(Lexer lexer, List<Token> tokens) {
        this.lexer = lexer;
        this.tokens = tokens;
    }

    /** Parses a module: a {@code package}, then imports and rules in any order. */
    public static Module parseModule(String file, String source) throws RegoException {
        return run(file, source, p -> p.module(file));
    }

    /** Parses a query: statements separated by {@code ;} or newlines. An empty query has none. */
    public static List<Stmt> parseQuery(String file, String source) throws RegoException {
        return run(file, source, Parser::query);
    }

    /** Parses exactly one term, such as an {@code input_term} of a conformance case. */
    public static Term parseTerm(String file, String source) throws RegoException {
        return run(file, source, Parser::singleTerm);
    }

    private static <T> T run(String file, String source, Production<T> production) throws RegoException {
        requireNonNull(file, "file");
        requireNonNull(source, "source");
        Lexer lexer = new Lexer(file, source);
        Parser parser = new Parser(lexer, lexer.tokens());
        try {
            return production.parse(parser);
        } catch (ParseFailure f) {
            throw new RegoException(f.errors);
        } catch (StackOverflowError e) {
            // MAX_DEPTH should prevent this; a small thread stack may still overflow first.
            throw new RegoException(
                    RegoError.at(RegoError.PARSE, "max parsing recursion depth exceeded", parser.locAt(parser.pos)));
        }
    }

    // ---- module level ------------------------------------------------------------------------

    private Module module(String file) {
        Token first = peek();
        if (first.is(TokenKind.EOF)) {
            throw failAt(pos, "empty module");
        }
        if (!first.is(TokenKind.PACKAGE) || keywordAsIdent(pos)) {
            throw failAt(pos, "package expected");
        }
        next();
        Term.Ref packagePath = packagePath(first);
        List<Import> imports = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        while (!at(TokenKind.EOF)) {
            if (at(TokenKind.IMPORT) && !keywordAsIdent(pos)) {
                imports.add(importDecl());
            } else if (at(TokenKind.PACKAGE) && !keywordAsIdent(pos)) {
                throw failAt(pos, "unexpected package");
            } else {
                rules.addAll(rule());
            }
        }
        return new Module(file, loc(first), packagePath, imports, rules);
    }

    /** {@code package a.b["c-d"]} as the ref {@code data.a.b["c-d"]}. */
    private Term.Ref packagePath(Token packageToken) {
        Token head = peek();
        if (!isName(head)) {
            throw unexpected(head, "expected ident");
        }
        next();
        List<Term> path = new ArrayList<>();
        path.add(Term.Scalar.string(loc(head), head.text()));
        path.addAll(stringSegments());
        return new Term.Ref(loc(head), new Term.Var(loc(head), "data"), path);
    }

    /** {@code .name} and {@code ["string"]} segments, as package and import paths allow. */
    private List<Term> stringSegments() {
        List<Term> path = new ArrayList<>();
        while (peek().adjacent()) {
            if (at(TokenKind.DOT)) {
                next();
                Token name = peek();
                if (!name.adjacent() || !isName(name)) {
                    throw unexpected(name, "expected ident");
                }
                next();
                path.add(Term.Scalar.string(loc(name), name.text()));
            } else if (at(TokenKind.LBRACK)) {
                next();
                Token t = peek();
                Term segment = infix(true);
                if (!(segment instanceof Term.Scalar s && s.value() instanceof StringValue)) {
                    throw failAt(indexOf(t), "unexpected " + termName(segment) + " token: expecting string");
                }
                expect(TokenKind.RBRACK, "expected ]");
                path.add(segment);
            } else {
                break;
            }
        }
        return path;
    }

    private Import importDecl() {
        Token importToken = next();
        Token head = peek();
        if (!isName(head)) {
            throw unexpected(head, "expected ident");
        }
        next();
        Term.Ref path = new Term.Ref(loc(head), new Term.Var(loc(head), head.text()), stringSegments());
        String root = head.text();
        if (!Set.of("data", "input", "future", "rego").contains(root)) {
            throw failAt(
                    indexOf(head),
                    "unexpected import path, must begin with one of: {data, future, input, rego}, got: " + root);
        }
        String alias = null;
        if (at(TokenKind.AS)) {
            next();
            Token a = peek();
            if (!a.is(TokenKind.IDENT)) {
                throw unexpected(a, "expected var");
            }
            next();
            alias = a.text();
        }
        String dotted = path.dottedName();
        switch (root) {
            case "future" -> {
                if (alias != null) {
                    throw failAt(indexOf(importToken), "`future` imports cannot be aliased");
                }
                // As in OPA, importing every future keyword includes the ones that change parsing.
                boolean all = "future.keywords".equals(dotted);
                notBodies |= all || "future.keywords.not".equals(dotted);
                andKeyword |= all || "future.keywords.and".equals(dotted);
                orKeyword |= all || "future.keywords.or".equals(dotted);
                if (dotted == null
                        || !(dotted.equals("future.keywords")
                                || dotted.equals("future.keywords.not")
                                || dotted.equals("future.keywords.and")
                                || dotted.equals("future.keywords.or")
                                || Set.of(
                                                "future.keywords.in",
                                                "future.keywords.every",
                                                "future.keywords.contains",
                                                "future.keywords.if")
                                        .contains(dotted))) {
                    throw failAt(
                            indexOf(head), "invalid import, must be `future.keywords` or `future.keywords.<keyword>`");
                }
            }
            case "rego" -> {
                if (!"rego.v1".equals(dotted)) {
                    throw failAt(indexOf(head), "invalid import `" + dotted + "`, must be `rego.v1`");
                }
            }
            default -> {
                List<Term> segments = path.path();
                if (alias == null
                        && !segments.isEmpty()
                        && segments.get(segments.size() - 1) instanceof Term.Scalar last
                        && last.value() instanceof StringValue s
                        && TokenKind.keyword(s.value()) != TokenKind.IDENT) {
                    throw failAt(
                            indexOf(head),
                            "unexpected import path, must not end with a keyword, got: " + s.value()
                                    + " (hint: import a different path or use an alias)");
                }
            }
        }
        return new Import(loc(importToken), path, alias);
    }

    // ---- rules -------------------------------------------------------------------------------

    /** One rule, or several when a v1 head is followed by more than one body block. */
    private List<Rule> rule() {
        int start = pos;
        Token startToken = peek();
        boolean isDefault = false;
        if (at(TokenKind.DEFAULT) && !keywordAsIdent(pos)) {
            next();
            isDefault = true;
        }
        Token nameToken = peek();
        if (!nameToken.is(TokenKind.IDENT) && !keywordAsIdent(pos)) {
            throw unexpected(nameToken, isDefault ? "expected rule head" : "expected rule");
        }
        next();
        Term.Var name = new Term.Var(loc(nameToken), nameToken.text());
        List<Term> path = new ArrayList<>();
        List<Term> args = null;
        boolean first = true;
        // OPA lets whitespace separate the rule name from its first segment, but no later ones.
        while (first || peek().adjacent()) {
            first = false;
            if (at(TokenKind.DOT)) {
                next();
                Token seg = peek();
                if (!seg.adjacent() || !isName(seg)) {
                    throw unexpected(seg, "expected ident");
                }
                next();
                path.add(Term.Scalar.string(loc(seg), seg.text()));
            } else if (at(TokenKind.LBRACK)) {
                next();
                path.add(infix(true));
                expect(TokenKind.RBRACK, "expected ]");
            } else if (at(TokenKind.LPAREN)) {
                next();
                args = at(TokenKind.RPAREN) ? List.of() : termList(TokenKind.RPAREN);
                expect(TokenKind.RPAREN, "expected )");
                if (peek().adjacent() && (at(TokenKind.DOT) || at(TokenKind.LBRACK) || at(TokenKind.LPAREN))) {
                    throw unexpected(peek(), "expected rule value, `if` or body after function arguments");
                }
                break;
            } else {
                break;
            }
        }
        if (isBinaryOperator(peek().kind())) {
            throw unexpected(peek(), null);
        }
        Term.Ref ref = new Term.Ref(loc(nameToken), name, path);
        String display = headText(ref);

        Term key = null;
        Term value = null;
        boolean assign = false;
        boolean contains = false;
        if (at(TokenKind.CONTAINS)) {
            if (args != null) {
                throw unexpected(
                        peek(),
                        "the contains keyword can only be used with multi-value rule definitions (e.g., " + display
                                + " contains <VALUE> { ... })");
            }
            next();
            contains = true;
            key = infix(true);
        } else if (at(TokenKind.ASSIGN) || at(TokenKind.UNIFY)) {
            assign = next().is(TokenKind.ASSIGN);
            value = infix(true);
        }
        Rule.Kind kind = args != null ? Rule.Kind.FUNCTION : contains ? Rule.Kind.MULTI : Rule.Kind.SINGLE;
        List<Term> ruleArgs = args == null ? List.of() : args;
        String what = kind == Rule.Kind.FUNCTION ? "function" : "rule";

        if (isDefault) {
            checkDefault(start, value, ruleArgs);
            return List.of(new Rule(loc(startToken), kind, ref, ruleArgs, null, value, assign, true, List.of(), null));
        }

        List<Stmt> body;
        boolean hasBody = true;
        if (at(TokenKind.IF) && !keywordAsIdent(pos)) {
            next();
            body = ifBody();
        } else if (at(TokenKind.LBRACE)) {
            List<RegoError> errors = new ArrayList<>();
            errors.add(errorAt(start, "`if` keyword is required before " + what + " body"));
            if (kind == Rule.Kind.SINGLE && value == null && path.size() == 1) {
                errors.add(errorAt(start, "`contains` keyword is required for partial set rules"));
            }
            throw new ParseFailure(errors, start);
        } else if (contains || value != null) {
            body = List.of();
            hasBody = false;
        } else if (path.isEmpty() && args == null) {
            throw failAt(start, "var cannot be used for rule name");
        } else if (args == null && path.size() == 1) {
            throw failAt(start, "`contains` keyword is required for partial set rules");
        } else {
            throw failAt(start, what + " must have value assignment and/or body declaration");
        }

        Rule elseRule = null;
        if (hasBody && at(TokenKind.ELSE) && !keywordAsIdent(pos)) {
            if (path.stream().anyMatch(t -> !(t instanceof Term.Scalar))) {
                throw failAt(pos, "else keyword cannot be used on rules with variables in head");
            }
            if (contains) {
                throw failAt(pos, "else keyword cannot be used on multi-value rules");
            }
            elseRule = elseChain(kind, ref, ruleArgs);
        }
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(loc(startToken), kind, ref, ruleArgs, key, value, assign, false, body, elseRule));
        // v1 still accepts `p if { a } { b }`: a second body defines another rule with this head.
        while (hasBody && at(TokenKind.LBRACE)) {
            if (elseRule != null) {
                throw unexpected(peek(), "expected else keyword");
            }
            Token blockStart = peek();
            List<Stmt> more = bracedBody();
            rules.add(new Rule(loc(blockStart), kind, ref, ruleArgs, key, value, assign, false, more, null));
        }
        return rules;
    }

    /** {@code else [:= value] [if body]}, then any further {@code else}. */
    private Rule elseChain(Rule.Kind kind, Term.Ref ref, List<Term> args) {
        int elseIndex = pos;
        Token elseToken = next();
        Term value = null;
        boolean assign = false;
        if (at(TokenKind.ASSIGN) || at(TokenKind.UNIFY)) {
            assign = next().is(TokenKind.ASSIGN);
            value = infix(true);
        } else if (!at(TokenKind.IF) && !at(TokenKind.LBRACE)) {
            throw unexpected(peek(), "expected else value term or rule body");
        }
        List<Stmt> body;
        if (at(TokenKind.IF) && !keywordAsIdent(pos)) {
            next();
            body = ifBody();
        } else if (at(TokenKind.LBRACE)) {
            String what = kind == Rule.Kind.FUNCTION ? "function" : "rule";
            throw failAt(elseIndex, "`if` keyword is required before " + what + " body");
        } else {
            body = List.of();
        }
        Rule next = null;
        if (at(TokenKind.ELSE) && !keywordAsIdent(pos)) {
            next = elseChain(kind, ref, args);
        }
        return new Rule(loc(elseToken), kind, ref, args, null, value, assign, false, body, next);
    }

    /**
     * The body after {@code if}: a braced block or, in v1, a single statement. {@code p if {x}}
     * could be the statement "the set {x}", which is always true; like OPA we read it as a block.
     */
    private List<Stmt> ifBody() {
        Token t = peek();
        if (t.is(TokenKind.LBRACE)) {
            int save = pos;
            try {
                Stmt s = statement();
                boolean bareSet = s.literal() instanceof Literal.Expr e && e.term() instanceof Term.SetTerm;
                if (!bareSet) {
                    return List.of(s);
                }
            } catch (ParseFailure f) {
                // not a single statement; it must be a block
            }
            pos = save;
            return bracedBody();
        }
        if (t.is(TokenKind.EOF) || t.is(TokenKind.RBRACE) || t.is(TokenKind.ELSE)) {
            throw unexpected(t, "expected rule body");
        }
        return List.of(statement());
    }

    /** OPA's restrictions: a default rule has a constant value and distinct variable arguments. */
    private void checkDefault(int start, @Nullable Term value, List<Term> args) {
        if (value == null) {
            throw failAt(start, "illegal default rule (must have a value)");
        }
        String bad = nonConstant(value);
        if (bad != null) {
            throw failAt(start, "illegal default rule (value cannot contain " + bad + ")");
        }
        Set<String> seen = new HashSet<>();
        for (Term arg : args) {
            if (!(arg instanceof Term.Var v)) {
                throw failAt(start, "illegal default rule (arguments cannot contain " + termName(arg) + ")");
            }
            if (!v.isWildcard() && !seen.add(v.name())) {
                throw failAt(start, "illegal default rule (arguments cannot be repeated " + v.name() + ")");
            }
        }
    }

    /** The first var, ref or call in a term outside comprehensions, by OPA's type name; else null. */
    private static @Nullable String nonConstant(Term t) {
        return switch (t) {
            case Term.Scalar s -> null;
            case Term.Var v -> "var";
            case Term.Ref r -> "ref";
            case Term.Call c -> "call";
            case Term.ArrayTerm a -> firstNonConstant(a.items());
            case Term.SetTerm s -> firstNonConstant(s.items());
            case Term.ObjectTerm o -> {
                for (Term.ObjectTerm.Entry e : o.entries()) {
                    String k = nonConstant(e.key());
                    if (k != null) {
                        yield k;
                    }
                    String v = nonConstant(e.value());
                    if (v != null) {
                        yield v;
                    }
                }
                yield null;
            }
            case Term.ArrayCompr a -> null;
            case Term.SetCompr s -> null;
            case Term.ObjectCompr o -> null;
        };
    }

    private static @Nullable String firstNonConstant(List<Term> items) {
        for (Term item : items) {
            String bad = nonConstant(item);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    // ---- bodies and statements ---------------------------------------------------------------

    private List<Stmt> query() {
        if (at(TokenKind.EOF)) {
            return List.of();
        }
        List<Stmt> body = statements(TokenKind.EOF);
        return body;
    }

    private List<Stmt> bracedBody() {
        expect(TokenKind.LBRACE, "expected {");
        List<Stmt> body = statements(TokenKind.RBRACE);
        expect(TokenKind.RBRACE, "expected }");
        return body;
    }

    /** Statements separated by {@code ;} or newlines, up to (not including) {@code end}. */
    private List<Stmt> statements(TokenKind end) {
        enter();
        try {
            if (at(end)) {
                throw failAt(pos, "found empty body");
            }
            List<Stmt> body = new ArrayList<>();
            while (true) {
                body.add(statement());
                if (at(TokenKind.SEMICOLON)) {
                    next();
                    continue;
                }
                if (at(end)) {
                    return body;
                }
                if (!peek().newlineBefore()) {
                    throw unexpected(peek(), "expected \\n or ; or " + end.display());
                }
            }
        } finally {
            leave();
        }
    }

    private Stmt statement() {
        Token start = peek();
        if (andKeyword || orKeyword) {
            Operand lead = leadingOperand();
            if (lead != null) {
                return logicalStatement(start, lead);
            }
        }
        Stmt s = simpleStatement(start);
        if (atLogical() != null) {
            return logicalStatement(start, implicitOperand(s));
        }
        return s;
    }

    private Stmt simpleStatement(Token start) {
        if (keywordAsIdent(pos)) {
            return expressionStatement(start, false);
        }
        boolean negated = false;
        if (at(TokenKind.NOT)) {
            next();
            negated = true;
        }
        if (negated && notBodies && at(TokenKind.LBRACE)) {
            // `not { ... }` negates a whole body; without the import, `{...}` stays a set or object.
            List<Stmt> body = bracedBody();
            return new Stmt(loc(start), new Literal.NotBody(body), withs());
        }
        if (negated && notBodies && (andKeyword || orKeyword) && at(TokenKind.LPAREN)) {
            Operand group = group(true);
            if (group != null) {
                return new Stmt(loc(start), new Literal.NotBody(group.body()), withs());
            }
        }
        if (at(TokenKind.SOME) && !keywordAsIdent(pos)) {
            if (negated) {
                throw unexpected(peek(), "illegal negation of 'some'");
            }
            return some(start);
        }
        if (at(TokenKind.EVERY) && !keywordAsIdent(pos)) {
            if (negated) {
                throw unexpected(peek(), "illegal negation of 'every'");
            }
            return every(start);
        }
        return expressionStatement(start, negated);
    }

    private Stmt expressionStatement(Token start, boolean negated) {
        Term term = assignment();
        Literal literal = negated ? new Literal.Not(term) : new Literal.Expr(term);
        return new Stmt(loc(start), literal, withs());
    }

    /** An expression, or {@code x := v} / {@code x = v}, which only a statement may be. */
    private Term assignment() {
        Term term = infix(true);
        if (at(TokenKind.ASSIGN) || at(TokenKind.UNIFY)) {
            Token op = next();
            Term rhs = infix(true);
            term = binary(op, term, rhs);
        }
        return term;
    }

    // ---- and / or ----------------------------------------------------------------------------

    /** One operand of {@code and}/{@code or}: a braced body ({@code explicit}), or one statement. */
    private record Operand(List<Stmt> body, boolean explicit, Location loc) {}

    /** The operator at the current token, when an import made its word a keyword; else null. */
    private Literal.Logical.@Nullable Op atLogical() {
        Token t = peek();
        if (!t.is(TokenKind.IDENT) || refSuffixFollows(pos)) {
            return null;
        }
        if (andKeyword && t.text().equals("and")) {
            return Literal.Logical.Op.AND;
        }
        if (orKeyword && t.text().equals("or")) {
            return Literal.Logical.Op.OR;
        }
        return null;
    }

    /**
     * A statement-leading operand that only an operator explains: a braced body directly followed
     * by {@code and}/{@code or} (otherwise the braces are a set or object), or a parenthesised
     * group holding a chain. Null, with nothing consumed, otherwise.
     */
    private @Nullable Operand leadingOperand() {
        if (at(TokenKind.LBRACE)) {
            int save = pos;
            Location l = loc(peek());
            try {
                List<Stmt> body = bracedBody();
                if (atLogical() != null) {
                    return new Operand(body, true, l);
                }
            } catch (ParseFailure f) {
                // a set or object literal, parsed as such below
            }
            pos = save;
            return null;
        }
        return at(TokenKind.LPAREN) ? group(false) : null;
    }

    /** A statement already parsed, as the first operand of the operator that follows it. */
    private Operand implicitOperand(Stmt s) {
        Literal.Logical.Op op = requireNonNull(atLogical());
        if (!s.withs().isEmpty()) {
            throw withOnOperand(s.withs().get(0).loc(), op);
        }
        if (s.literal() instanceof Literal.SomeVars
                || s.literal() instanceof Literal.SomeIn
                || s.literal() instanceof Literal.Every) {
            throw unexpectedLogical(op);
        }
        return new Operand(List.of(s), false, s.loc());
    }

    /** Folds the rest of a chain onto its first operand; {@code with}s after it modify the whole. */
    private Stmt logicalStatement(Token start, Operand first) {
        Stmt s = orChain(first).body().get(0);
        List<With> withs = new ArrayList<>(s.withs());
        withs.addAll(withs());
        Literal.Logical.Op more = atLogical();
        if (more != null) {
            throw unexpectedLogical(more);
        }
        return new Stmt(loc(start), s.literal(), withs);
    }

    /** {@code and} binds tighter than {@code or}; both nest to the left. */
    private Operand orChain(Operand first) {
        enter();
        try {
            Operand lhs = andChain(first);
            while (atLogical() == Literal.Logical.Op.OR) {
                next();
                Operand rhs = andChain(operand(Literal.Logical.Op.OR));
                lhs = combine(Literal.Logical.Op.OR, lhs, rhs);
            }
            return lhs;
        } finally {
            leave();
        }
    }

    private Operand andChain(Operand first) {
        Operand lhs = first;
        while (atLogical() == Literal.Logical.Op.AND) {
            next();
            lhs = combine(Literal.Logical.Op.AND, lhs, operand(Literal.Logical.Op.AND));
        }
        return lhs;
    }

    private static Operand combine(Literal.Logical.Op op, Operand lhs, Operand rhs) {
        Literal.Logical l = new Literal.Logical(op, lhs.body(), lhs.explicit(), rhs.body(), rhs.explicit());
        return new Operand(List.of(new Stmt(lhs.loc(), l)), false, lhs.loc());
    }

    /**
     * An operand after an operator, or first inside parentheses ({@code op} null there, where a
     * failure only means the parentheses are not a group). Here braces always open a body.
     */
    private Operand operand(Literal.Logical.@Nullable Op op) {
        Token start = peek();
        Location l = loc(start);
        if (at(TokenKind.LBRACE)) {
            int save = pos;
            try {
                return new Operand(bracedBody(), true, l);
            } catch (ParseFailure f) {
                if (op == null) {
                    throw f;
                }
                pos = save;
                try {
                    infix(true);
                } catch (ParseFailure notATerm) {
                    throw f;
                }
                throw failAt(
                        save, "operand of `" + op.keyword() + "` cannot begin with `{` unless the braces hold a body");
            }
        }
        if (at(TokenKind.NOT) && !keywordAsIdent(pos)) {
            next();
            if (notBodies && at(TokenKind.LBRACE)) {
                return single(l, new Literal.NotBody(bracedBody()));
            }
            if (notBodies && at(TokenKind.LPAREN)) {
                Operand g = group(true);
                if (g != null) {
                    return single(l, new Literal.NotBody(g.body()));
                }
            }
            if ((at(TokenKind.SOME) || at(TokenKind.EVERY)) && !keywordAsIdent(pos)) {
                throw unexpected(peek(), "illegal negation of '" + peek().text() + "'");
            }
            return single(l, new Literal.Not(assignment()));
        }
        if (at(TokenKind.LPAREN)) {
            Operand g = group(true);
            if (g != null) {
                return g;
            }
        }
        if ((at(TokenKind.SOME) || at(TokenKind.EVERY)) && !keywordAsIdent(pos)) {
            throw unexpected(peek(), null);
        }
        return single(l, new Literal.Expr(assignment()));
    }

    private static Operand single(Location l, Literal literal) {
        return new Operand(List.of(new Stmt(l, literal)), false, l);
    }

    /**
     * {@code ( ... )} as a group of operators: a chain ({@code (a or b)}, a trailing {@code with}
     * modifying all of it), a negation, a group again, or one operand with its own {@code with}
     * ({@code (a with input as x) and b}). Anything else ({@code (x + 1) > 0}, {@code ({a})})
     * is a parenthesised term: null, with nothing consumed. {@code operandContext}: the
     * parentheses follow an operator or {@code not}, where they cannot start a term statement.
     */
    private @Nullable Operand group(boolean operandContext) {
        int save = pos;
        Location l = loc(next());
        if (at(TokenKind.RPAREN)) {
            if (operandContext) {
                throw failAt(save, "empty parenthesized group");
            }
            pos = save;
            return null;
        }
        Operand first;
        try {
            first = operand(null);
        } catch (ParseFailure f) {
            pos = save;
            return null;
        }
        if (atLogical() != null) {
            Stmt s = orChain(first).body().get(0);
            List<With> withs = new ArrayList<>(s.withs());
            withs.addAll(withs());
            closeGroup();
            return new Operand(List.of(new Stmt(s.loc(), s.literal(), withs)), false, l);
        }
        if (first.explicit()) {
            pos = save;
            return null;
        }
        Stmt only = first.body().get(0);
        if (atOperator(TokenKind.WITH)) {
            List<With> withs = withs();
            Literal.Logical.Op op = atLogical();
            if (op != null) {
                throw withOnOperand(withs.get(0).loc(), op);
            }
            closeGroup();
            if (operandContext || atLogical() != null) {
                return new Operand(List.of(new Stmt(only.loc(), only.literal(), withs)), false, l);
            }
            pos = save;
            return null;
        }
        if (only.literal() instanceof Literal.Logical
                || only.literal() instanceof Literal.Not
                || only.literal() instanceof Literal.NotBody) {
            closeGroup();
            return first;
        }
        pos = save;
        return null;
    }

    private void closeGroup() {
        if (!at(TokenKind.RPAREN)) {
            throw failAt(pos, "expected ) to close parenthesized group");
        }
        next();
    }

    private ParseFailure withOnOperand(Location at, Literal.Logical.Op op) {
        String kw = op.keyword();
        return new ParseFailure(
                List.of(RegoError.at(
                        RegoError.PARSE,
                        "`with` modifier is not allowed on operand of `" + kw + "` (hint: Wrap the operand in `(...)`"
                                + " or `{...}` to scope, or move `with` after the `" + kw
                                + "` expression to apply it to the whole expression)",
                        at)),
                pos);
    }

    private ParseFailure unexpectedLogical(Literal.Logical.Op op) {
        return failAt(pos, "unexpected " + op.keyword() + " keyword");
    }

    /** {@code some x, y} or {@code some [k,] v in xs}. */
    private Stmt some(Token start) {
        next();
        int save = pos;
        Term declared = null;
        try {
            declared = infix(true);
        } catch (ParseFailure f) {
            // not `x in xs`; fall back to a list of variables below
        }
        if (declared instanceof Term.Call call) {
            String op = call.operator().dottedName();
            List<Term> a = call.args();
            if (MEMBER_2.equals(op) && a.size() == 2) {
                return new Stmt(loc(start), new Literal.SomeIn(null, a.get(0), a.get(1)), withs());
            }
            if (MEMBER_3.equals(op) && a.size() == 3) {
                return new Stmt(loc(start), new Literal.SomeIn(a.get(0), a.get(1), a.get(2)), withs());
            }
            throw failAt(
                    save, "unexpected " + termName(call) + " token: expected `x in xs` or `x, y in xs` expression");
        }
        pos = save;
        List<Term.Var> vars = new ArrayList<>();
        while (true) {
            Token v = peek();
            if (!v.is(TokenKind.IDENT)) {
                throw unexpected(v, "expected var");
            }
            next();
            vars.add(new Term.Var(loc(v), v.text()));
            if (!at(TokenKind.COMMA)) {
                break;
            }
            next();
        }
        return new Stmt(loc(start), new Literal.SomeVars(vars));
    }

    /** {@code every [k,] v in xs { body }}. */
    private Stmt every(Token start) {
        next();
        Term domainExpr = infix(true);
        Term.Var key = null;
        Term valueTerm;
        Term domain;
        String op = domainExpr instanceof Term.Call c ? c.operator().dottedName() : null;
        List<Term> a = domainExpr instanceof Term.Call c ? c.args() : List.of();
        if (MEMBER_2.equals(op) && a.size() == 2) {
            valueTerm = a.get(0);
            domain = a.get(1);
        } else if (MEMBER_3.equals(op) && a.size() == 3) {
            if (!(a.get(0) instanceof Term.Var k)) {
                throw unexpected(peek(), "expected key to be a variable");
            }
            key = k;
            valueTerm = a.get(1);
            domain = a.get(2);
        } else {
            throw unexpected(peek(), "expected `x[, y] in xs { ... }` expression");
        }
        if (!(valueTerm instanceof Term.Var value)) {
            throw unexpected(peek(), "expected value to be a variable");
        }
        if (!at(TokenKind.LBRACE)) {
            throw unexpected(peek(), "missing body");
        }
        List<Stmt> body = bracedBody();
        return new Stmt(loc(start), new Literal.Every(key, value, domain, body), withs());
    }

    private List<With> withs() {
        List<With> withs = new ArrayList<>();
        while (atOperator(TokenKind.WITH)) {
            Token w = next();
            if (!at(TokenKind.IDENT) && !keywordAsIdent(pos)) {
                throw unexpected(peek(), "expected ident");
            }
            Token targetStart = peek();
            Term target = term();
            Term.Ref ref = switch (target) {
                case Term.Ref r -> r;
                case Term.Var v -> new Term.Ref(v.loc(), v, List.of());
                default ->
                    throw failAt(
                            indexOf(targetStart),
                            "unexpected " + termName(target) + " token: expected with target path");
            };
            expect(TokenKind.AS, "expected as keyword");
            withs.add(new With(loc(w), ref, infix(true)));
        }
        return withs;
    }

    // ---- expressions, loosest binding first --------------------------------------------------

    /**
     * An expression without {@code :=}/{@code =}. {@code keyVal} allows {@code k, v in xs}; in
     * argument and collection lists the comma separates items instead.
     */
    private Term infix(boolean keyVal) {
        enter();
        try {
            return membership(keyVal);
        } finally {
            leave();
        }
    }

    private Term membership(boolean keyVal) {
        Term lhs = relation();
        if (keyVal && at(TokenKind.COMMA)) {
            int save = pos;
            next();
            try {
                Term middle = relation();
                if (atOperator(TokenKind.IN)) {
                    Token op = next();
                    Term rhs = relation();
                    return chainedIn(
                            new Term.Call(lhs.loc(), Term.Ref.dotted(loc(op), MEMBER_3), List.of(lhs, middle, rhs)));
                }
            } catch (ParseFailure f) {
                // `a, <not an expression>`: the comma belongs to an enclosing list
            }
            pos = save;
        }
        return chainedIn(lhs);
    }

    private Term chainedIn(Term lhs) {
        while (atOperator(TokenKind.IN)) {
            Token op = next();
            Term rhs = relation();
            lhs = new Term.Call(lhs.loc(), Term.Ref.dotted(loc(op), MEMBER_2), List.of(lhs, rhs));
        }
        return lhs;
    }

    private Term relation() {
        Term lhs = or();
        while (at(TokenKind.EQUAL)
                || at(TokenKind.NEQ)
                || at(TokenKind.LT)
                || at(TokenKind.LTE)
                || at(TokenKind.GT)
                || at(TokenKind.GTE)) {
            Token op = next();
            lhs = binary(op, lhs, or());
        }
        return lhs;
    }

    private Term or() {
        Term lhs = and();
        while (at(TokenKind.OR)) {
            Token op = next();
            lhs = binary(op, lhs, and());
        }
        return lhs;
    }

    private Term and() {
        Term lhs = arith();
        while (at(TokenKind.AND)) {
            Token op = next();
            lhs = binary(op, lhs, arith());
        }
        return lhs;
    }

    private Term arith() {
        Term lhs = factor();
        while (at(TokenKind.PLUS) || at(TokenKind.MINUS)) {
            Token op = next();
            lhs = binary(op, lhs, factor());
        }
        return lhs;
    }

    private Term factor() {
        Term lhs = term();
        while (at(TokenKind.MUL) || at(TokenKind.DIV) || at(TokenKind.REM)) {
            Token op = next();
            lhs = binary(op, lhs, term());
        }
        return lhs;
    }

    /** {@code lhs op rhs} as the call OPA makes of it; the token's display name is the builtin's. */
    private Term.Call binary(Token op, Term lhs, Term rhs) {
        return new Term.Call(lhs.loc(), Term.Ref.dotted(loc(op), op.kind().display()), List.of(lhs, rhs));
    }

    private static boolean isBinaryOperator(TokenKind k) {
        return switch (k) {
            case PLUS, MINUS, MUL, DIV, REM, AND, OR, EQUAL, NEQ, LT, LTE, GT, GTE -> true;
            default -> false;
        };
    }

    // ---- terms -------------------------------------------------------------------------------

    /** A primary term and its ref, call and index suffixes; memoised by start position. */
    private Term term() {
        int start = pos;
        Memo memo = termMemo.get(start);
        if (memo != null) {
            if (memo.failure() != null) {
                throw memo.failure();
            }
            pos = memo.end();
            return requireNonNull(memo.term());
        }
        enter();
        try {
            Term t = suffixes(primary());
            termMemo.put(start, new Memo(t, pos, null));
            return t;
        } catch (ParseFailure f) {
            termMemo.put(start, new Memo(null, pos, f));
            throw f;
        } finally {
            leave();
        }
    }

    private Term primary() {
        Token t = peek();
        if (t.kind().isKeyword() && keywordAsIdent(pos)) {
            next();
            return new Term.Var(loc(t), t.text());
        }
        return switch (t.kind()) {
            case NULL -> {
                next();
                yield new Term.Scalar(loc(t), NullValue.NULL);
            }
            case TRUE, FALSE -> {
                next();
                yield new Term.Scalar(loc(t), BooleanValue.of(t.is(TokenKind.TRUE)));
            }
            case MINUS, DOT, NUMBER -> number();
            case STRING, TEMPLATE_WHOLE -> {
                next();
                yield Term.Scalar.string(loc(t), t.text());
            }
            case TEMPLATE_START -> templateString();
            // `contains` is only a keyword in rule heads; elsewhere it is the builtin's name.
            case IDENT, CONTAINS -> {
                Literal.Logical.Op op = atLogical();
                if (op != null) {
                    throw unexpectedLogical(op);
                }
                next();
                yield new Term.Var(loc(t), t.text());
            }
            case LBRACK -> array();
            case LBRACE -> setOrObject();
            case LPAREN -> {
                next();
                Term inner = infix(true);
                if (!at(TokenKind.RPAREN)) {
                    throw failAt(pos, "non-terminated expression");
                }
                next();
                yield inner;
            }
            default -> throw unexpected(t, null);
        };
    }

    /** Folds a leading minus and a leading dot into the number literal, as OPA does. */
    private Term number() {
        Token first = peek();
        StringBuilder text = new StringBuilder();
        if (at(TokenKind.MINUS)) {
            next();
            text.append('-');
            if (!at(TokenKind.NUMBER) && !at(TokenKind.DOT)) {
                throw unexpected(peek(), "expected number");
            }
        }
        boolean leadingDot = false;
        if (at(TokenKind.DOT)) {
            next();
            text.append('.');
            leadingDot = true;
            if (!at(TokenKind.NUMBER)) {
                throw unexpected(peek(), "expected number");
            }
        }
        Token digits = next();
        String lit = digits.text();
        if (!leadingDot && lit.length() > 1 && lit.charAt(0) == '0') {
            char second = lit.charAt(1);
            if (second != '.' && second != 'e' && second != 'E') {
                throw unexpected(digits, "expected number without leading zero");
            }
        }
        text.append(lit);
        String s = text.toString();
        BigDecimal check;
        try {
            check = new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw failAt(indexOf(digits), "number too big");
        }
        // Huge exponents make every later operation on the number slow; OPA refuses them too.
        if (check.signum() != 0 && Math.abs((long) check.precision() - check.scale() - 1) > MAX_DECIMAL_EXPONENT) {
            throw failAt(indexOf(digits), "number too big");
        }
        return new Term.Scalar(loc(first), NumberValue.parse(s));
    }

    /**
     * {@code $"a{x}b"} becomes {@code internal.template_string(["a", {$t | $t = x}, "b"])}, which
     * is how OPA's compiler lowers template strings: the set comprehension is empty when the
     * expression is undefined (rendered {@code <undefined>}) and keeps the expression's {@code
     * with} modifiers. Plain scalars are kept as they are.
     */
    private Term templateString() {
        Token start = peek();
        List<Term> parts = new ArrayList<>();
        while (true) {
            Token segment = next();
            if (!segment.text().isEmpty()) {
                parts.add(Term.Scalar.string(loc(segment), segment.text()));
            }
            Token exprStart = peek();
            Stmt s = statement();
            parts.add(templatePart(exprStart, s));
            Token after = peek();
            if (after.is(TokenKind.TEMPLATE_MIDDLE)) {
                continue;
            }
            if (!after.is(TokenKind.TEMPLATE_END)) {
                throw unexpected(after, "expected } to end template string expression");
            }
            next();
            if (!after.text().isEmpty()) {
                parts.add(Term.Scalar.string(loc(after), after.text()));
            }
            break;
        }
        Location l = loc(start);
        return new Term.Call(l, Term.Ref.dotted(l, TEMPLATE_STRING), List.of(new Term.ArrayTerm(l, parts)));
    }

    private Term templatePart(Token exprStart, Stmt s) {
        int at = indexOf(exprStart);
        Term term = switch (s.literal()) {
            case Literal.Expr e -> e.term();
            case Literal.Not n -> throw failAt(at, "unexpected negation ('not') in template-string expression");
            case Literal.NotBody n -> throw failAt(at, "unexpected negation ('not') in template-string expression");
            case Literal.Logical l ->
                throw failAt(at, "unexpected `" + l.op().keyword() + "` in template-string expression");
            case Literal.SomeVars v -> throw failAt(at, "unexpected 'some' in template-string expression");
            case Literal.SomeIn v -> throw failAt(at, "unexpected 'some' in template-string expression");
            case Literal.Every e -> throw failAt(at, "unexpected 'every' in template-string expression");
        };
        if (term instanceof Term.Call c) {
            String op = c.operator().dottedName();
            if ("eq".equals(op) && c.args().size() == 2) {
                throw failAt(at, "unexpected unification ('=') in template-string expression");
            }
            if ("assign".equals(op) && c.args().size() == 2) {
                throw failAt(at, "unexpected assignment (':=') in template-string expression");
            }
        }
        if (term instanceof Term.Scalar && s.withs().isEmpty()) {
            return term;
        }
        Location l = term.loc();
        Term.Var out = new Term.Var(l, "$template" + templateVars++);
        Term.Call eq = new Term.Call(l, Term.Ref.dotted(l, "eq"), List.of(out, term));
        return new Term.SetCompr(l, out, List.of(new Stmt(s.loc(), new Literal.Expr(eq), s.withs())));
    }

    /** Ref segments, calls and indexes directly after a term; bare {@code input}/{@code data} are refs. */
    private Term suffixes(Term head) {
        if (!peek().adjacent() || !(at(TokenKind.DOT) || at(TokenKind.LBRACK) || at(TokenKind.LPAREN))) {
            return rootRef(head);
        }
        Term refHead = head;
        List<Term> path = new ArrayList<>();
        switch (head) {
            case Term.Var v -> {}
            case Term.Ref r -> {
                // `(a.b).c` is a.b.c; OPA rejects the parentheses, nothing is lost by accepting them
                refHead = r.head();
                path.addAll(r.path());
            }
            case Term.ArrayTerm a -> {}
            case Term.ObjectTerm o -> {}
            case Term.SetTerm s -> {}
            case Term.ArrayCompr a -> {}
            case Term.SetCompr s -> {}
            case Term.ObjectCompr o -> {}
            case Term.Call c -> {}
            case Term.Scalar s -> throw failAt(pos, "illegal ref (head cannot be " + termName(s) + ")");
        }
        while (peek().adjacent()) {
            if (at(TokenKind.DOT)) {
                next();
                Token name = peek();
                if (!name.adjacent() || !isName(name)) {
                    throw unexpected(name, "expected ident");
                }
                next();
                path.add(Term.Scalar.string(loc(name), name.text()));
            } else if (at(TokenKind.LBRACK)) {
                next();
                path.add(infix(true));
                expect(TokenKind.RBRACK, "expected ]");
            } else if (at(TokenKind.LPAREN)) {
                Term.Ref operator = new Term.Ref(head.loc(), refHead, path);
                Term call = call(operator);
                if (!(peek().adjacent() && (at(TokenKind.DOT) || at(TokenKind.LBRACK)))) {
                    return call;
                }
                refHead = call;
                path = new ArrayList<>();
            } else {
                break;
            }
        }
        return path.isEmpty() ? rootRef(refHead) : new Term.Ref(head.loc(), refHead, path);
    }

    private static Term rootRef(Term t) {
        if (t instanceof Term.Var v && (v.name().equals("input") || v.name().equals("data"))) {
            return new Term.Ref(v.loc(), v, List.of());
        }
        return t;
    }

    /** {@code operator(args)}; {@code set()} is the empty set, which has no literal. */
    private Term call(Term.Ref operator) {
        next();
        if (at(TokenKind.RPAREN)) {
            next();
            if (operator.path().isEmpty()
                    && operator.head() instanceof Term.Var v
                    && v.name().equals("set")) {
                return new Term.SetTerm(operator.loc(), List.of());
            }
            return new Term.Call(operator.loc(), operator, List.of());
        }
        List<Term> args = termList(TokenKind.RPAREN);
        expect(TokenKind.RPAREN, "expected )");
        return new Term.Call(operator.loc(), operator, args);
    }

    /** Items up to {@code end} (not consumed), comma separated, a trailing comma allowed. */
    private List<Term> termList(TokenKind end) {
        List<Term> items = new ArrayList<>();
        return termListInto(items, end);
    }

    private List<Term> termListInto(List<Term> items, TokenKind end) {
        while (!at(end)) {
            items.add(infix(false));
            if (at(end)) {
                break;
            }
            if (!at(TokenKind.COMMA)) {
                throw unexpected(peek(), "expected \",\" or \"" + end.display() + "\"");
            }
            next();
        }
        return items;
    }

    private Term array() {
        Token open = next();
        Location l = loc(open);
        if (at(TokenKind.RBRACK)) {
            next();
            return new Term.ArrayTerm(l, List.of());
        }
        boolean maybeComprehension = true;
        if (at(TokenKind.COMMA)) {
            // OPA accepts a leading comma for compatibility; such a literal is never a comprehension
            next();
            maybeComprehension = false;
        }
        int save = pos;
        Term head = term();
        if (at(TokenKind.OR) && maybeComprehension) {
            next();
            List<Stmt> body = comprehensionBody(TokenKind.RBRACK);
            if (body != null) {
                return new Term.ArrayCompr(l, head, body);
            }
        }
        pos = save;
        List<Term> items = termList(TokenKind.RBRACK);
        expect(TokenKind.RBRACK, "expected ]");
        return new Term.ArrayTerm(l, items);
    }

    /**
     * The body of a comprehension and its closing token; null when it fails at a comma, where
     * OPA reads {@code [a | b, c]} as an array holding {@code a | b}.
     */
    private @Nullable List<Stmt> comprehensionBody(TokenKind end) {
        try {
            List<Stmt> body = statements(end);
            expect(end, "expected " + end.display());
            return body;
        } catch (ParseFailure f) {
            if (f.tokenIndex < tokens.size() && tokens.get(f.tokenIndex).is(TokenKind.COMMA)) {
                return null;
            }
            throw f;
        }
    }

    private Term setOrObject() {
        Token open = next();
        Location l = loc(open);
        if (at(TokenKind.RBRACE)) {
            next();
            return new Term.ObjectTerm(l, List.of());
        }
        boolean maybeComprehension = true;
        if (at(TokenKind.COMMA)) {
            next();
            maybeComprehension = false;
        }
        int save = pos;
        // A lone term first: `{a | b}` is a set comprehension before it is a set holding `a | b`.
        Term head = term();
        if (at(TokenKind.OR) && maybeComprehension) {
            next();
            List<Stmt> body = comprehensionBody(TokenKind.RBRACE);
            if (body != null) {
                return new Term.SetCompr(l, head, body);
            }
            pos = save;
            List<Term> items = termList(TokenKind.RBRACE);
            expect(TokenKind.RBRACE, "expected }");
            return new Term.SetTerm(l, items);
        }
        if (at(TokenKind.COLON)) {
            return object(l, head, maybeComprehension);
        }
        if (!at(TokenKind.RBRACE) && !at(TokenKind.COMMA)) {
            pos = save;
            head = infix(false);
            if (at(TokenKind.COLON)) {
                return object(l, head, maybeComprehension);
            }
            if (!at(TokenKind.RBRACE) && !at(TokenKind.COMMA)) {
                throw unexpected(peek(), "non-terminated set");
            }
        }
        List<Term> items = new ArrayList<>();
        items.add(head);
        if (at(TokenKind.COMMA)) {
            next();
            termListInto(items, TokenKind.RBRACE);
        }
        expect(TokenKind.RBRACE, "expected }");
        return new Term.SetTerm(l, items);
    }

    /** After the first key of a braced literal, at the colon: an object or {@code {k: v | body}}. */
    private Term object(Location l, Term key, boolean maybeComprehension) {
        next();
        int save = pos;
        if (maybeComprehension) {
            Term value = term();
            if (at(TokenKind.OR)) {
                next();
                List<Stmt> body = comprehensionBody(TokenKind.RBRACE);
                if (body != null) {
                    return new Term.ObjectCompr(l, key, value, body);
                }
            }
            pos = save;
        }
        Term value = infix(false);
        List<Term.ObjectTerm.Entry> entries = new ArrayList<>();
        entries.add(new Term.ObjectTerm.Entry(key, value));
        if (at(TokenKind.COMMA)) {
            next();
            while (!at(TokenKind.RBRACE)) {
                Term k = infix(false);
                expect(TokenKind.COLON, "expected \":\"");
                Term v = infix(false);
                entries.add(new Term.ObjectTerm.Entry(k, v));
                if (at(TokenKind.RBRACE)) {
                    break;
                }
                if (!at(TokenKind.COMMA)) {
                    throw unexpected(peek(), "expected \",\" or \"}\"");
                }
                next();
            }
        } else if (!at(TokenKind.RBRACE)) {
            throw unexpected(peek(), "non-terminated object");
        }
        expect(TokenKind.RBRACE, "expected }");
        return new Term.ObjectTerm(l, entries);
    }

    private Term singleTerm() {
        Term t = infix(true);
        if (!at(TokenKind.EOF)) {
            throw unexpected(peek(), "expected end of term");
        }
        return t;
    }

    // ---- token access and errors -------------------------------------------------------------

    /**
     * Whether the keyword at {@code i} is used as a name: OPA allows {@code if.x}, {@code
     * not[0]}, {@code input.else} by reading a keyword directly followed by {@code .} or
     * {@code [} as an identifier.
     */
    private boolean keywordAsIdent(int i) {
        Token t = tokens.get(i);
        if (!t.kind().isKeyword() || i + 1 >= tokens.size()) {
            return false;
        }
        Token n = tokens.get(i + 1);
        return n.adjacent() && (n.is(TokenKind.DOT) || n.is(TokenKind.LBRACK));
    }

    /** Whether the token at {@code i} heads a ref: {@code .} or {@code [} follows it directly. */
    private boolean refSuffixFollows(int i) {
        if (i + 1 >= tokens.size()) {
            return false;
        }
        Token n = tokens.get(i + 1);
        return n.adjacent() && (n.is(TokenKind.DOT) || n.is(TokenKind.LBRACK));
    }

    /** Identifiers and keywords may both name a path segment after a dot. */
    private static boolean isName(Token t) {
        return t.is(TokenKind.IDENT) || t.kind().isKeyword();
    }

    /** At keyword {@code k} used as such, not as the head of a ref such as {@code in.x}. */
    private boolean atOperator(TokenKind k) {
        return at(k) && !keywordAsIdent(pos);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean at(TokenKind k) {
        return tokens.get(pos).kind() == k;
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private Token expect(TokenKind k, String note) {
        if (!at(k)) {
            throw unexpected(peek(), note);
        }
        return next();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            depth = 0;
            throw failAt(pos, "max parsing recursion depth exceeded");
        }
    }

    private void leave() {
        depth--;
    }

    private int indexOf(Token t) {
        // Tokens are few per statement and this runs only on error paths or once per template part.
        for (int i = Math.min(pos, tokens.size() - 1); i >= 0; i--) {
            if (tokens.get(i) == t) {
                return i;
            }
        }
        return pos;
    }

    private Location loc(Token t) {
        return lexer.location(t.row(), t.col());
    }

    private Location locAt(int index) {
        return loc(tokens.get(Math.min(index, tokens.size() - 1)));
    }

    private ParseFailure unexpected(Token t, @Nullable String note) {
        boolean operator = t.is(TokenKind.IDENT)
                && ((andKeyword && t.text().equals("and"))
                        || (orKeyword && t.text().equals("or")));
        String name = operator
                ? t.text() + " keyword"
                : t.kind().display() + " " + t.kind().noun();
        String message = "unexpected " + name + (note == null ? "" : ": " + note);
        return failAt(indexOf(t), message);
    }

    private ParseFailure failAt(int index, String message) {
        return new ParseFailure(List.of(errorAt(index, message)), index);
    }

    private RegoError errorAt(int index, String message) {
        return RegoError.at(RegoError.PARSE, message, locAt(index));
    }

    private static String headText(Term.Ref ref) {
        String dotted = ref.dottedName();
        return dotted != null ? dotted : ((Term.Var) ref.head()).name();
    }

    /** OPA's value names, used in messages such as "illegal ref (head cannot be string)". */
    private static String termName(Term t) {
        return switch (t) {
            case Term.Scalar s ->
                switch (s.value()) {
                    case StringValue str -> "string";
                    case NumberValue n -> "number";
                    case BooleanValue b -> "boolean";
                    case NullValue n -> "null";
                    default -> "scalar";
                };
            case Term.Var v -> "var";
            case Term.Ref r -> "ref";
            case Term.ArrayTerm a -> "array";
            case Term.ObjectTerm o -> "object";
            case Term.SetTerm s -> "set";
            case Term.ArrayCompr a -> "arraycomprehension";
            case Term.SetCompr s -> "setcomprehension";
            case Term.ObjectCompr o -> "objectcomprehension";
            case Term.Call c -> "call";
        };
    }
}

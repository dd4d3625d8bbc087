package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The subset of Go's {@code text/template} that {@code strings.render_template} needs, executed the
 * way OPA runs it: the variables object is first turned into Go's JSON shapes ({@code
 * map[string]interface{}}, {@code []interface{}}, {@code string}, {@code bool}, {@code nil}, and
 * numbers as {@code json.Number}, a string type), the template runs with the default missing-key
 * option (a missing key is "no value"), method calls are not available, and every {@code <no
 * value>} in the output is then replaced by {@code <undefined>}.
 *
 * <p>Supported: text, comments, trim markers ({@code {{- } and {@code -}}}), fields and chains
 * ({@code .a.b}, {@code $x.a}, {@code (pipe).a}), variables ({@code $}, {@code $x := p}, {@code $x
 * = p}), pipelines with {@code |}, string/raw/char/number/bool/nil literals, {@code if}, {@code
 * else if}, {@code with}, {@code else with}, {@code range} (arrays, objects by sorted key, integers;
 * one or two variables; {@code else}; {@code break}, {@code continue}) and the functions {@code
 * and or not len index print println eq ne lt le gt ge}. {@code define}, {@code template}, {@code
 * block} and the remaining Go functions ({@code printf html js urlquery slice call}) are refused
 * with an error naming them. Errors use Go's texts, prefixed as Go prefixes them ({@code template:
 * template:1: ...} when parsing, {@code template: template:1:2: executing "template" at <.a.b>:
 * ...} when executing).
 */
final class GoTemplate {
    private static final String NAME = "template";

    /** Go's invalid {@code reflect.Value}: a missing key, an unset interface. Printed {@code <no value>}. */
    private static final Object INVALID = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private static final Set<String> FUNCTIONS =
            Set.of("and", "or", "not", "len", "index", "print", "println", "eq", "ne", "lt", "le", "gt", "ge");
    private static final Set<String> UNSUPPORTED_FUNCTIONS =
            Set.of("printf", "html", "js", "urlquery", "slice", "call");

    /** A template could not be parsed or executed; the message is Go's whole error text. */
    static final class TemplateException extends Exception {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message, null, false, false);
        }
    }

    /** A Rego value sitting in an {@code interface{}} slot (map value, array element). */
    private record Boxed(Value value) {}

    private GoTemplate() {}

    static String render(String template, ObjectValue vars) throws TemplateException {
        return render(template, vars, BuiltinContext.system());
    }

    /** Renders with {@code ctx}'s time limit and value budget checked as the output grows. */
    static String render(String template, ObjectValue vars, BuiltinContext ctx) throws TemplateException {
        List<Node> root = new Parser(template).parse();
        Exec exec = new Exec(template, ctx);
        Value data = goJson(vars);
        exec.push("$", data);
        StringBuilder out = new StringBuilder();
        try {
            exec.walk(data, root, out);
        } catch (Exec.Control c) {
            throw new TemplateException("template: " + NAME + ": unexpected " + c.kind + " outside range");
        }
        return out.toString().replace("<no value>", "<undefined>");
    }

    /** The value as OPA hands it to Go: JSON-shaped, sets as arrays, non-string keys as their Rego text. */
    private static Value goJson(Value v) {
        return switch (v) {
            case SetValue s -> {
                List<Value> items = new ArrayList<>(s.size());
                for (Value e : s.asList()) {
                    items.add(goJson(e));
                }
                yield ArrayValue.of(items);
            }
            case ArrayValue a -> {
                List<Value> items = new ArrayList<>(a.size());
                for (Value e : a.asList()) {
                    items.add(goJson(e));
                }
                yield ArrayValue.of(items);
            }
            case ObjectValue o -> {
                ObjectValue.Builder b = ObjectValue.builder(o.size());
                for (int i = 0; i < o.size(); i++) {
                    Value k = o.keyAt(i);
                    b.put(k instanceof StringValue ? k : StringValue.of(GoFormat.regoText(k)), goJson(o.valueAt(i)));
                }
                yield b.build();
            }
            default -> v;
        };
    }

    // ---- lexing ----------------------------------------------------------------------------

    private enum Kind {
        TEXT,
        LEFT,
        RIGHT,
        SPACE,
        FIELD,
        VARIABLE,
        IDENT,
        DOT,
        STRING,
        RAW_STRING,
        CHAR,
        NUMBER,
        BOOL,
        NIL,
        LPAREN,
        RPAREN,
        PIPE,
        COMMA,
        DECLARE,
        ASSIGN,
        KEYWORD,
        ERROR,
        EOF
    }

    private record Tok(Kind kind, String text, int pos) {
        /** Go's {@code item.String()}, used in "unexpected X in Y". */
        String describe() {
            return switch (kind) {
                case EOF -> "EOF";
                case ERROR -> text;
                case KEYWORD -> "<" + text + ">";
                default -> text.length() > 10 ? GoFormat.quote(text.substring(0, 10)) + "..." : GoFormat.quote(text);
            };
        }
    }

    private static final Set<String> KEYWORDS =
            Set.of("block", "break", "continue", "define", "else", "end", "if", "range", "with", "template");

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlnum(int c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static List<Tok> lex(String in) {
        List<Tok> out = new ArrayList<>();
        int pos = 0;
        boolean trimNext = false;
        while (true) {
            int open = in.indexOf("{{", pos);
            int textEnd = open < 0 ? in.length() : open;
            boolean trimLeft =
                    open >= 0 && open + 3 < in.length() && in.charAt(open + 2) == '-' && isSpace(in.charAt(open + 3));
            int from = pos;
            if (trimNext) {
                while (from < textEnd && isSpace(in.charAt(from))) {
                    from++;
                }
            }
            int to = textEnd;
            if (trimLeft) {
                while (to > from && isSpace(in.charAt(to - 1))) {
                    to--;
                }
            }
            if (to > from) {
                out.add(new Tok(Kind.TEXT, in.substring(from, to), from));
            }
            if (open < 0) {
                out.add(new Tok(Kind.EOF, "", in.length()));
                return out;
            }
            int p = open + 2 + (trimLeft ? 2 : 0);
            if (in.startsWith("/*", p)) {
                int close = in.indexOf("*/", p + 2);
                if (close < 0) {
                    out.add(new Tok(Kind.ERROR, "unclosed comment", open));
                    return out;
                }
                int after = close + 2;
                if (in.startsWith(" -}}", after)
                        || in.startsWith("\t-}}", after)
                        || in.startsWith("\n-}}", after)
                        || in.startsWith("\r-}}", after)) {
                    pos = after + 4;
                    trimNext = true;
                } else if (in.startsWith("}}", after)) {
                    pos = after + 2;
                    trimNext = false;
                } else {
                    out.add(new Tok(Kind.ERROR, "comment ends before closing delimiter", open));
                    return out;
                }
                continue;
            }
            out.add(new Tok(Kind.LEFT, "{{", open));
            int[] end = new int[1];
            Boolean trim = lexAction(in, p, out, end);
            if (trim == null) {
                return out;
            }
            pos = end[0];
            trimNext = trim;
        }
    }

    /** Lexes one action from {@code p}; answers whether it closed with a trim marker, or null on error. */
    private static @Nullable Boolean lexAction(String in, int start, List<Tok> out, int[] end) {
        int p = start;
        int parens = 0;
        while (true) {
            if (p >= in.length()) {
                out.add(new Tok(Kind.ERROR, "unclosed action", p));
                return null;
            }
            char c = in.charAt(p);
            if (p + 1 < in.length() && isSpace(c) && in.charAt(p + 1) == '-' && in.startsWith("}}", p + 2)) {
                if (parens > 0) {
                    out.add(new Tok(Kind.ERROR, "unclosed left paren", p));
                    return null;
                }
                out.add(new Tok(Kind.RIGHT, "}}", p + 2));
                end[0] = p + 4;
                return Boolean.TRUE;
            }
            if (in.startsWith("}}", p)) {
                if (parens > 0) {
                    out.add(new Tok(Kind.ERROR, "unclosed left paren", p));
                    return null;
                }
                out.add(new Tok(Kind.RIGHT, "}}", p));
                end[0] = p + 2;
                return Boolean.FALSE;
            }
            int q = p;
            if (isSpace(c)) {
                while (q < in.length()
                        && isSpace(in.charAt(q))
                        && !(q + 1 < in.length() && in.charAt(q + 1) == '-' && in.startsWith("}}", q + 2))) {
                    q++;
                }
                if (q == p) {
                    q++;
                }
                out.add(new Tok(Kind.SPACE, in.substring(p, q), p));
                p = q;
                continue;
            }
            switch (c) {
                case '"' -> {
                    q = p + 1;
                    while (q < in.length() && in.charAt(q) != '"') {
                        if (in.charAt(q) == '\\') {
                            q++;
                        }
                        if (q >= in.length() || in.charAt(q) == '\n') {
                            out.add(new Tok(Kind.ERROR, "unterminated quoted string", p));
                            return null;
                        }
                        q++;
                    }
                    if (q >= in.length()) {
                        out.add(new Tok(Kind.ERROR, "unterminated quoted string", p));
                        return null;
                    }
                    out.add(new Tok(Kind.STRING, in.substring(p, q + 1), p));
                    p = q + 1;
                }
                case '`' -> {
                    q = in.indexOf('`', p + 1);
                    if (q < 0) {
                        out.add(new Tok(Kind.ERROR, "unterminated raw quoted string", p));
                        return null;
                    }
                    out.add(new Tok(Kind.RAW_STRING, in.substring(p, q + 1), p));
                    p = q + 1;
                }
                case '\'' -> {
                    q = p + 1;
                    while (q < in.length() && in.charAt(q) != '\'') {
                        if (in.charAt(q) == '\\') {
                            q++;
                        }
                        if (q >= in.length() || in.charAt(q) == '\n') {
                            out.add(new Tok(Kind.ERROR, "unterminated character constant", p));
                            return null;
                        }
                        q++;
                    }
                    if (q >= in.length()) {
                        out.add(new Tok(Kind.ERROR, "unterminated character constant", p));
                        return null;
                    }
                    out.add(new Tok(Kind.CHAR, in.substring(p, q + 1), p));
                    p = q + 1;
                }
                case '$' -> {
                    q = p + 1;
                    while (q < in.length() && isAlnum(in.codePointAt(q))) {
                        q += Character.charCount(in.codePointAt(q));
                    }
                    out.add(new Tok(Kind.VARIABLE, in.substring(p, q), p));
                    p = q;
                }
                case '.' -> {
                    if (p + 1 < in.length() && Character.isDigit(in.charAt(p + 1))) {
                        p = lexNumber(in, p, out);
                        if (p < 0) {
                            return null;
                        }
                    } else {
                        q = p + 1;
                        while (q < in.length() && isAlnum(in.codePointAt(q))) {
                            q += Character.charCount(in.codePointAt(q));
                        }
                        out.add(new Tok(q == p + 1 ? Kind.DOT : Kind.FIELD, in.substring(p, q), p));
                        p = q;
                    }
                }
                case '(' -> {
                    parens++;
                    out.add(new Tok(Kind.LPAREN, "(", p++));
                }
                case ')' -> {
                    if (--parens < 0) {
                        out.add(new Tok(Kind.ERROR, "unexpected right paren", p));
                        return null;
                    }
                    out.add(new Tok(Kind.RPAREN, ")", p++));
                }
                case '|' -> out.add(new Tok(Kind.PIPE, "|", p++));
                case ',' -> out.add(new Tok(Kind.COMMA, ",", p++));
                case '=' -> out.add(new Tok(Kind.ASSIGN, "=", p++));
                case ':' -> {
                    if (p + 1 < in.length() && in.charAt(p + 1) == '=') {
                        out.add(new Tok(Kind.DECLARE, ":=", p));
                        p += 2;
                    } else {
                        out.add(new Tok(Kind.ERROR, "expected :=", p));
                        return null;
                    }
                }
                default -> {
                    if (Character.isDigit(c)
                            || ((c == '+' || c == '-')
                                    && p + 1 < in.length()
                                    && (Character.isDigit(in.charAt(p + 1)) || in.charAt(p + 1) == '.'))) {
                        p = lexNumber(in, p, out);
                        if (p < 0) {
                            return null;
                        }
                    } else if (isAlnum(in.codePointAt(p))) {
                        q = p;
                        while (q < in.length() && isAlnum(in.codePointAt(q))) {
                            q += Character.charCount(in.codePointAt(q));
                        }
                        String word = in.substring(p, q);
                        Kind k = KEYWORDS.contains(word)
                                ? Kind.KEYWORD
                                : word.equals("true") || word.equals("false")
                                        ? Kind.BOOL
                                        : word.equals("nil") ? Kind.NIL : Kind.IDENT;
                        out.add(new Tok(k, word, p));
                        p = q;
                    } else {
                        int cp = in.codePointAt(p);
                        out.add(new Tok(
                                Kind.ERROR,
                                String.format("unrecognized character in action: U+%04X %s", cp, charQuote(cp)),
                                p));
                        return null;
                    }
                }
            }
        }
    }

    private static String charQuote(int cp) {
        return "'" + Character.toString(cp) + "'";
    }

    private static int lexNumber(String in, int p, List<Tok> out) {
        int q = p;
        if (in.charAt(q) == '+' || in.charAt(q) == '-') {
            q++;
        }
        String digits = "0123456789_";
        if (in.startsWith("0x", q) || in.startsWith("0X", q)) {
            q += 2;
            digits = "0123456789abcdefABCDEF_";
        }
        while (q < in.length() && digits.indexOf(in.charAt(q)) >= 0) {
            q++;
        }
        if (q < in.length() && in.charAt(q) == '.') {
            q++;
            while (q < in.length() && digits.indexOf(in.charAt(q)) >= 0) {
                q++;
            }
        }
        if (q < in.length() && (in.charAt(q) == 'e' || in.charAt(q) == 'E') && digits.length() == 11) {
            q++;
            if (q < in.length() && (in.charAt(q) == '+' || in.charAt(q) == '-')) {
                q++;
            }
            while (q < in.length() && Character.isDigit(in.charAt(q))) {
                q++;
            }
        }
        if (q < in.length() && isAlnum(in.codePointAt(q))) {
            out.add(new Tok(Kind.ERROR, "bad number syntax: " + GoFormat.quote(in.substring(p, q + 1)), p));
            return -1;
        }
        out.add(new Tok(Kind.NUMBER, in.substring(p, q), p));
        return q;
    }

    // ---- parse tree ------------------------------------------------------------------------

    private sealed interface Node
            permits Text,
                    Action,
                    If,
                    Range,
                    With,
                    Break,
                    Continue,
                    Pipe,
                    Command,
                    Field,
                    Variable,
                    Chain,
                    Ident,
                    Dot,
                    Nil,
                    Literal {
        int pos();
    }

    private record Text(String text, int pos) implements Node {}

    private record Action(Pipe pipe, int pos) implements Node {}

    private record If(Pipe pipe, List<Node> list, @Nullable List<Node> elseList, int pos) implements Node {}

    private record With(
            Pipe pipe, List<Node> list, @Nullable List<Node> elseList, int pos) implements Node {}

    private record Range(
            Pipe pipe, List<Node> list, @Nullable List<Node> elseList, int pos) implements Node {}

    private record Break(int pos) implements Node {}

    private record Continue(int pos) implements Node {}

    private record Pipe(List<String> decl, boolean assign, List<Command> cmds, int pos) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                sb.append(String.join(", ", decl)).append(assign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                sb.append(i > 0 ? " | " : "").append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    private record Command(List<Node> args, int pos) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                Node a = args.get(i);
                sb.append(i > 0 ? " " : "").append(a instanceof Pipe ? "(" + a + ")" : a.toString());
            }
            return sb.toString();
        }
    }

    /** {@code .a.b}: {@code idents} without the dots. */
    private record Field(List<String> idents, int pos) implements Node {
        @Override
        public String toString() {
            return "." + String.join(".", idents);
        }
    }

    /** {@code $x.a.b}: {@code idents.get(0)} is the variable name with its {@code $}. */
    private record Variable(List<String> idents, int pos) implements Node {
        @Override
        public String toString() {
            return String.join(".", idents);
        }
    }

    private record Chain(Node node, List<String> fields, int pos) implements Node {
        @Override
        public String toString() {
            String base = node instanceof Pipe ? "(" + node + ")" : node.toString();
            return base + "." + String.join(".", fields);
        }
    }

    private record Ident(String name, int pos) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Dot(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    private record Nil(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** A constant: {@code value} is a String, Boolean, Long or Double; {@code text} its source. */
    private record Literal(Object value, String text, int pos) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    // ---- parsing ---------------------------------------------------------------------------

    private static final class Parser {
        private final String source;
        private final List<Tok> toks;
        private int i;
        private final List<String> vars = new ArrayList<>(List.of("$"));
        private int rangeDepth;

        Parser(String source) {
            this.source = source;
            this.toks = lex(source);
        }

        /** Marks returned by {@link #itemList} for the {@code {{end}}} and {@code {{else}}} that stop it. */
        private record End(int pos) implements Stop {}

        private record Else(int pos) implements Stop {}

        private sealed interface Stop permits End, Else {}

        private Tok peek() {
            return toks.get(i);
        }

        private Tok next() {
            Tok t = toks.get(i);
            if (t.kind() != Kind.EOF) {
                i++;
            }
            return t;
        }

        private Tok peekNonSpace() {
            while (toks.get(i).kind() == Kind.SPACE) {
                i++;
            }
            return toks.get(i);
        }

        private Tok nextNonSpace() {
            peekNonSpace();
            return next();
        }

        private TemplateException error(String message) {
            Tok at = toks.get(Math.min(i, toks.size() - 1));
            if (at.kind() == Kind.ERROR) {
                message = at.text();
            }
            return new TemplateException("template: " + NAME + ":" + line(source, at.pos()) + ": " + message);
        }

        private TemplateException unexpected(Tok t, String context) {
            if (t.kind() == Kind.ERROR) {
                return error(t.text());
            }
            return error("unexpected " + t.describe() + " in " + context);
        }

        List<Node> parse() throws TemplateException {
            List<Node> list = new ArrayList<>();
            while (peek().kind() != Kind.EOF) {
                Object n = textOrAction();
                if (n instanceof End) {
                    throw error("unexpected {{end}}");
                }
                if (n instanceof Else) {
                    throw error("unexpected {{else}}");
                }
                list.add((Node) n);
            }
            return list;
        }

        private Object textOrAction() throws TemplateException {
            Tok t = nextNonSpace();
            return switch (t.kind()) {
                case TEXT -> new Text(t.text(), t.pos());
                case LEFT -> action();
                default -> throw unexpected(t, "input");
            };
        }

        private Object action() throws TemplateException {
            Tok t = nextNonSpace();
            if (t.kind() == Kind.KEYWORD) {
                switch (t.text()) {
                    case "if":
                        return control(t, "if");
                    case "with":
                        return control(t, "with");
                    case "range":
                        return control(t, "range");
                    case "end":
                        expectRight("end");
                        return new End(t.pos());
                    case "else":
                        Tok p = peekNonSpace();
                        if (p.kind() == Kind.KEYWORD
                                && (p.text().equals("if") || p.text().equals("with"))) {
                            return new Else(t.pos());
                        }
                        expectRight("else");
                        return new Else(t.pos());
                    case "break":
                    case "continue":
                        if (rangeDepth == 0) {
                            throw error("{{" + t.text() + "}} outside {{range}}");
                        }
                        Tok r = nextNonSpace();
                        if (r.kind() != Kind.RIGHT) {
                            throw unexpected(r, "{{" + t.text() + "}}");
                        }
                        return t.text().equals("break") ? new Break(t.pos()) : new Continue(t.pos());
                    default:
                        throw error("{{" + t.text() + "}} is not supported by strings.render_template in this engine");
                }
            }
            i--;
            Pipe pipe = pipeline("command", Kind.RIGHT);
            return new Action(pipe, t.pos());
        }

        private void expectRight(String context) throws TemplateException {
            Tok t = nextNonSpace();
            if (t.kind() != Kind.RIGHT) {
                throw unexpected(t, context);
            }
        }

        private List<Node> itemList(Object[] stop) throws TemplateException {
            List<Node> list = new ArrayList<>();
            while (peekNonSpace().kind() != Kind.EOF) {
                Object n = textOrAction();
                if (n instanceof Stop) {
                    stop[0] = n;
                    return list;
                }
                list.add((Node) n);
            }
            throw error("unexpected EOF");
        }

        private Node control(Tok keyword, String context) throws TemplateException {
            int mark = vars.size();
            try {
                Pipe pipe = pipeline(context, Kind.RIGHT);
                if (context.equals("range")) {
                    rangeDepth++;
                }
                Object[] stop = new Object[1];
                List<Node> list = itemList(stop);
                if (context.equals("range")) {
                    rangeDepth--;
                }
                List<Node> elseList = null;
                if (stop[0] instanceof Else e) {
                    Tok p = peekNonSpace();
                    if (p.kind() == Kind.KEYWORD
                            && (context.equals("if") && p.text().equals("if")
                                    || context.equals("with") && p.text().equals("with"))) {
                        next();
                        elseList = List.of(control(p, context));
                    } else {
                        elseList = itemList(stop);
                        if (!(stop[0] instanceof End)) {
                            throw error("expected end; found {{else}}");
                        }
                    }
                }
                return switch (context) {
                    case "if" -> new If(pipe, list, elseList, keyword.pos());
                    case "with" -> new With(pipe, list, elseList, keyword.pos());
                    default -> new Range(pipe, list, elseList, keyword.pos());
                };
            } finally {
                while (vars.size() > mark) {
                    vars.remove(vars.size() - 1);
                }
            }
        }

        private Pipe pipeline(String context, Kind end) throws TemplateException {
            int pos = peekNonSpace().pos();
            List<String> decl = new ArrayList<>();
            boolean assign = false;
            while (peekNonSpace().kind() == Kind.VARIABLE) {
                int save = i;
                Tok v = next();
                Tok after = peekNonSpace();
                if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
                    assign = after.kind() == Kind.ASSIGN;
                    next();
                    decl.add(v.text());
                    vars.add(v.text());
                    break;
                }
                if (after.kind() == Kind.COMMA) {
                    next();
                    decl.add(v.text());
                    vars.add(v.text());
                    if (context.equals("range") && decl.size() < 2) {
                        Kind k = peekNonSpace().kind();
                        if (k == Kind.VARIABLE || k == Kind.RIGHT || k == Kind.RPAREN) {
                            continue;
                        }
                        throw error("range can only initialize variables");
                    }
                    throw error("too many declarations in " + context);
                }
                i = save;
                break;
            }
            List<Command> cmds = new ArrayList<>();
            while (true) {
                Tok t = nextNonSpace();
                if (t.kind() == end) {
                    if (cmds.isEmpty()) {
                        throw error("missing value for " + context);
                    }
                    for (int c = 1; c < cmds.size(); c++) {
                        Node first = cmds.get(c).args().get(0);
                        if (first instanceof Literal || first instanceof Dot || first instanceof Nil) {
                            throw error("non executable command in pipeline stage " + (c + 1));
                        }
                    }
                    return new Pipe(decl, assign, cmds, pos);
                }
                switch (t.kind()) {
                    case BOOL, CHAR, DOT, FIELD, IDENT, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LPAREN -> {
                        i--;
                        cmds.add(command());
                    }
                    default -> throw unexpected(t, context);
                }
            }
        }

        private Command command() throws TemplateException {
            int pos = peekNonSpace().pos();
            List<Node> args = new ArrayList<>();
            while (true) {
                peekNonSpace();
                Node operand = operand();
                if (operand != null) {
                    args.add(operand);
                }
                Tok t = next();
                if (t.kind() == Kind.SPACE) {
                    continue;
                }
                if (t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN) {
                    i--;
                } else if (t.kind() != Kind.PIPE) {
                    throw unexpected(t, "operand");
                }
                break;
            }
            if (args.isEmpty()) {
                throw error("empty command");
            }
            return new Command(args, pos);
        }

        private @Nullable Node operand() throws TemplateException {
            Node node = term();
            if (node == null) {
                return null;
            }
            if (peek().kind() != Kind.FIELD) {
                return node;
            }
            int pos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().kind() == Kind.FIELD) {
                fields.add(next().text().substring(1));
            }
            return switch (node) {
                case Field f -> {
                    List<String> all = new ArrayList<>(f.idents());
                    all.addAll(fields);
                    yield new Field(all, f.pos());
                }
                case Variable v -> {
                    List<String> all = new ArrayList<>(v.idents());
                    all.addAll(fields);
                    yield new Variable(all, v.pos());
                }
                case Literal l -> throw error("unexpected . after term " + GoFormat.quote(l.toString()));
                case Dot d -> throw error("unexpected . after term \".\"");
                case Nil n -> throw error("unexpected . after term \"nil\"");
                default -> new Chain(node, fields, pos);
            };
        }

        private @Nullable Node term() throws TemplateException {
            Tok t = nextNonSpace();
            switch (t.kind()) {
                case IDENT:
                    if (UNSUPPORTED_FUNCTIONS.contains(t.text())) {
                        throw error("function " + GoFormat.quote(t.text())
                                + " is not supported by strings.render_template in this engine");
                    }
                    if (!FUNCTIONS.contains(t.text())) {
                        throw error("function " + GoFormat.quote(t.text()) + " not defined");
                    }
                    return new Ident(t.text(), t.pos());
                case DOT:
                    return new Dot(t.pos());
                case NIL:
                    return new Nil(t.pos());
                case VARIABLE:
                    if (!vars.contains(t.text())) {
                        throw error("undefined variable " + GoFormat.quote(t.text()));
                    }
                    return new Variable(List.of(t.text()), t.pos());
                case FIELD:
                    return new Field(List.of(t.text().substring(1)), t.pos());
                case BOOL:
                    return new Literal(Boolean.valueOf(t.text()), t.text(), t.pos());
                case NUMBER:
                case CHAR:
                    return new Literal(number(t), t.text(), t.pos());
                case LPAREN:
                    return pipeline("parenthesized pipeline", Kind.RPAREN);
                case STRING:
                    return new Literal(unquote(t.text()), t.text(), t.pos());
                case RAW_STRING:
                    return new Literal(
                            t.text().substring(1, t.text().length() - 1).replace("\r", ""), t.text(), t.pos());
                default:
                    i--;
                    return null;
            }
        }

        /** Go's ideal constant: an integer when the text is one, else a float64. */
        private Object number(Tok t) throws TemplateException {
            String s = t.text();
            if (t.kind() == Kind.CHAR) {
                String body = unquote("\"" + s.substring(1, s.length() - 1) + "\"");
                if (body.codePointCount(0, body.length()) != 1) {
                    throw error("malformed character constant: " + s);
                }
                return (long) body.codePointAt(0);
            }
            String clean = s.replace("_", "");
            boolean negative = clean.startsWith("-");
            String unsigned = clean.startsWith("-") || clean.startsWith("+") ? clean.substring(1) : clean;
            try {
                if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
                    long v = Long.parseLong(unsigned.substring(2), 16);
                    return negative ? -v : v;
                }
                if (!unsigned.contains(".") && !unsigned.contains("e") && !unsigned.contains("E")) {
                    return Long.parseLong(clean.startsWith("+") ? clean.substring(1) : clean);
                }
                return Double.parseDouble(clean);
            } catch (NumberFormatException e) {
                throw error("illegal number syntax: " + GoFormat.quote(s));
            }
        }

        private String unquote(String quoted) throws TemplateException {
            StringBuilder sb = new StringBuilder();
            String s = quoted.substring(1, quoted.length() - 1);
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (++k >= s.length()) {
                    throw error("invalid syntax");
                }
                char e = s.charAt(k);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case '\\', '"', '\'' -> sb.append(e);
                    case 'x', 'u', 'U' -> {
                        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (k + 1 + len > s.length()) {
                            throw error("invalid syntax");
                        }
                        try {
                            int cp = Integer.parseInt(s.substring(k + 1, k + 1 + len), 16);
                            if (e == 'x') {
                                sb.append((char) cp);
                            } else {
                                sb.appendCodePoint(cp);
                            }
                        } catch (RuntimeException ex) {
                            throw error("invalid syntax");
                        }
                        k += len;
                    }
                    default -> throw error("invalid syntax");
                }
            }
            return sb.toString();
        }
    }

    private static int line(String source, int pos) {
        int line = 1;
        for (int k = 0; k < pos && k < source.length(); k++) {
            if (source.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    // ---- execution -------------------------------------------------------------------------

    private static final class Exec {
        private final String source;
        private final BuiltinContext ctx;
        private final List<String> names = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();
        private Node at;

        /** {@code {{break}}} / {@code {{continue}}} unwinding to the enclosing range. */
        static final class Control extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final String kind;

            Control(String kind) {
                super(kind, null, false, false);
                this.kind = kind;
            }
        }

        Exec(String source, BuiltinContext ctx) {
            this.ctx = ctx;
            this.source = source;
            this.at = new Dot(0);
        }

        void push(String name, Object value) {
            names.add(name);
            values.add(value);
        }

        private int mark() {
            return names.size();
        }

        private void pop(int mark) {
            while (names.size() > mark) {
                names.remove(names.size() - 1);
                values.remove(values.size() - 1);
            }
        }

        private void setVar(String name, Object value) throws TemplateException {
            for (int k = names.size() - 1; k >= 0; k--) {
                if (names.get(k).equals(name)) {
                    values.set(k, value);
                    return;
                }
            }
            throw error("undefined variable: " + name);
        }

        private void setTopVar(int n, Object value) {
            values.set(values.size() - n, value);
        }

        private Object varValue(String name) throws TemplateException {
            for (int k = names.size() - 1; k >= 0; k--) {
                if (names.get(k).equals(name)) {
                    return values.get(k);
                }
            }
            throw error("undefined variable: " + name);
        }

        private TemplateException error(String message) {
            int pos = at.pos();
            int lineStart = source.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
            if (pos == 0) {
                lineStart = 0;
            }
            int col = source.substring(lineStart, pos).getBytes(StandardCharsets.UTF_8).length;
            String context = at.toString();
            if (context.length() > 20) {
                context = context.substring(0, 20) + "...";
            }
            return new TemplateException("template: " + NAME + ":" + line(source, pos) + ":" + col + ": executing \""
                    + NAME + "\" at <" + context + ">: " + message);
        }

        void walk(Object dot, List<Node> list, StringBuilder out) throws TemplateException {
            for (Node n : list) {
                walk(dot, n, out);
            }
        }

        private void walk(Object dot, Node node, StringBuilder out) throws TemplateException {
            at = node;
            // A range over a large integer or a long list runs as long as its input says: the
            // evaluation's own limits stop it (two bytes a char, as Java strings count).
            ctx.checkpoint();
            ctx.checkSize(2L * out.length());
            switch (node) {
                case Text t -> out.append(t.text());
                case Action a -> {
                    Object v = pipeline(dot, a.pipe());
                    if (a.pipe().decl().isEmpty()) {
                        out.append(print(v));
                    }
                }
                case If f -> ifOrWith(dot, f.pipe(), f.list(), f.elseList(), false, out);
                case With w -> ifOrWith(dot, w.pipe(), w.list(), w.elseList(), true, out);
                case Range r -> range(dot, r, out);
                case Break b -> throw new Control("break");
                case Continue c -> throw new Control("continue");
                default -> throw error("unknown node: " + node);
            }
        }

        private void ifOrWith(
                Object dot, Pipe pipe, List<Node> list, @Nullable List<Node> elseList, boolean with, StringBuilder out)
                throws TemplateException {
            int mark = mark();
            try {
                Object v = pipeline(dot, pipe);
                if (truth(v)) {
                    walk(with ? v : dot, list, out);
                } else if (elseList != null) {
                    walk(dot, elseList, out);
                }
            } finally {
                pop(mark);
            }
        }

        private void range(Object dot, Range r, StringBuilder out) throws TemplateException {
            int outer = mark();
            try {
                at = r;
                Object v = unbox(pipeline(dot, r.pipe()));
                int mark = mark();
                List<Object[]> items = new ArrayList<>();
                switch (v) {
                    case ArrayValue a -> {
                        for (int k = 0; k < a.size(); k++) {
                            items.add(new Object[] {(long) k, new Boxed(a.get(k))});
                        }
                    }
                    case ObjectValue o -> {
                        Integer[] order = new Integer[o.size()];
                        for (int k = 0; k < order.length; k++) {
                            order[k] = k;
                        }
                        Arrays.sort(
                                order,
                                (x, y) -> compareStrings(
                                        ((StringValue) o.keyAt(x)).value(), ((StringValue) o.keyAt(y)).value()));
                        for (int k : order) {
                            items.add(new Object[] {((StringValue) o.keyAt(k)).value(), new Boxed(o.valueAt(k))});
                        }
                    }
                    case Long n -> {
                        if (r.pipe().decl().size() > 1) {
                            throw error("can't use " + n + " to iterate over more than one variable");
                        }
                        // Counted, not listed: an integer range may be far larger than memory.
                        for (long k = 0; k < n; k++) {
                            if (!item(r, new Object[] {k, k}, mark, out)) {
                                break;
                            }
                        }
                        if (n <= 0 && r.elseList() != null) {
                            walk(dot, r.elseList(), out);
                        }
                        return;
                    }
                    default -> {
                        if (v != INVALID) {
                            throw error("range can't iterate over " + print(v));
                        }
                    }
                }
                for (Object[] item : items) {
                    if (!item(r, item, mark, out)) {
                        break;
                    }
                }
                if (items.isEmpty() && r.elseList() != null) {
                    walk(dot, r.elseList(), out);
                }
            } finally {
                pop(outer);
            }
        }

        /** Runs a range body for one item; false after {@code {{break}}}. */
        private boolean item(Range r, Object[] item, int mark, StringBuilder out) throws TemplateException {
            List<String> decl = r.pipe().decl();
            if (!decl.isEmpty()) {
                if (r.pipe().assign()) {
                    setVar(decl.get(decl.size() > 1 ? 1 : 0), item[1]);
                    if (decl.size() > 1) {
                        setVar(decl.get(0), item[0]);
                    }
                } else {
                    setTopVar(1, item[1]);
                    if (decl.size() > 1) {
                        setTopVar(2, item[0]);
                    }
                }
            }
            try {
                walk(item[1], r.list(), out);
            } catch (Control c) {
                if (c.kind.equals("break")) {
                    return false;
                }
            } finally {
                pop(mark);
            }
            return true;
        }

        private Object pipeline(Object dot, Pipe pipe) throws TemplateException {
            Object value = null;
            for (Command cmd : pipe.cmds()) {
                value = command(dot, cmd, value);
            }
            value = unbox(value);
            for (String name : pipe.decl()) {
                if (pipe.assign()) {
                    setVar(name, value);
                } else {
                    push(name, value);
                }
            }
            return value;
        }

        /** {@code final} is the previous pipeline stage's value, or null in the first stage. */
        private Object command(Object dot, Command cmd, @Nullable Object fin) throws TemplateException {
            Node first = cmd.args().get(0);
            switch (first) {
                case Field f:
                    at = f;
                    return fieldChain(dot, dot, f.idents(), cmd.args(), fin);
                case Chain c:
                    return chain(dot, c, cmd.args(), fin);
                case Ident id:
                    return function(dot, id, cmd, cmd.args(), fin);
                case Pipe p:
                    notAFunction(cmd.args(), fin);
                    return pipeline(dot, p);
                case Variable v:
                    return variable(v, cmd.args(), fin);
                default:
                    break;
            }
            at = first;
            notAFunction(cmd.args(), fin);
            return switch (first) {
                case Literal l -> l.value();
                case Dot d -> dot;
                case Nil n -> throw error("nil is not a command");
                default -> throw error("can't evaluate command " + first);
            };
        }

        private void notAFunction(List<Node> args, @Nullable Object fin) throws TemplateException {
            if (args.size() > 1 || fin != null) {
                throw error("can't give argument to non-function " + args.get(0));
            }
        }

        private Object chain(Object dot, Chain c, List<Node> args, @Nullable Object fin) throws TemplateException {
            at = c;
            if (c.node() instanceof Nil) {
                throw error("indirection through explicit nil in " + c);
            }
            Object receiver = arg(dot, c.node(), false);
            at = c;
            return fieldChain(dot, receiver, c.fields(), args, fin);
        }

        private Object variable(Variable v, List<Node> args, @Nullable Object fin) throws TemplateException {
            at = v;
            Object value = varValue(v.idents().get(0));
            if (v.idents().size() == 1) {
                notAFunction(args, fin);
                return value;
            }
            return fieldChain(value, value, v.idents().subList(1, v.idents().size()), args, fin);
        }

        private Object fieldChain(
                Object dot, Object receiver, List<String> idents, List<Node> args, @Nullable Object fin)
                throws TemplateException {
            Object r = receiver;
            for (int k = 0; k < idents.size() - 1; k++) {
                r = field(idents.get(k), List.of(), null, r);
            }
            return field(idents.get(idents.size() - 1), args, fin, r);
        }

        private Object field(String name, List<Node> args, @Nullable Object fin, Object receiver)
                throws TemplateException {
            if (receiver == INVALID) {
                return INVALID;
            }
            String type = goType(receiver);
            Object r = receiver;
            if (r instanceof Boxed b) {
                if (b.value() instanceof NullValue) {
                    throw error("nil pointer evaluating " + type + "." + name);
                }
                r = b.value();
            }
            if (r instanceof ObjectValue o) {
                if (args.size() > 1 || fin != null) {
                    throw error(name + " is not a method but has arguments");
                }
                Value v = o.get(name);
                return v == null ? INVALID : new Boxed(v);
            }
            throw error("can't evaluate field " + name + " in type " + type);
        }

        /** Evaluates a function argument; {@code any} says the parameter is {@code any}, not {@code reflect.Value}. */
        private Object arg(Object dot, Node n, boolean any) throws TemplateException {
            at = n;
            Object v = switch (n) {
                case Dot d -> dot;
                case Nil nil -> INVALID;
                case Field f -> fieldChain(dot, dot, f.idents(), List.of(n), null);
                case Variable v1 -> variable(v1, List.of(n), null);
                case Pipe p -> pipeline(dot, p);
                case Ident id -> function(dot, id, id, List.of(id), null);
                case Chain c -> chain(dot, c, List.of(n), null);
                case Literal l -> l.value();
                default -> throw error("can't handle " + n + " for arg");
            };
            return v;
        }

        private Object function(Object dot, Ident id, Node node, List<Node> cmdArgs, @Nullable Object fin)
                throws TemplateException {
            at = id;
            String name = id.name();
            List<Node> args = cmdArgs.subList(1, cmdArgs.size());
            int numIn = args.size() + (fin != null ? 1 : 0);
            int fixed = switch (name) {
                case "not", "len", "ne", "lt", "le", "gt", "ge" -> {
                    int want = name.equals("not") || name.equals("len") ? 1 : 2;
                    if (numIn != want) {
                        throw error("wrong number of args for " + name + ": want " + want + " got " + numIn);
                    }
                    yield want;
                }
                case "and", "or", "index", "eq" -> {
                    if (numIn < 1) {
                        throw error("wrong number of args for " + name + ": want at least 1 got " + args.size());
                    }
                    yield 1;
                }
                default -> 0;
            };
            boolean any = name.equals("print") || name.equals("println");
            if (name.equals("and") || name.equals("or")) {
                Object v = INVALID;
                for (Node a : args) {
                    v = unbox(arg(dot, a, false));
                    if (truth(v) == name.equals("or")) {
                        return v;
                    }
                }
                return fin != null ? unbox(fin) : v;
            }
            List<Object> argv = new ArrayList<>(numIn);
            for (Node a : args) {
                argv.add(arg(dot, a, any));
            }
            if (fin != null) {
                argv.add(fin);
            }
            at = node;
            try {
                return call(name, argv, fixed);
            } catch (FunctionError e) {
                at = node;
                throw error("error calling " + name + ": " + e.getMessage());
            }
        }

        private Object call(String name, List<Object> a, int fixed) throws FunctionError {
            return switch (name) {
                case "not" -> !truth(unbox(a.get(0)));
                case "len" -> length(a.get(0));
                case "index" -> index(a.get(0), a.subList(1, a.size()));
                case "print" -> sprint(a, false);
                case "println" -> sprint(a, true);
                case "eq" -> eq(a.get(0), a.subList(1, a.size()));
                case "ne" -> !eq(a.get(0), a.subList(1, 2));
                case "lt" -> lessThan(a.get(0), a.get(1));
                case "le" -> lessThan(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2));
                case "gt" -> !(lessThan(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2)));
                case "ge" -> !lessThan(a.get(0), a.get(1));
                default -> throw new FunctionError("unsupported function " + name);
            };
        }
    }

    /** An error a template function returns; the executor prefixes {@code error calling NAME: }. */
    private static final class FunctionError extends Exception {
        private static final long serialVersionUID = 1L;

        FunctionError(String message) {
            super(message, null, false, false);
        }
    }

    // ---- values ----------------------------------------------------------------------------

    private static Object unbox(@Nullable Object v) {
        if (v == null) {
            return INVALID;
        }
        if (v instanceof Boxed b) {
            return b.value() instanceof NullValue ? INVALID : b.value();
        }
        return v;
    }

    /** Go's type name of a value, as its error messages print it. */
    private static String goType(Object v) {
        return switch (v) {
            case Boxed b -> "interface {}";
            case Long l -> "int";
            case Double d -> "float64";
            case String s -> "string";
            case Boolean b -> "bool";
            case StringValue s -> "string";
            case NumberValue n -> "json.Number";
            case BooleanValue b -> "bool";
            case ArrayValue a -> "[]interface {}";
            case ObjectValue o -> "map[string]interface {}";
            default -> "<nil>";
        };
    }

    /** Go's {@code isTrue} on an unwrapped value. */
    private static boolean truth(Object v) {
        return switch (v) {
            case Boxed b -> truth(unbox(b));
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case Boolean b -> b;
            case StringValue s -> !s.value().isEmpty();
            case NumberValue n -> true;
            case BooleanValue b -> b.value();
            case ArrayValue a -> a.size() > 0;
            case ObjectValue o -> o.size() > 0;
            default -> false;
        };
    }

    /** What {@code {{pipeline}}} writes: Go's {@code fmt.Print} of the value. */
    private static String print(Object v) {
        if (v == INVALID) {
            return "<no value>";
        }
        return fmt(v);
    }

    private static String fmt(Object v) {
        StringBuilder sb = new StringBuilder();
        fmt(v, sb);
        return sb.toString();
    }

    private static void fmt(Object v, StringBuilder sb) {
        switch (v) {
            case Boxed b -> fmt(b.value(), sb);
            case Long l -> sb.append(l);
            case Double d -> sb.append(formatFloat(d));
            case String s -> sb.append(s);
            case Boolean b -> sb.append(b);
            case NullValue n -> sb.append("<nil>");
            case StringValue s -> sb.append(s.value());
            case NumberValue n -> sb.append(GoFormat.regoText(n));
            case BooleanValue b -> sb.append(b.value());
            case ArrayValue a -> {
                sb.append('[');
                for (int k = 0; k < a.size(); k++) {
                    sb.append(k > 0 ? " " : "");
                    fmt(a.get(k), sb);
                }
                sb.append(']');
            }
            case ObjectValue o -> {
                Integer[] order = new Integer[o.size()];
                for (int k = 0; k < order.length; k++) {
                    order[k] = k;
                }
                Arrays.sort(
                        order,
                        (x, y) ->
                                compareStrings(((StringValue) o.keyAt(x)).value(), ((StringValue) o.keyAt(y)).value()));
                sb.append("map[");
                for (int k = 0; k < order.length; k++) {
                    sb.append(k > 0 ? " " : "")
                            .append(((StringValue) o.keyAt(order[k])).value())
                            .append(':');
                    fmt(o.valueAt(order[k]), sb);
                }
                sb.append(']');
            }
            default -> sb.append("<nil>");
        }
    }

    /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e21 on. */
    private static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exp = digits.length() - b.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 21) {
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = Integer.toString(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + b.toPlainString();
    }

    /** Go compares strings by bytes, which for UTF-8 is code point order. */
    private static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isGoString(Object v) {
        return v instanceof String || v instanceof StringValue || v instanceof NumberValue;
    }

    private static String goString(Object v) {
        return switch (v) {
            case String s -> s;
            case StringValue s -> s.value();
            case NumberValue n -> GoFormat.regoText(n);
            default -> throw new IllegalArgumentException();
        };
    }

    /** {@code fmt.Sprint} / {@code fmt.Sprintln} of {@code any} arguments: a missing value is {@code nil}. */
    private static String sprint(List<Object> args, boolean ln) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < args.size(); k++) {
            Object v = unbox(args.get(k));
            if (k > 0) {
                Object prev = unbox(args.get(k - 1));
                if (ln || (!isGoString(prev) && !isGoString(v))) {
                    sb.append(' ');
                }
            }
            sb.append(v == INVALID ? "<nil>" : fmt(v));
        }
        if (ln) {
            sb.append('\n');
        }
        return sb.toString();
    }

    private static long length(Object item) throws FunctionError {
        if (item instanceof Boxed b && b.value() instanceof NullValue) {
            throw new FunctionError("len of nil pointer");
        }
        Object v = unbox(item);
        return switch (v) {
            case ArrayValue a -> a.size();
            case ObjectValue o -> o.size();
            default -> {
                if (isGoString(v)) {
                    yield goString(v).getBytes(StandardCharsets.UTF_8).length;
                }
                if (v == INVALID) {
                    throw new FunctionError("reflect: call of reflect.Value.Type on zero Value");
                }
                throw new FunctionError("len of type " + goType(v));
            }
        };
    }

    private static Object index(Object item, List<Object> indexes) throws FunctionError {
        Object cur = unbox(item);
        if (cur == INVALID) {
            throw new FunctionError("index of untyped nil");
        }
        for (Object raw : indexes) {
            Object idx = unbox(raw);
            if (cur instanceof Boxed b) {
                if (b.value() instanceof NullValue) {
                    throw new FunctionError("index of nil pointer");
                }
                cur = b.value();
            }
            if (cur instanceof ArrayValue || isGoString(cur)) {
                int len =
                        cur instanceof ArrayValue a ? a.size() : goString(cur).getBytes(StandardCharsets.UTF_8).length;
                if (idx == INVALID) {
                    throw new FunctionError("cannot index slice/array with nil");
                }
                if (!(idx instanceof Long x)) {
                    throw new FunctionError("cannot index slice/array with type " + goType(idx));
                }
                if (x < 0 || x >= len) {
                    throw new FunctionError(
                            x == len ? "reflect: slice index out of range" : "index out of range: " + x);
                }
                cur = cur instanceof ArrayValue a
                        ? new Boxed(a.get((int) (long) x))
                        : (Object) (long) (goString(cur).getBytes(StandardCharsets.UTF_8)[(int) (long) x] & 0xff);
            } else if (cur instanceof ObjectValue o) {
                String key;
                if (idx == INVALID) {
                    throw new FunctionError("value is nil; should be of type string");
                } else if (idx instanceof String s) {
                    key = s;
                } else if (idx instanceof StringValue s) {
                    key = s.value();
                } else {
                    throw new FunctionError("value has type " + goType(idx) + "; should be string");
                }
                Value v = o.get(key);
                cur = new Boxed(v == null ? NullValue.NULL : v);
            } else {
                throw new FunctionError("can't index item of type " + goType(cur));
            }
        }
        return cur;
    }

    private enum BasicKind {
        INVALID,
        BOOL,
        INT,
        FLOAT,
        STRING
    }

    private static BasicKind kind(Object v) {
        if (isGoString(v)) {
            return BasicKind.STRING;
        }
        return switch (v) {
            case Long l -> BasicKind.INT;
            case Double d -> BasicKind.FLOAT;
            case Boolean b -> BasicKind.BOOL;
            case BooleanValue b -> BasicKind.BOOL;
            default -> BasicKind.INVALID;
        };
    }

    private static boolean boolOf(Object v) {
        return v instanceof Boolean b ? b : ((BooleanValue) v).value();
    }

    private static boolean eq(Object arg1, List<Object> others) throws FunctionError {
        Object a = unbox(arg1);
        if (others.isEmpty()) {
            throw new FunctionError("missing argument for comparison");
        }
        BasicKind k1 = kind(a);
        for (Object raw : others) {
            Object b = unbox(raw);
            BasicKind k2 = kind(b);
            boolean truth;
            if (k1 != k2) {
                if (a != INVALID && b != INVALID) {
                    throw new FunctionError("incompatible types for comparison");
                }
                truth = false;
            } else {
                truth = switch (k1) {
                    case BOOL -> boolOf(a) == boolOf(b);
                    case INT -> ((Long) a).longValue() == (Long) b;
                    case FLOAT -> ((Double) a).doubleValue() == (Double) b;
                    case STRING -> goString(a).equals(goString(b));
                    case INVALID -> {
                        if (a == INVALID || b == INVALID) {
                            yield a == b;
                        }
                        throw new FunctionError("non-comparable type " + fmt(b) + ": " + goType(b));
                    }
                };
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    private static boolean lessThan(Object arg1, Object arg2) throws FunctionError {
        Object a = unbox(arg1);
        Object b = unbox(arg2);
        BasicKind k1 = kind(a);
        BasicKind k2 = kind(b);
        if (k1 == BasicKind.INVALID || k2 == BasicKind.INVALID) {
            throw new FunctionError("invalid type for comparison");
        }
        if (k1 != k2) {
            throw new FunctionError("incompatible types for comparison");
        }
        return switch (k1) {
            case INT -> (Long) a < (Long) b;
            case FLOAT -> (Double) a < (Double) b;
            case STRING -> compareStrings(goString(a), goString(b)) < 0;
            default -> throw new FunctionError("invalid type for comparison");
        };
    }
}

package dev.lap.policy.internal.parse;

import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import dev.lap.policy.value.StringValue;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A compact, unambiguous text form of parsed trees, so tests can state the expected structure in
 * one line: calls print as {@code plus(1, mul(2, 3))}, refs as {@code input.x[y]}.
 */
final class AstText {
    private AstText() {}

    static String of(Term t) {
        return switch (t) {
            case Term.Scalar s ->
                s.value() instanceof StringValue str
                        ? "\"" + str.value() + "\""
                        : s.value().toString();
            case Term.Var v -> v.name();
            case Term.Ref r -> {
                StringBuilder sb = new StringBuilder(of(r.head()));
                for (Term p : r.path()) {
                    if (p instanceof Term.Scalar s && s.value() instanceof StringValue str) {
                        sb.append('.').append(str.value());
                    } else {
                        sb.append('[').append(of(p)).append(']');
                    }
                }
                yield r.path().isEmpty() ? "ref(" + sb + ")" : sb.toString();
            }
            case Term.Call c -> dotted(c.operator()) + "(" + list(c.args()) + ")";
            case Term.ArrayTerm a -> "[" + list(a.items()) + "]";
            case Term.SetTerm s -> s.items().isEmpty() ? "set()" : "{" + list(s.items()) + "}";
            case Term.ObjectTerm o ->
                "{"
                        + o.entries().stream()
                                .map(e -> of(e.key()) + ": " + of(e.value()))
                                .collect(Collectors.joining(", "))
                        + "}";
            case Term.ArrayCompr a -> "[" + of(a.head()) + " | " + body(a.body()) + "]";
            case Term.SetCompr s -> "{" + of(s.head()) + " | " + body(s.body()) + "}";
            case Term.ObjectCompr o -> "{" + of(o.key()) + ": " + of(o.value()) + " | " + body(o.body()) + "}";
        };
    }

    private static String dotted(Term.Ref r) {
        String d = r.dottedName();
        return d != null ? d : of(r);
    }

    static String list(List<Term> terms) {
        return terms.stream().map(AstText::of).collect(Collectors.joining(", "));
    }

    static String body(List<Stmt> body) {
        return body.stream().map(AstText::of).collect(Collectors.joining("; "));
    }

    static String of(Stmt s) {
        String lit = switch (s.literal()) {
            case Literal.Expr e -> of(e.term());
            case Literal.Not n -> "not " + of(n.term());
            case Literal.NotBody n ->
                "not { " + n.body().stream().map(AstText::of).collect(Collectors.joining("; ")) + " }";
            case Literal.Logical l ->
                "(" + operand(l.lhs(), l.explicitLhs()) + " " + l.op().keyword() + " "
                        + operand(l.rhs(), l.explicitRhs()) + ")";
            case Literal.SomeVars v ->
                "some " + v.vars().stream().map(Term.Var::name).collect(Collectors.joining(", "));
            case Literal.SomeIn in ->
                "some " + (in.key() == null ? "" : of(in.key()) + ", ") + of(in.value()) + " in " + of(in.collection());
            case Literal.Every e ->
                "every " + (e.key() == null ? "" : e.key().name() + ", ")
                        + e.value().name() + " in " + of(e.domain()) + " { " + body(e.body()) + " }";
        };
        StringBuilder sb = new StringBuilder(lit);
        for (With w : s.withs()) {
            sb.append(" with ").append(of(w.target())).append(" as ").append(of(w.value()));
        }
        return sb.toString();
    }

    /** A braced operand as {@code { a; b }}, a bare one as its single statement. */
    private static String operand(List<Stmt> body, boolean explicit) {
        return explicit ? "{ " + body(body) + " }" : body(body);
    }

    /** {@code SINGLE p.q[x] := 1 if { body }}, with args, key and else links as present. */
    static String of(Rule r) {
        StringBuilder sb = new StringBuilder();
        if (r.isDefault()) {
            sb.append("default ");
        }
        String ref = r.ref().path().isEmpty() ? of(r.ref().head()) : of(r.ref());
        sb.append(r.kind()).append(' ').append(ref);
        if (r.kind() == Rule.Kind.FUNCTION) {
            sb.append('(').append(list(r.args())).append(')');
        }
        if (r.key() != null) {
            sb.append(" contains ").append(of(r.key()));
        }
        return sb.append(tail(r)).toString();
    }

    private static String tail(Rule r) {
        StringBuilder sb = new StringBuilder();
        if (r.value() != null) {
            sb.append(r.assign() ? " := " : " = ").append(of(r.value()));
        }
        if (!r.body().isEmpty()) {
            sb.append(" if { ").append(body(r.body())).append(" }");
        }
        if (r.elseRule() != null) {
            sb.append(" else").append(tail(r.elseRule()));
        }
        return sb.toString();
    }
}

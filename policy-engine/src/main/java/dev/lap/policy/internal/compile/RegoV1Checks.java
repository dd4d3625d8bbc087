package dev.lap.policy.internal.compile;

import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.AstWalk;
import dev.lap.policy.internal.ast.Import;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.StringValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What OPA 1.x refuses in every v1 module (in v0 only in strict mode), on the modules as written:
 * a rule, function argument or assigned variable named {@code input} or {@code data}
 * ({@code checkKeywordOverrides}), and an import whose name another import of the module
 * already binds ({@code checkImports}).
 */
final class RegoV1Checks {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RegoV1Checks() {}

    static void rootDocumentOverrides(Module m, List<RegoError> errors) {
        for (Rule r : m.rules()) {
            for (Rule link = r; link != null; link = link.elseRule()) {
                String name = ((Term.Var) link.ref().head()).name();
                if (isRoot(name)) {
                    errors.add(RegoError.at(
                            RegoError.COMPILE,
                            "rules must not shadow " + name + " (use a different rule name)",
                            link.loc()));
                }
            }
            for (Term a : r.args()) {
                String root = rootName(a);
                if (root != null) {
                    errors.add(RegoError.at(
                            RegoError.COMPILE,
                            "args must not shadow " + root + " (use a different variable name)",
                            a.loc()));
                }
            }
            forEachStmt(r, s -> {
                if (s.literal() instanceof Literal.Expr e
                        && e.term() instanceof Term.Call c
                        && "assign".equals(c.operator().dottedName())
                        && c.args().size() == 2) {
                    String root = rootName(c.args().get(0));
                    if (root != null) {
                        errors.add(RegoError.at(
                                RegoError.COMPILE,
                                "variables must not shadow " + root + " (use a different variable name)",
                                s.loc()));
                    }
                }
            });
        }
    }

    static void duplicateImports(Module m, List<RegoError> errors) {
        Map<String, Import> seen = new HashMap<>();
        for (Import imp : m.imports()) {
            Import first = seen.putIfAbsent(name(imp), imp);
            if (first != null) {
                errors.add(RegoError.at(RegoError.COMPILE, "import must not shadow " + text(first), imp.loc()));
            }
        }
    }

    /**
     * Strict mode: an import of {@code data} or {@code input} whose name no rule mentions is
     * {@code import data.x unused}. A mention counts even where a local variable of the same
     * name shadows the import, so this may miss an unused import, never invent one.
     */
    static void unusedImports(Module m, List<RegoError> errors) {
        java.util.Set<String> names = new java.util.HashSet<>();
        Consumer<Term> collect = t -> {
            switch (t) {
                case Term.Var v -> names.add(v.name());
                case Term.Call c -> {
                    if (c.operator().head() instanceof Term.Var v) {
                        names.add(v.name());
                    }
                }
                default -> {}
            }
        };
        for (Rule r : m.rules()) {
            AstWalk.rule(r, collect);
            forEachStmt(r, s -> s.withs().forEach(w -> AstWalk.term(w.target(), collect)));
        }
        for (Import imp : m.imports()) {
            String root = imp.path().head() instanceof Term.Var v ? v.name() : "";
            if ((root.equals("data") || root.equals("input")) && !names.contains(name(imp))) {
                errors.add(RegoError.at(RegoError.COMPILE, text(imp) + " unused", imp.loc()));
            }
        }
    }

    /** The name an import binds: its alias, else the last element of its path. */
    static String name(Import imp) {
        if (imp.alias() != null) {
            return imp.alias();
        }
        List<Term> path = imp.path().path();
        if (!path.isEmpty()
                && path.get(path.size() - 1) instanceof Term.Scalar s
                && s.value() instanceof StringValue str) {
            return str.value();
        }
        return imp.path().head() instanceof Term.Var v ? v.name() : "";
    }

    /** The import as OPA prints it: {@code import data.a["b-c"] as d}. */
    static String text(Import imp) {
        StringBuilder sb = new StringBuilder("import ");
        Term.Ref p = imp.path();
        sb.append(p.head() instanceof Term.Var v ? v.name() : String.valueOf(p.head()));
        for (Term t : p.path()) {
            if (t instanceof Term.Scalar s
                    && s.value() instanceof StringValue str
                    && IDENT.matcher(str.value()).matches()) {
                sb.append('.').append(str.value());
            } else if (t instanceof Term.Scalar s) {
                sb.append('[').append(Json.write(s.value())).append(']');
            } else {
                sb.append("[").append(t).append(']');
            }
        }
        if (imp.alias() != null) {
            sb.append(" as ").append(imp.alias());
        }
        return sb.toString();
    }

    /** {@code input} or {@code data} when {@code t} is that root document alone, else null. */
    private static String rootName(Term t) {
        String name = switch (t) {
            case Term.Var v -> v.name();
            case Term.Ref r when r.path().isEmpty() && r.head() instanceof Term.Var v -> v.name();
            default -> null;
        };
        return name != null && isRoot(name) ? name : null;
    }

    private static boolean isRoot(String name) {
        return name.equals("input") || name.equals("data");
    }

    /** Every statement of every link of the rule, nested bodies included. */
    private static void forEachStmt(Rule r, Consumer<Stmt> f) {
        for (Rule link = r; link != null; link = link.elseRule()) {
            AstWalk.rule(link, t -> {
                List<Stmt> body = switch (t) {
                    case Term.ArrayCompr c -> c.body();
                    case Term.SetCompr c -> c.body();
                    case Term.ObjectCompr c -> c.body();
                    default -> List.of();
                };
                statements(body, f);
            });
            statements(link.body(), f);
        }
    }

    private static void statements(List<Stmt> body, Consumer<Stmt> f) {
        for (Stmt s : body) {
            f.accept(s);
            switch (s.literal()) {
                case Literal.NotBody nb -> statements(nb.body(), f);
                case Literal.Logical l -> {
                    statements(l.lhs(), f);
                    statements(l.rhs(), f);
                }
                case Literal.Every ev -> statements(ev.body(), f);
                default -> {}
            }
        }
    }
}

package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where in a rule's (ordered) body the variables of its head keys are bound: after the first
 * {@code statements} statements, each of {@code vars} has been mentioned. {@code opa test} puts
 * its {@code internal.test_case} call at that point of a table test, so that a case whose body
 * fails later is still known by its key; the evaluator reports cases there for the same reason.
 *
 * @param statements how many statements precede the point
 * @param vars the body variables the head's key terms read
 */
public record HeadKeys(int statements, Set<String> vars) {
    public HeadKeys {
        vars = Set.copyOf(vars);
    }

    /** For a rule whose head ref continues past its constant prefix ({@code p[k] := v}, {@code p.q[a][b] if …}). */
    public static HeadKeys of(Rule r) {
        List<Term> path = r.ref().path();
        Set<String> keyVars = new LinkedHashSet<>();
        for (Term t : path.subList(Program.constantPathLength(r.ref()), path.size())) {
            TermVars.collectScope(t, keyVars);
        }
        int point = 0;
        Set<String> mentioned = new HashSet<>();
        List<Stmt> body = r.body();
        for (int i = 0; i < body.size() && !mentioned.containsAll(keyVars); i++) {
            // `some k` declares k without binding it: the statement that binds it comes later.
            if (body.get(i).literal() instanceof Literal.SomeVars) {
                continue;
            }
            Set<String> here = new HashSet<>();
            TermVars.collectScope(body.get(i), here);
            here.retainAll(keyVars);
            if (!mentioned.containsAll(here)) {
                mentioned.addAll(here);
                point = i + 1;
            }
        }
        // A key variable the body never mentions (a wildcard in `p[xs[_]]`) is enumerated by the key itself.
        mentioned.retainAll(keyVars);
        return new HeadKeys(point, mentioned);
    }
}
